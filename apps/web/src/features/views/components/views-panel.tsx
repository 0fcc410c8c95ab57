import type { SavedView, ViewQuery } from '@mdm-console/contract';
import { useId, useRef, useState } from 'react';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { toast } from '../../../components/ui/toaster.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { formatCount } from '../../../lib/format.ts';
import { useDismiss } from '../../../lib/use-dismiss.ts';
import { useCreateView, useDeleteView, useUpdateView, useViews } from '../api/views.ts';
import { ViewDialog, type ViewSettings } from './view-dialog.tsx';
import { ViewLink } from './view-link.tsx';

function ViewOptions({ view, onEdit, onDelete }: { view: SavedView; onEdit: () => void; onDelete: () => void }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const container = useRef<HTMLDivElement>(null);
  const update = useUpdateView();
  useDismiss(open, container, () => setOpen(false));
  const pin = () => {
    setOpen(false);
    update.mutate(
      { id: view.id, body: { pinned: !view.pinned } },
      {
        onSuccess: () => toast('success', view.pinned ? 'Unpinned from Overview.' : 'Pinned to Overview.'),
        onError: (error) => toast('error', errorMessage(error)),
      },
    );
  };
  return (
    <div className="view-options" ref={container}>
      <button
        type="button"
        className="icon-button"
        aria-label={`Options for ${view.name}`}
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
      >
        ⋯
      </button>
      {open ? (
        <div id={menuId} className="popover view-menu">
          <button type="button" onClick={pin}>
            {view.pinned ? 'Unpin from Overview' : 'Pin to Overview'}
          </button>
          {view.editable ? (
            <>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  onEdit();
                }}
              >
                Rename or share
              </button>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  onDelete();
                }}
              >
                Delete
              </button>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

const describeAudience = (view: SavedView): string =>
  !view.shared
    ? 'private'
    : view.sharedWithRole === null
      ? `shared by ${view.mine ? 'you' : view.owner}`
      : `shared with ${view.sharedWithRole === 'admin' ? 'administrators' : 'the helpdesk and up'} by ${view.mine ? 'you' : view.owner}`;

/** "Views": the saved views with their counts, above the filters; save the current view, rename, share, delete. */
export function ViewsPanel({ current, columns }: { current: ViewQuery; columns: readonly string[] }) {
  const views = useViews();
  const create = useCreateView();
  const update = useUpdateView();
  const remove = useDeleteView();
  const [dialog, setDialog] = useState<{ kind: 'save' } | { kind: 'edit'; view: SavedView } | null>(null);
  const [deleting, setDeleting] = useState<SavedView | null>(null);

  const save = (settings: ViewSettings) => {
    const done = {
      onSuccess: () => {
        setDialog(null);
        toast('success', `View “${settings.name}” saved.`);
      },
    };
    if (dialog?.kind === 'edit') update.mutate({ id: dialog.view.id, body: settings }, done);
    else create.mutate({ ...settings, query: current, columns: [...columns] }, done);
  };
  const pending = dialog?.kind === 'edit' ? update : create;

  return (
    <section className="views-panel" aria-labelledby="views-title">
      <div className="views-header">
        <h2 id="views-title" className="sidebar-title">
          Views
        </h2>
        <button type="button" className="link-button" onClick={() => setDialog({ kind: 'save' })}>
          Save view
        </button>
      </div>
      {views.isError ? <p className="form-error">{errorMessage(views.error)}</p> : null}
      {views.data?.views.length === 0 ? <p className="muted small">Save the current filters as a view.</p> : null}
      <ul className="views-list">
        {views.data?.views.map((view) => (
          <li key={view.id}>
            <ViewLink view={view} className="view-link" label={`${view.name}, ${describeAudience(view)}`}>
              {view.name}
            </ViewLink>
            <span className="view-count muted small" title={view.countError ?? undefined}>
              {view.count === null ? '—' : formatCount(view.count)}
            </span>
            <ViewOptions
              view={view}
              onEdit={() => setDialog({ kind: 'edit', view })}
              onDelete={() => setDeleting(view)}
            />
          </li>
        ))}
      </ul>
      {dialog ? (
        <ViewDialog
          title={dialog.kind === 'edit' ? `Change “${dialog.view.name}”` : 'Save the current view'}
          submitLabel={dialog.kind === 'edit' ? 'Save changes' : 'Save view'}
          initial={dialog.kind === 'edit' ? dialog.view : { name: '', shared: false, sharedWithRole: null }}
          busy={pending.isPending}
          error={pending.isError ? errorMessage(pending.error) : null}
          onSubmit={save}
          onCancel={() => {
            setDialog(null);
            pending.reset();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the view “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete view"
        destructive
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              toast('success', `View “${deleting.name}” deleted.`);
              setDeleting(null);
            },
            onError: (error) => toast('error', errorMessage(error)),
          });
        }}
      >
        <p>
          {deleting?.shared ? 'It is shared: it disappears for everyone.' : 'Only the view goes; no device changes.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}

import { JOB_ACTION_INFO, JOB_ACTIONS, type JobAction, type Session } from '@mdm-console/contract';
import { useCallback, useId, useRef, useState } from 'react';
import { can } from '../../../lib/session.ts';
import { useDismiss } from '../../../lib/use-dismiss.ts';

/** The actions a role may start from a choice of devices (an import's own actions start from its preview). */
export const allowedActions = (session: Session | undefined): JobAction[] =>
  JOB_ACTIONS.filter(
    (action) => !JOB_ACTION_INFO[action].fromImport && can(session, JOB_ACTION_INFO[action].permission),
  );

interface ActionMenuProps {
  session: Session | undefined;
  /** The button's accessible name, e.g. "Actions for 3 selected devices". */
  label: string;
  text?: string;
  onChoose: (action: JobAction) => void;
}

/** A button that opens the list of actions; destructive ones are set apart. */
export function ActionMenu({ session, label, text = 'Actions', onChoose }: ActionMenuProps) {
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const listId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, container, close);
  const actions = allowedActions(session);
  if (actions.length === 0) return null;
  return (
    <div className="action-menu" ref={container}>
      <button
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((previous) => !previous)}
      >
        {text} ▾
      </button>
      {open ? (
        <ul id={listId} className="action-menu-list" aria-label={label}>
          {actions.map((action) => (
            <li key={action} className={JOB_ACTION_INFO[action].destructive ? 'destructive' : undefined}>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  onChoose(action);
                }}
              >
                {JOB_ACTION_INFO[action].label}…
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

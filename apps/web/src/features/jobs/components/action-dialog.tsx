import {
  JOB_ACTION_INFO,
  matchesTypedConfirmation,
  type Job,
  type JobAction,
  type JobParams,
  type JobTarget,
  type WavePlan,
} from '@mdm-console/contract';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { formatCount, formatZoned } from '../../../lib/format.ts';
import { useModal } from '../../../components/ui/use-modal.ts';
import { actionHasForm, ActionForm } from './action-form.tsx';
import { createJob } from '../api/create-job.ts';
import { useJob } from '../api/get-job.ts';
import { cancelJob, confirmJob, useJobCommand } from '../api/job-commands.ts';
import { useJobEvents } from '../api/use-job-events.ts';
import { JobProgress } from './job-progress.tsx';
import { nextHour, sendTimeOf, SendTimeField, type SendTime } from './send-time.tsx';
import { describePlan, planOf, wavesChoiceOf, WavesField, type WavesChoice } from './waves.tsx';

export interface ActionRequest {
  action: JobAction;
  target: JobTarget;
  /** What is targeted, for the title: "3 selected devices", "iPhone of Anna". */
  targetLabel: string;
  /** Parameters fixed by where the action comes from (an import's id); the form asks for the others. */
  params?: Record<string, unknown>;
}

function secondsUntil(iso: string | null): number {
  return iso === null ? 0 : Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000));
}

function UndoCountdown({ job, onUndo, busy }: { job: Job; onUndo: () => void; busy: boolean }) {
  const [left, setLeft] = useState(() => secondsUntil(job.runAfter));
  useEffect(() => {
    const timer = setInterval(() => setLeft(secondsUntil(job.runAfter)), 250);
    return () => clearInterval(timer);
  }, [job.runAfter]);
  return (
    <div className="undo-window">
      <p role="status">{left > 0 ? `Sending in ${String(left)} s. Nothing has been sent yet.` : 'Starting…'}</p>
      <button type="button" className="danger" onClick={onUndo} disabled={busy}>
        Undo
      </button>
    </div>
  );
}

/** A job confirmed for a later time: nothing is sent before it, and it can be cancelled until then. */
function ScheduledNotice({ job, onCancel, busy }: { job: Job; onCancel: () => void; busy: boolean }) {
  return (
    <div className="undo-window">
      <p role="status">Scheduled for {formatZoned(job.runAt ?? '')}. Nothing is sent before then.</p>
      <button type="button" className="danger" onClick={onCancel} disabled={busy}>
        Cancel job
      </button>
    </div>
  );
}

function Preflight({ job }: { job: Job }) {
  const preflight = job.preflight;
  if (!preflight) return null;
  return (
    <div className="preflight">
      <p>
        <strong>{formatCount(job.frozenCount)}</strong> device{job.frozenCount === 1 ? '' : 's'} frozen for this action
        ({job.targetDescription}).
      </p>
      <p>
        <strong>{formatCount(preflight.eligible)}</strong> will take it.
        {preflight.ineligible > 0 ? ` ${formatCount(preflight.ineligible)} cannot:` : ''}
      </p>
      {preflight.reasons.length > 0 ? (
        <ul className="preflight-reasons" aria-label="Why some devices cannot take the action">
          {preflight.reasons.map((reason) => (
            <li key={reason.code}>
              <strong>{formatCount(reason.count)}</strong> — {reason.explanation} <code>{reason.code}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One action on one device or thousands: parameters, preflight, confirmation (typed when destructive), progress. */
export function ActionDialog({ request, onClose }: { request: ActionRequest; onClose: () => void }) {
  const info = JOB_ACTION_INFO[request.action];
  const ref = useModal(true);
  const [jobId, setJobId] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [sendTime, setSendTime] = useState<SendTime>(() => ({ when: 'now', at: nextHour() }));
  // Until the person changes them, the waves are the draft's default (a canary for jobs needing approval).
  const [wavesChoice, setWavesChoice] = useState<WavesChoice | null>(null);
  const job = useJob(jobId).data;
  useJobEvents(jobId, job?.state);
  const create = useMutation({
    mutationFn: (params: JobParams | Record<string, unknown>) =>
      createJob({ action: request.action, params, target: request.target } as Parameters<typeof createJob>[0]),
    onSuccess: (created) => setJobId(created.id),
  });
  const confirm = useJobCommand(
    ({ id, ...options }: { id: string; typed?: string; runAt?: string; waves: WavePlan | null }) =>
      confirmJob(id, options),
  );
  const cancel = useJobCommand(cancelJob);
  const error = create.error ?? confirm.error ?? cancel.error;

  const started = useRef(false);
  useEffect(() => {
    if (started.current || actionHasForm(request.action)) return;
    started.current = true;
    create.mutate(request.params ?? {});
  }, [create, request.action, request.params]);

  const close = () => {
    // A draft nobody confirmed is dropped, so that it never lingers as something that could run.
    if (job && (job.state === 'draft' || job.state === 'preparing')) cancel.mutate(job.id);
    ref.current?.close();
    onClose();
  };
  const typedOk = job?.typedConfirmation == null || matchesTypedConfirmation(job.typedConfirmation, typed);
  const waves = wavesChoice ?? wavesChoiceOf(job?.defaultWaves ?? null);
  const plan = planOf(waves);
  const eligible = job?.preflight?.eligible ?? 0;

  return (
    <dialog
      ref={ref}
      className="dialog action-dialog"
      aria-labelledby="action-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <h2 id="action-dialog-title">
        {info.label}: {request.targetLabel}
      </h2>
      <p className="action-effect">{info.effect}</p>
      {error ? (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      ) : null}

      {!jobId && actionHasForm(request.action) ? (
        <ActionForm
          action={request.action}
          submitLabel={create.isPending ? 'Checking devices…' : 'Check devices'}
          onSubmit={(params) => create.mutate(params)}
          onCancel={close}
        />
      ) : null}
      {!job && (create.isPending || !actionHasForm(request.action)) && !create.isError ? (
        <p role="status">Checking the devices…</p>
      ) : null}

      {job?.state === 'preparing' ? (
        <div>
          <progress aria-label="Resolving devices" />
          <p role="status">Resolving devices… {formatCount(job.resolved)} so far</p>
        </div>
      ) : null}

      {job?.state === 'draft' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const runAt = sendTimeOf(sendTime);
            if (typedOk && plan !== undefined)
              confirm.mutate({
                id: job.id,
                waves: plan,
                ...(job.typedConfirmation ? { typed } : {}),
                ...(runAt === undefined ? {} : { runAt }),
              });
          }}
        >
          <Preflight job={job} />
          {job.typedConfirmation ? (
            <div className="form-field">
              <label htmlFor="typed-confirmation">
                Type <strong>{job.typedConfirmation}</strong> to confirm
              </label>
              <input
                id="typed-confirmation"
                type="text"
                autoComplete="off"
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
              />
            </div>
          ) : null}
          <SendTimeField value={sendTime} onChange={setSendTime} />
          <WavesField value={waves} onChange={setWavesChoice} />
          <div className="dialog-actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button
              type="submit"
              className={info.destructive ? 'danger' : 'primary'}
              disabled={eligible === 0 || !typedOk || plan === undefined || confirm.isPending}
            >
              {sendTime.when === 'later' ? 'Schedule: ' : ''}
              {info.label} {formatCount(eligible)} device{eligible === 1 ? '' : 's'}
            </button>
          </div>
        </form>
      ) : null}

      {job?.state === 'awaiting_approval' ? (
        <p role="status">
          Waiting for a second administrator’s approval (more than the daily limit of destructive actions). It expires
          at {job.approvalExpiresAt ? new Date(job.approvalExpiresAt).toLocaleString() : 'in 24 hours'}.
          {job.waves ? ` ${describePlan(job.waves.plan)}` : ''}
        </p>
      ) : null}
      {job?.state === 'scheduled' && job.runAt !== null ? (
        <ScheduledNotice job={job} busy={cancel.isPending} onCancel={() => cancel.mutate(job.id)} />
      ) : null}
      {job?.state === 'scheduled' && job.runAt === null ? (
        <UndoCountdown job={job} busy={cancel.isPending} onUndo={() => cancel.mutate(job.id)} />
      ) : null}
      {job &&
      ['running', 'paused', 'halted', 'following', 'completed', 'cancelled', 'expired', 'failed'].includes(
        job.state,
      ) ? (
        <>
          <p role="status">
            {job.state === 'completed'
              ? 'Done.'
              : job.state === 'paused'
                ? `Paused after wave ${String(job.waves?.current ?? 0)}: continue from its page in Activity.`
                : job.state === 'halted'
                  ? 'Halted: too many devices of the last wave failed.'
                  : job.state === 'following'
                    ? 'Sent; following the devices until they report their final state.'
                    : job.state === 'running'
                      ? 'Sending…'
                      : `This job is ${job.state}.`}
            {job.error ? ` ${job.error}` : ''}
          </p>
          <JobProgress job={job} />
        </>
      ) : null}
      {job && job.state !== 'draft' ? (
        <div className="dialog-actions">
          <Link to="/activity/jobs/$jobId" params={{ jobId: job.id }}>
            Open in Activity
          </Link>
          <button type="button" onClick={close} autoFocus>
            Close
          </button>
        </div>
      ) : null}
    </dialog>
  );
}

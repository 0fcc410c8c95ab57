import { wavePlanSchema, type Job, type WavePlan, type WaveSize } from '@mdm-console/contract';
import { useId } from 'react';
import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { formatCount, formatZoned } from '../../../lib/format.ts';

const sizeText = (size: WaveSize): string => (typeof size === 'number' ? `${formatCount(size)} devices` : size);

/** A plan in words: "first 5 devices, then 25%, halting above 10% failed or unknown, each wave after a person continues". */
export function describePlan(plan: WavePlan): string {
  const pause =
    plan.pause === 'manual'
      ? 'each wave after someone continues'
      : plan.pause.minutes === 0
        ? 'each wave as soon as the one before has its outcomes'
        : `each wave ${String(plan.pause.minutes)} minutes after the one before`;
  return `In waves: first ${sizeText(plan.first)}, then ${sizeText(plan.then)} at a time, ${pause}; it halts when more than ${String(plan.haltAbovePercent)} % of a wave fail or are unknown.`;
}

/** The form's state: texts as typed, checked on confirm. */
export interface WavesChoice {
  enabled: boolean;
  first: string;
  then: string;
  haltAbovePercent: string;
  pause: 'manual' | 'timed';
  minutes: string;
}

export const wavesChoiceOf = (plan: WavePlan | null): WavesChoice => ({
  enabled: plan !== null,
  first: String(plan?.first ?? '5%'),
  then: String(plan?.then ?? '25%'),
  haltAbovePercent: String(plan?.haltAbovePercent ?? 10),
  pause: plan === null || plan.pause === 'manual' ? 'manual' : 'timed',
  minutes: plan === null || plan.pause === 'manual' ? '30' : String(plan.pause.minutes),
});

/** A wave size as typed: a whole number of devices, or a share such as "5%" (the contract says which read). */
const asSize = (text: string): number | string => (/^\d+$/.test(text.trim()) ? Number(text) : text.trim());
const asNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

/** The plan chosen (null: all at once), or undefined while a field does not read: checked by the contract's schema. */
export function planOf(choice: WavesChoice): WavePlan | null | undefined {
  if (!choice.enabled) return null;
  const parsed = wavePlanSchema.safeParse({
    first: asSize(choice.first),
    then: asSize(choice.then),
    haltAbovePercent: asNumber(choice.haltAbovePercent),
    pause: choice.pause === 'manual' ? 'manual' : { minutes: asNumber(choice.minutes) },
  });
  return parsed.success ? parsed.data : undefined;
}

/** "Send in waves" and its plan, as the draft is confirmed. */
export function WavesField({ value, onChange }: { value: WavesChoice; onChange: (next: WavesChoice) => void }) {
  const id = useId();
  const set = (change: Partial<WavesChoice>) => onChange({ ...value, ...change });
  const text = (key: 'first' | 'then' | 'haltAbovePercent' | 'minutes', label: string, hint?: string) => (
    <div className="form-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        inputMode="decimal"
        value={value[key]}
        onChange={(event) => set({ [key]: event.target.value })}
        aria-describedby={hint ? `${id}-${key}-hint` : undefined}
      />
      {hint ? (
        <span id={`${id}-${key}-hint`} className="small">
          {hint}
        </span>
      ) : null}
    </div>
  );
  return (
    <fieldset className="waves-field">
      <legend>Waves</legend>
      <label>
        <input type="checkbox" checked={value.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
        Send in waves, halting on failures
      </label>
      {value.enabled ? (
        <div className="waves-grid">
          {text('first', 'First wave', 'devices, or a share such as 5% (a sample across platforms and models)')}
          {text('then', 'Then waves of', 'devices, or a share')}
          {text('haltAbovePercent', 'Halt above (% failed or unknown in a wave)')}
          <div className="form-field" role="radiogroup" aria-label="Between waves">
            <label>
              <input
                type="radio"
                name={`${id}-pause`}
                checked={value.pause === 'manual'}
                onChange={() => set({ pause: 'manual' })}
              />
              Wait for someone to continue
            </label>
            <label>
              <input
                type="radio"
                name={`${id}-pause`}
                checked={value.pause === 'timed'}
                onChange={() => set({ pause: 'timed' })}
              />
              Go on after a pause
            </label>
          </div>
          {value.pause === 'timed' ? text('minutes', 'Pause (minutes)') : null}
        </div>
      ) : null}
      {value.enabled && planOf(value) === undefined ? (
        <p className="form-error" role="alert">
          Wave sizes are a number of devices or a share such as 5%; the limit is 0–100; the pause is whole minutes.
        </p>
      ) : null}
    </fieldset>
  );
}

/** Each wave with its devices and counts, and where the job stands between them. */
export function WavesTable({ job }: { job: Job }) {
  const waves = job.waves;
  if (!waves) return null;
  return (
    <section aria-labelledby="waves-heading">
      <h2 id="waves-heading">Waves</h2>
      <p>{describePlan(waves.plan)}</p>
      {job.state === 'paused' ? (
        <p role="status">
          Paused after wave {waves.current} of {waves.list.length}.{' '}
          {waves.pausedUntil
            ? `The next wave goes at ${formatZoned(waves.pausedUntil)}.`
            : 'It waits for someone to continue.'}
        </p>
      ) : null}
      {waves.list.length > 0 ? (
        <PlainTable
          caption="Devices and outcomes per wave"
          headers={['Wave', 'Devices', 'Succeeded', 'Failed', 'Unknown', 'Other', 'Not sent yet']}
        >
          {waves.list.map(({ wave, devices, counts }) => (
            <tr key={wave} aria-current={wave === waves.current ? 'step' : undefined}>
              <td>
                {wave}
                {wave === waves.current ? ' (current)' : ''}
              </td>
              <td>{formatCount(devices)}</td>
              <td>{formatCount(counts.succeeded)}</td>
              <td>{formatCount(counts.failed)}</td>
              <td>{formatCount(counts.unknown)}</td>
              <td>{formatCount(counts.ineligible + counts.cancelled)}</td>
              <td>{formatCount(counts.pending)}</td>
            </tr>
          ))}
        </PlainTable>
      ) : null}
    </section>
  );
}

import { JOB_MAX_SCHEDULE_DAYS } from '@mdm-console/contract';
import { useId, useState } from 'react';
import { browserTimeZone } from '../../../lib/format.ts';

/** A time for <input type="datetime-local">: the browser's local wall time, to the minute. */
function localValue(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

/** The next full hour from now, a sensible first choice. */
export const nextHour = (): string => localValue(Math.ceil((Date.now() + 60_000) / 3_600_000) * 3_600_000);

/** The chosen local time as an ISO instant (UTC), or undefined to send now. */
export function sendTimeOf(choice: SendTime): string | undefined {
  if (choice.when === 'now' || choice.at === '') return undefined;
  return new Date(choice.at).toISOString();
}

export interface SendTime {
  when: 'now' | 'later';
  /** The datetime-local value, in the browser's zone. */
  at: string;
}

/** "Send now" or "Send at …", the time in the browser's zone (named), at most 30 days ahead. */
export function SendTimeField({ value, onChange }: { value: SendTime; onChange: (next: SendTime) => void }) {
  const id = useId();
  // The bounds are from when the field appeared: a few minutes' drift only loosens them, and the BFF checks anyway.
  const [now] = useState(() => Date.now());
  return (
    <fieldset className="send-time">
      <legend>When to send</legend>
      <label>
        <input
          type="radio"
          name={`${id}-when`}
          checked={value.when === 'now'}
          onChange={() => onChange({ ...value, when: 'now' })}
        />
        Now (after the undo window)
      </label>
      <label>
        <input
          type="radio"
          name={`${id}-when`}
          checked={value.when === 'later'}
          onChange={() => onChange({ ...value, when: 'later' })}
        />
        At a time
      </label>
      {value.when === 'later' ? (
        <div className="form-field">
          <label htmlFor={`${id}-at`}>Send at ({browserTimeZone()})</label>
          <input
            id={`${id}-at`}
            type="datetime-local"
            required
            value={value.at}
            min={localValue(now)}
            max={localValue(now + JOB_MAX_SCHEDULE_DAYS * 86_400_000)}
            onChange={(event) => onChange({ ...value, at: event.target.value })}
          />
          <p className="small">
            The devices are checked again at that time; those that changed are reported, not sent.
          </p>
        </div>
      ) : null}
    </fieldset>
  );
}

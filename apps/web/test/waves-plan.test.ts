import { describe, expect, it } from 'vitest';
import { planOf, wavesChoiceOf } from '../src/features/jobs/components/waves.tsx';

const choice = wavesChoiceOf({ first: '5%', then: 25, haltAbovePercent: 10, pause: 'manual' });

describe('the waves a person types', () => {
  it('when the fields read, then they become the plan the BFF takes; when one does not, there is no plan to send', () => {
    expect(planOf(choice)).toEqual({ first: '5%', then: 25, haltAbovePercent: 10, pause: 'manual' });
    expect(planOf({ ...choice, pause: 'timed', minutes: '30' })?.pause).toEqual({ minutes: 30 });
    expect(planOf({ ...choice, enabled: false })).toBeNull();
    for (const wrong of [
      { first: '0' },
      { first: 'five' },
      { then: '150%' },
      { haltAbovePercent: '' },
      { haltAbovePercent: '101' },
      { pause: 'timed' as const, minutes: '1.5' },
    ])
      expect(planOf({ ...choice, ...wrong })).toBeUndefined();
  });
});

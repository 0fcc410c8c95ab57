import { z } from 'zod';

const rate = z.number().min(0).max(1);

/** Faults applied to vendor-API calls (`PUT /__sim/faults`): every field optional, every rate 0..1. */
export const faultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).default(0),
  jitterMs: z.number().int().min(0).max(600_000).default(0),
  errorRate: rate.default(0),
  throttleRate: rate.default(0),
  dropRate: rate.default(0),
  malformedRate: rate.default(0),
});
export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Faults = faultsSchema.parse({});

/** What happens to one call. "after" faults strike once the call was applied: the client cannot know. */
export type FaultPlan = {
  throttle: boolean;
  failBefore: 'error' | 'drop' | null;
  failAfter: 'error' | 'drop' | 'malformed' | null;
  delayMs: number;
};

/** Draws the faults of one call; state-changing calls fail before or after applying, half and half. */
export function planFaults(
  faults: Faults,
  baseLatencyMs: number,
  mutating: boolean,
  random: () => number = Math.random,
): FaultPlan {
  const plan: FaultPlan = {
    throttle: false,
    failBefore: null,
    failAfter: null,
    delayMs: baseLatencyMs + faults.latencyMs + Math.floor(random() * faults.jitterMs),
  };
  if (random() < faults.throttleRate) {
    plan.throttle = true;
    return plan;
  }
  const failure: 'error' | 'drop' | null =
    random() < faults.errorRate ? 'error' : random() < faults.dropRate ? 'drop' : null;
  if (failure) {
    if (mutating && random() < 0.5) plan.failAfter = failure;
    else plan.failBefore = failure;
    return plan;
  }
  if (random() < faults.malformedRate) plan.failAfter = 'malformed';
  return plan;
}

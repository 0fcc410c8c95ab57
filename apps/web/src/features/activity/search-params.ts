import { z } from 'zod';

export const activitySearchSchema = z.object({
  /** Words searched across actor, action, devices and parameters. */
  q: z.string().max(200).optional().catch(undefined),
  actor: z.string().max(254).optional().catch(undefined),
  action: z.string().max(64).optional().catch(undefined),
  device: z.number().int().positive().optional().catch(undefined),
});

import { z } from 'zod';
import { permissionSchema, roleSchema } from './common.ts';

export const loginRequestSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** The signed-in user; never a secret. */
export const sessionSchema = z.object({
  user: z.object({ id: z.number(), email: z.string() }),
  role: roleSchema,
  permissions: z.array(permissionSchema),
  /** When the session ends at the latest (absolute timeout), ISO time. */
  expiresAt: z.iso.datetime(),
  /** When it ends without activity (idle timeout), ISO time. */
  idleExpiresAt: z.iso.datetime(),
  spaceId: z.number().nullable(),
});
export type Session = z.infer<typeof sessionSchema>;

import { z } from 'zod';
import { permissionSchema, roleAssignmentSchema, roleSchema, spaceScopeSchema } from './common.ts';

export const loginRequestSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** The signed-in user; never a secret. */
export const sessionSchema = z.object({
  user: z.object({
    id: z.number(),
    email: z.string(),
    /** How the user signed in: a password, or the company's OpenID provider. */
    source: z.enum(['local', 'oidc']),
  }),
  /** The role in the space the user works in (`spaceId`); `assignments` says where else which role holds. */
  role: roleSchema,
  /** What the role allows in the space the user works in. */
  permissions: z.array(permissionSchema),
  /** The device spaces the user may see at all. */
  spaces: spaceScopeSchema,
  assignments: z.array(roleAssignmentSchema),
  /** When the session ends at the latest (absolute timeout), ISO time. */
  expiresAt: z.iso.datetime(),
  /** When it ends without activity (idle timeout), ISO time. */
  idleExpiresAt: z.iso.datetime(),
  spaceId: z.number().nullable(),
});
export type Session = z.infer<typeof sessionSchema>;

/** What the sign-in page offers. */
export const signInOptionsSchema = z.object({
  /** Whether the password form is offered (LOCAL_LOGIN). */
  localLogin: z.boolean(),
  /** The company's OpenID provider, if one is set up. */
  sso: z.object({ name: z.string(), loginUrl: z.string() }).nullable(),
});
export type SignInOptions = z.infer<typeof signInOptionsSchema>;

/** The answer to sign-out: where the browser goes next (the provider's sign-out page), if anywhere. */
export const logoutResultSchema = z.object({ ok: z.literal(true), redirectTo: z.string().nullable() });
export type LogoutResult = z.infer<typeof logoutResultSchema>;

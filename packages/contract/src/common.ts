import { z } from 'zod';

export const ROLES = ['viewer', 'helpdesk', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Whether `role` is `floor` or above it: viewer < helpdesk < admin. */
export const roleAtLeast = (role: Role, floor: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(floor);

/** The higher of two roles. */
export const higherRole = (a: Role, b: Role): Role => (roleAtLeast(a, b) ? a : b);

/** Device spaces: every space of the tenant, or the listed ones. */
export const spaceScopeSchema = z.union([z.literal('all'), z.array(z.number().int().positive()).min(1)]);
export type SpaceScope = z.infer<typeof spaceScopeSchema>;

/** A role, over every device space or limited to some. */
export const roleAssignmentSchema = z.strictObject({ role: roleSchema, spaces: spaceScopeSchema });
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;

export const PERMISSIONS = [
  'devices:read',
  'devices:export',
  'devices:edit',
  'devices:fq',
  /** Change inventory from a file (custom attributes, owners). */
  'devices:import',
  'audit:read',
  'spaces:read',
  'dep:read',
  'people:lookup',
  'action:message',
  'action:lock',
  'action:unlock',
  'action:forceCheckin',
  'action:lostMode',
  'action:logoutUser',
  'action:wipe',
  'action:retire',
  'action:delete',
  'action:kiosk',
  'action:osUpdate',
  'action:restart',
  'action:relinquish',
  'jobs:approve',
  /** The delivery log of outgoing webhooks. */
  'webhooks:read',
  'accounts:manage',
] as const;
export const permissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof permissionSchema>;

/** Every error the BFF answers: a stable code and a message a person can act on. */
export const errorBodySchema = z.object({
  error: z.object({
    /** Stable, machine-readable: e.g. VALIDATION_FAILED, UPSTREAM_TIMEOUT. */
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const deviceIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const okSchema = z.object({ ok: z.literal(true) });

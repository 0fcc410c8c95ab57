import type { Permission, Session } from '@mdm-console/contract';

/** Whether the signed-in user's role grants `permission`. */
export const can = (session: Session | undefined, permission: Permission): boolean =>
  session?.permissions.includes(permission) ?? false;

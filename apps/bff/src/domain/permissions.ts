import { PERMISSIONS, type Permission, type Role } from '@mdm-console/contract';

const VIEWER: readonly Permission[] = ['devices:read', 'devices:export', 'audit:read', 'spaces:read', 'dep:read'];
const HELPDESK: readonly Permission[] = [
  ...VIEWER,
  'people:lookup',
  'action:message',
  'action:lock',
  'action:unlock',
  'action:forceCheckin',
  'action:lostMode',
  'action:logoutUser',
];
/** Administrators may do everything. */
const ADMIN: readonly Permission[] = PERMISSIONS;

export const PERMISSIONS_BY_ROLE: Record<Role, readonly Permission[]> = {
  viewer: VIEWER,
  helpdesk: HELPDESK,
  admin: ADMIN,
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return PERMISSIONS_BY_ROLE[role].includes(permission);
}

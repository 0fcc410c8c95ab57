import type { Permission, Role } from '@mdm-console/contract';

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
const ADMIN: readonly Permission[] = [
  ...HELPDESK,
  'devices:edit',
  'devices:fq',
  'action:wipe',
  'action:retire',
  'action:delete',
  'action:kiosk',
  'action:osUpdate',
  'action:restart',
  'action:relinquish',
  'jobs:approve',
  'accounts:manage',
];

export const PERMISSIONS_BY_ROLE: Record<Role, readonly Permission[]> = {
  viewer: VIEWER,
  helpdesk: HELPDESK,
  admin: ADMIN,
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return PERMISSIONS_BY_ROLE[role].includes(permission);
}

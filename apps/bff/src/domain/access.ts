import { higherRole, type Permission, type Role, type RoleAssignment, type SpaceScope } from '@mdm-console/contract';
import { hasPermission, PERMISSIONS_BY_ROLE } from './permissions.ts';

const higher = (a: Role | null, b: Role): Role => (a === null ? b : higherRole(a, b));

/**
 * What an account's role assignments allow, space by space: the union of its assignments (a user in several groups
 * holds, in each space, the highest role any of them gives there).
 */
export class Access {
  readonly assignments: readonly RoleAssignment[];
  /** The role that holds in every space (from the global assignments), if any. */
  private readonly everywhere: Role | null;
  private readonly bySpace = new Map<number, Role>();

  constructor(assignments: readonly RoleAssignment[]) {
    this.assignments = assignments;
    let everywhere: Role | null = null;
    for (const { role, spaces } of assignments) if (spaces === 'all') everywhere = higher(everywhere, role);
    this.everywhere = everywhere;
    for (const { role, spaces } of assignments)
      if (spaces !== 'all')
        for (const space of spaces)
          this.bySpace.set(space, higher(higher(this.bySpace.get(space) ?? null, role), everywhere ?? role));
  }

  /** Whether some assignment covers every space. */
  get global(): boolean {
    return this.everywhere !== null;
  }

  /** The spaces the user may see. */
  get spaces(): SpaceScope {
    return this.global ? 'all' : [...this.bySpace.keys()].sort((a, b) => a - b);
  }

  roleIn(spaceId: number): Role | null {
    return this.bySpace.get(spaceId) ?? this.everywhere;
  }

  /** The highest role held anywhere. */
  get topRole(): Role {
    let top: Role = this.everywhere ?? 'viewer';
    for (const role of this.bySpace.values()) top = higher(top, role);
    return top;
  }

  can(permission: Permission, spaceId: number): boolean {
    const role = this.roleIn(spaceId);
    return role !== null && hasPermission(role, permission);
  }

  /** Whether the permission holds in some space (the coarse check at the door; the space is checked later). */
  canSomewhere(permission: Permission): boolean {
    return this.assignments.some(({ role }) => hasPermission(role, permission));
  }

  /** The spaces where the permission holds: every space, or the listed ones (maybe none). */
  spacesWhere(permission: Permission): 'all' | number[] {
    if (this.everywhere !== null && hasPermission(this.everywhere, permission)) return 'all';
    return [...this.bySpace].filter(([, role]) => hasPermission(role, permission)).map(([space]) => space);
  }

  /** What the role in `spaceId` allows (the global role's when no space is known yet). */
  permissionsIn(spaceId: number | null): Permission[] {
    const role = spaceId === null ? this.everywhere : this.roleIn(spaceId);
    return role === null ? [] : [...PERMISSIONS_BY_ROLE[role]];
  }
}

const known = new WeakMap<readonly RoleAssignment[], Access>();

/** The access of an account's assignments, computed once per account record read. */
export function accessOf(account: { assignments: readonly RoleAssignment[] }): Access {
  let access = known.get(account.assignments);
  if (!access) {
    access = new Access(account.assignments);
    known.set(account.assignments, access);
  }
  return access;
}

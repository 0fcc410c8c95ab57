import { describe, expect, it } from 'vitest';
import { parseRoleMap } from '../src/config.ts';
import { Access } from '../src/domain/access.ts';
import { assignmentsFromGroups, safeReturnPath } from '../src/domain/single-sign-on.ts';

describe('role assignments', () => {
  it('when a user holds a global role and a higher one in some spaces, then each space has the higher of the two', () => {
    const access = new Access([
      { role: 'viewer', spaces: 'all' },
      { role: 'helpdesk', spaces: [2, 3] },
    ]);
    expect(access.spaces).toBe('all');
    expect([access.roleIn(2), access.roleIn(3), access.roleIn(9)]).toEqual(['helpdesk', 'helpdesk', 'viewer']);
    expect([access.can('action:lock', 2), access.can('action:lock', 9)]).toEqual([true, false]);
    expect(access.spacesWhere('action:lock')).toEqual([2, 3]);
    expect(access.spacesWhere('devices:read')).toBe('all');
    expect(access.canSomewhere('action:lock')).toBe(true);
    expect(access.canSomewhere('action:wipe')).toBe(false);
    expect(access.topRole).toBe('helpdesk');
  });

  it('when a global role is higher than a scoped one, then the scoped one does not lower it', () => {
    const access = new Access([
      { role: 'helpdesk', spaces: [2] },
      { role: 'admin', spaces: 'all' },
    ]);
    expect([access.roleIn(2), access.roleIn(7)]).toEqual(['admin', 'admin']);
  });

  it('when every assignment is limited, then nothing outside those spaces is visible', () => {
    const access = new Access([
      { role: 'helpdesk', spaces: [5] },
      { role: 'viewer', spaces: [4, 5] },
    ]);
    expect(access.global).toBe(false);
    expect(access.spaces).toEqual([4, 5]);
    expect([access.roleIn(4), access.roleIn(5), access.roleIn(6)]).toEqual(['viewer', 'helpdesk', null]);
    expect(access.permissionsIn(6)).toEqual([]);
    expect(access.spacesWhere('action:lock')).toEqual([5]);
  });
});

describe('OIDC_ROLE_MAP', () => {
  const map = parseRoleMap({ 'mdm-admins': 'admin', 'helpdesk-emea': { role: 'helpdesk', spaces: [2, 3] } });

  it('when a user is in several groups, then each mapped group gives its assignment and unknown groups none', () => {
    expect(assignmentsFromGroups(['helpdesk-emea', 'staff', 'mdm-admins'], map)).toEqual([
      { role: 'helpdesk', spaces: [2, 3] },
      { role: 'admin', spaces: 'all' },
    ]);
    expect(assignmentsFromGroups(['staff', 'constructor', '__proto__'], map)).toEqual([]);
  });

  it('when the map names an unknown role or a bad space, then it is refused', () => {
    expect(() => parseRoleMap({ ops: 'root' })).toThrow();
    expect(() => parseRoleMap({ ops: { role: 'admin', spaces: [] } })).toThrow();
    expect(() => parseRoleMap({ ops: { role: 'admin', scope: [1] } })).toThrow();
  });
});

describe('returnTo after sign-in', () => {
  it('when it is a path of this site, then it is kept; anything that could leave the site is refused', () => {
    expect(safeReturnPath(undefined)).toBe('/');
    expect(safeReturnPath('/devices?f=platform:IOS#top')).toBe('/devices?f=platform:IOS#top');
    for (const bad of [
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/a\nb',
      'devices',
    ])
      expect(safeReturnPath(bad)).toBeNull();
  });
});

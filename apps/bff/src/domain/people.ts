import type { LookupResult, Person } from '@mdm-console/contract';
import { anyOf, eq, USERS_QUERY_MAX_LENGTH, type CoreUser, type MdmClient } from '@mdm-console/mdm-api';
import { upstream, type Vendor } from '../upstream/vendor.ts';
import { toDeviceRow } from './device-rows.ts';
import type { ActiveSession } from './sessions.ts';
import type { DeviceScope } from './device-scope.ts';

const MAX_PEOPLE = 10;

export function toPerson(user: CoreUser): Person {
  return {
    id: user.id,
    email: user.email ?? null,
    principal: user.principal ?? null,
    displayName: user.displayName ?? ([user.firstName, user.lastName].filter(Boolean).join(' ') || null),
    firstName: user.firstName ?? null,
    lastName: user.lastName ?? null,
    enabled: user.enabled ?? null,
    source: user.userSource ?? null,
  };
}

const lower = (value: string | null | undefined): string => (value ?? '').toLowerCase();

/** Helpdesk look-ups through the Core users API and the device search. */
export class PeopleService {
  private readonly client: MdmClient;
  private readonly scope: DeviceScope;

  constructor(vendor: Vendor, scope: DeviceScope) {
    this.client = vendor.client;
    this.scope = scope;
  }

  async search(session: ActiveSession, q: string, limit: number) {
    const spaceId = await this.scope.space(session, undefined, 'people:lookup');
    const page = await upstream(() => this.client.findUsers({ adminDeviceSpaceId: spaceId, query: q, limit }));
    return { users: page.results.map(toPerson), hasMore: page.hasMore };
  }

  /**
   * One box: an e-mail or UID matches exactly; a name matches every word against first and last names. The users
   * API takes at most 20 characters, so longer input is searched by its prefix and then filtered exactly.
   */
  async lookup(session: ActiveSession, q: string): Promise<LookupResult> {
    const spaceId = await this.scope.space(session, undefined, 'people:lookup');
    const needle = q.trim();
    const words = needle.toLowerCase().split(/\s+/).filter(Boolean);
    const identifier = words.length === 1;
    const prefix = (identifier ? needle : words.reduce((a, b) => (b.length > a.length ? b : a), '')).slice(
      0,
      USERS_QUERY_MAX_LENGTH,
    );
    const page = await upstream(() =>
      this.client.findUsers({ adminDeviceSpaceId: spaceId, query: prefix, limit: 200 }),
    );
    const matches = page.results.filter((user) => {
      if (identifier) {
        const target = needle.toLowerCase();
        if (lower(user.email) === target || lower(user.principal) === target) return true;
        if (target.includes('@')) return false;
      }
      const names = [lower(user.firstName), lower(user.lastName), ...lower(user.displayName).split(/\s+/)];
      return words.every((word) => names.some((name) => name.startsWith(word)));
    });
    const shown = matches.slice(0, MAX_PEOPLE);
    const emails = shown.map((user) => user.email ?? '').filter((email) => email !== '');
    const devices =
      emails.length === 0 ? [] : this.scope.keepVisible(session, await this.devicesOf(emails), 'people:lookup');
    return {
      people: shown.map((user) => ({
        person: toPerson(user),
        devices: devices.filter((d) => lower(d.emailAddress) === lower(user.email)).map(toDeviceRow),
      })),
      truncated: matches.length > MAX_PEOPLE || page.hasMore,
    };
  }

  private async devicesOf(emails: string[]) {
    const devices = [];
    for await (const page of this.client.walkDevices({
      fq: [emails.length === 1 ? eq('emailAddress', emails[0] ?? '') : anyOf('emailAddress', emails)],
      sort: [{ field: 'lastCheckin', order: 'DESC' }],
    })) {
      devices.push(...page.searchResults);
    }
    return devices;
  }
}

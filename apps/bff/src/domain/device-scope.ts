import { AsyncLocalStorage } from 'node:async_hooks';
import type { Permission } from '@mdm-console/contract';
import { anyOf, type Device } from '@mdm-console/mdm-api';
import { AppError } from '../errors.ts';
import { upstream, type Vendor } from '../upstream/vendor.ts';
import { accessOf } from './access.ts';
import type { ActiveSession } from './sessions.ts';
import type { TenantService } from './tenant.ts';

const touchedSpaces = new AsyncLocalStorage<{ spaceId: number | null }>();

/** Notes the device space that work run through it touches (for the audit event that records the work). */
export function spaceTracker() {
  const touched: { spaceId: number | null } = { spaceId: null };
  return {
    run: <T>(work: () => Promise<T>): Promise<T> => touchedSpaces.run(touched, work),
    get spaceId(): number | null {
      return touched.spaceId;
    },
  };
}

function touch(spaceId: number): void {
  const touched = touchedSpaces.getStore();
  if (touched) touched.spaceId = spaceId;
}

const NO_DEVICE = 'No device has this id or GUID.';
const IDS_PER_LOOKUP = 100;

/**
 * Who may touch which device, decided here and nowhere else: every use case that reads or acts on a device, a
 * device space or a job passes through one of these checks. The vendor scopes nothing (the console holds one tenant
 * credential), so a user limited to spaces is limited by this class alone.
 */
export class DeviceScope {
  private readonly vendor: Vendor;
  private readonly tenant: TenantService;

  constructor(deps: { vendor: Vendor; tenant: TenantService }) {
    this.vendor = deps.vendor;
    this.tenant = deps.tenant;
  }

  /**
   * The space a request works in (the one asked for, else the user's chosen one, else the tenant's default, else
   * the first of the user's spaces), checked: the user's role there must allow `permission`.
   */
  async space(session: ActiveSession, asked: number | undefined, permission: Permission): Promise<number> {
    const access = accessOf(session.account);
    const spaces = access.spaces;
    let spaceId = asked ?? session.account.spaceId ?? (await this.vendor.partitionId());
    if (asked === undefined && spaces !== 'all' && !spaces.includes(spaceId)) spaceId = spaces[0] ?? spaceId;
    if (!access.can(permission, spaceId)) {
      if (spaces !== 'all' && !spaces.includes(spaceId))
        throw new AppError(
          403,
          'OUTSIDE_YOUR_SPACES',
          `Device space ${String(spaceId)} is not one of yours; you work in space ${spaces.join(', ')}.`,
          { details: { rule: 'spaces', spaces } },
        );
      throw new AppError(403, 'FORBIDDEN', `Your role (${access.roleIn(spaceId) ?? 'none'}) may not do this here.`);
    }
    touch(spaceId);
    return spaceId;
  }

  /**
   * A device by id or GUID, if the user's role in its space allows `permission`. A device outside the user's spaces
   * answers exactly as one that does not exist: its existence is not for them to learn.
   */
  async device(session: ActiveSession, ref: number | string, permission: Permission): Promise<Device> {
    const access = accessOf(session.account);
    const device = await upstream(() => this.vendor.getDevice(ref));
    const spaceId = device.dmPartitionId;
    const spaces = access.spaces;
    if (spaces !== 'all' && (spaceId === undefined || spaceId === null || !spaces.includes(spaceId)))
      throw new AppError(404, 'NOT_FOUND', NO_DEVICE);
    if (spaceId !== undefined && spaceId !== null) {
      if (!access.can(permission, spaceId))
        throw new AppError(403, 'FORBIDDEN', `Your role (${access.roleIn(spaceId) ?? 'none'}) may not do this here.`);
      touch(spaceId);
    } else if (!access.can(permission, await this.vendor.partitionId()))
      throw new AppError(403, 'FORBIDDEN', 'Your role may not do this.');
    return device;
  }

  /**
   * Refuses, before anything is frozen, device ids that lie in a space where the user's role does not allow
   * `permission` (ids that do not exist are left to the job, which reports them as not found).
   */
  async deviceIds(session: ActiveSession, ids: readonly number[], permission: Permission): Promise<void> {
    const allowed = accessOf(session.account).spacesWhere(permission);
    if (allowed === 'all') return;
    const outside: number[] = [];
    for (let k = 0; k < ids.length; k += IDS_PER_LOOKUP) {
      const part = ids.slice(k, k + IDS_PER_LOOKUP);
      const page = await upstream(() =>
        this.vendor.client.searchDevices({ fq: [anyOf('id', part.map(String))], rows: part.length, start: 0 }),
      );
      for (const device of page.searchResults) {
        const spaceId = device.dmPartitionId;
        if (spaceId === undefined || spaceId === null || !allowed.includes(spaceId)) outside.push(device.id);
      }
    }
    if (outside.length > 0)
      throw new AppError(
        403,
        'OUTSIDE_YOUR_SPACES',
        `${String(outside.length)} of these devices lie outside your device spaces (${allowed.join(', ') || 'none'}), where your role does not allow this; remove them and try again.`,
        { details: { rule: 'spaces', spaces: allowed, deviceIds: outside.slice(0, 100) } },
      );
  }

  /** A job (or anything else kept per space) is the user's to see or act on: else it does not exist for them. */
  record<T extends { spaceId: number }>(
    session: ActiveSession,
    record: T,
    permission: Permission,
    missing: AppError,
  ): T {
    if (!accessOf(session.account).can(permission, record.spaceId)) throw missing;
    touch(record.spaceId);
    return record;
  }

  /** The spaces whose records (jobs, audit events) the user may list with `permission`: null for all. */
  listable(session: ActiveSession, permission: Permission): number[] | null {
    const spaces = accessOf(session.account).spacesWhere(permission);
    return spaces === 'all' ? null : spaces;
  }

  /** Keeps the devices that lie in spaces where the user's role allows `permission`. */
  keepVisible<T extends { dmPartitionId?: number | null | undefined }>(
    session: ActiveSession,
    devices: readonly T[],
    permission: Permission,
  ): T[] {
    const spaces = accessOf(session.account).spacesWhere(permission);
    if (spaces === 'all') return [...devices];
    return devices.filter(
      (device) => typeof device.dmPartitionId === 'number' && spaces.includes(device.dmPartitionId),
    );
  }

  /** What needs every space (the tenant's DEP servers belong to none). */
  everySpace(session: ActiveSession, permission: Permission): void {
    if (accessOf(session.account).spacesWhere(permission) !== 'all')
      throw new AppError(
        403,
        'NEEDS_EVERY_SPACE',
        'This belongs to the whole tenant, not to a device space: it needs a role over every space.',
        { details: { rule: 'spaces' } },
      );
  }

  /** The space the user works in, as far as known without asking the vendor: null means the tenant's default. */
  currentSpace(session: ActiveSession): number | null {
    const spaces = accessOf(session.account).spaces;
    const chosen = session.account.spaceId;
    if (spaces === 'all') return chosen;
    return chosen !== null && spaces.includes(chosen) ? chosen : (spaces[0] ?? null);
  }

  /** The tenant's spaces the user may see, and which to open first. */
  async visibleSpaces(session: ActiveSession) {
    const all = await this.tenant.spaces();
    const scope = accessOf(session.account).spaces;
    if (scope === 'all') return all;
    const spaces = all.spaces.filter((space) => scope.includes(space.id));
    const first = spaces.find((space) => space.id === all.defaultSpaceId) ?? spaces[0];
    if (!first)
      throw new AppError(403, 'OUTSIDE_YOUR_SPACES', 'None of your device spaces exists in the tenant any more.', {
        details: { rule: 'spaces', spaces: scope },
      });
    return { spaces, defaultSpaceId: first.id };
  }
}

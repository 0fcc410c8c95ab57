import type { ActiveSession } from '../../domain/sessions.ts';
import type { Vendor } from '../../upstream/vendor.ts';

/** The device space of a request: the one asked for, else the user's chosen one, else the tenant's default. */
export type SpaceResolver = (session: ActiveSession | undefined, asked: number | undefined) => Promise<number>;

export function spaceResolver(vendor: Vendor): SpaceResolver {
  return async (session, asked) => asked ?? session?.account.space_id ?? (await vendor.partitionId());
}

import type { Vendor } from '../upstream/vendor.ts';
import type { Accounts } from './accounts.ts';
import type { ActiveSession } from './sessions.ts';
import type { TenantService } from './tenant.ts';

/** The device space a request works in: the one asked for, else the user's chosen one, else the tenant's default. */
export class Spaces {
  private readonly vendor: Vendor;
  private readonly tenant: TenantService;
  private readonly accounts: Accounts;

  constructor(deps: { vendor: Vendor; tenant: TenantService; accounts: Accounts }) {
    this.vendor = deps.vendor;
    this.tenant = deps.tenant;
    this.accounts = deps.accounts;
  }

  /** Remembers the space a user works in (it must exist in the tenant). */
  async choose(session: ActiveSession, spaceId: number): Promise<{ spaceId: number }> {
    await this.tenant.requireSpace(spaceId);
    await this.accounts.setSpace(session.account.id, spaceId);
    return { spaceId };
  }

  async spaceFor(session: ActiveSession | undefined, asked: number | undefined): Promise<number> {
    return asked ?? session?.account.spaceId ?? (await this.vendor.partitionId());
  }
}

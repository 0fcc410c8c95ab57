import type { Accounts } from './accounts.ts';
import type { DeviceScope } from './device-scope.ts';
import type { ActiveSession } from './sessions.ts';
import type { TenantService } from './tenant.ts';

/** The device space a user works in: one of theirs, remembered with the account. */
export class Spaces {
  private readonly tenant: TenantService;
  private readonly accounts: Accounts;
  private readonly scope: DeviceScope;

  constructor(deps: { tenant: TenantService; accounts: Accounts; scope: DeviceScope }) {
    this.tenant = deps.tenant;
    this.accounts = deps.accounts;
    this.scope = deps.scope;
  }

  /** Remembers the space a user works in (it must exist in the tenant and be one the user may see). */
  async choose(session: ActiveSession, spaceId: number): Promise<{ spaceId: number }> {
    await this.scope.space(session, spaceId, 'devices:read');
    await this.tenant.requireSpace(spaceId);
    await this.accounts.setSpace(session.account.id, spaceId);
    return { spaceId };
  }

  list(session: ActiveSession) {
    return this.scope.visibleSpaces(session);
  }
}

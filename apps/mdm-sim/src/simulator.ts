import { ActionLog } from './actions/action-log.ts';
import type { ActionContext } from './actions/perform.ts';
import { StateSteps } from './actions/state-steps.ts';
import { NO_FAULTS, type Faults } from './http/faults.ts';
import { SearchEngine } from './search/engine.ts';
import type { SimSettings } from './settings.ts';
import { generateTenant } from './tenant/generate.ts';
import type { Tenant } from './tenant/tenant.ts';

/** The running simulator's state: the tenant, its search engine, the action log and the injected faults. */
export class Simulator {
  readonly settings: SimSettings;
  tenant: Tenant;
  engine: SearchEngine;
  faults: Faults = NO_FAULTS;
  readonly log = new ActionLog();
  readonly steps: StateSteps;

  constructor(settings: SimSettings) {
    this.settings = settings;
    this.steps = new StateSteps(() => this.settings.actionDelayMs);
    this.tenant = this.generate();
    this.engine = new SearchEngine(this.tenant);
  }

  private generate(): Tenant {
    return generateTenant({
      seed: this.settings.seed,
      devices: this.settings.devices,
      anchor: this.settings.clock ?? Date.now(),
    });
  }

  /** Regenerates the tenant from the seed, clears faults, pending steps and the action log. */
  reset(): void {
    this.steps.cancelAll();
    this.tenant = this.generate();
    this.engine = new SearchEngine(this.tenant);
    this.faults = NO_FAULTS;
    this.log.clear();
  }

  actionContext(): ActionContext {
    return { tenant: this.tenant, engine: this.engine, log: this.log, steps: this.steps, now: Date.now };
  }
}

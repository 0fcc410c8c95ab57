import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { Accounts } from './domain/accounts.ts';
import { AuditLog } from './domain/audit.ts';
import type { Clock } from './domain/clock.ts';
import { DeviceExport } from './domain/device-export.ts';
import { DeviceScope } from './domain/device-scope.ts';
import { DeviceSearch } from './domain/device-search.ts';
import { DeviceService } from './domain/devices.ts';
import { ImportService } from './domain/imports/imports.ts';
import { JobRunner } from './domain/jobs/job-runner.ts';
import { JobService } from './domain/jobs/job-service.ts';
import { Login } from './domain/login.ts';
import { LoginThrottle } from './domain/login-throttle.ts';
import { PeopleService } from './domain/people.ts';
import { SavedViews } from './domain/saved-views.ts';
import { Sessions } from './domain/sessions.ts';
import { SingleSignOn } from './domain/single-sign-on.ts';
import { Spaces } from './domain/spaces.ts';
import { TenantService } from './domain/tenant.ts';
import { WebhookDispatcher } from './domain/webhooks/webhook-dispatcher.ts';
import { WebhookEvents } from './domain/webhooks/webhook-events.ts';
import { WebhookLog } from './domain/webhooks/webhook-log.ts';
import type { Metrics } from './observability/metrics.ts';
import type { Store } from './store/db.ts';
import { IdentityProvider } from './upstream/identity-provider.ts';
import { clientJobVendor } from './upstream/job-vendor.ts';
import type { Vendor } from './upstream/vendor.ts';
import { fetchPoster } from './upstream/webhook-receiver.ts';

/** How long a webhook receiver has to answer. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** Every use case of the BFF, built once from the store, the vendor and the clock; routes receive this. */
export interface Services {
  accounts: Accounts;
  sessions: Sessions;
  login: Login;
  /** Sign-in through the company's OpenID provider; undefined when single sign-on is off. */
  sso: SingleSignOn | undefined;
  audit: AuditLog;
  spaces: Spaces;
  /** Who may touch which device: every device-touching use case passes through it. */
  scope: DeviceScope;
  deviceSearch: DeviceSearch;
  deviceExport: DeviceExport;
  views: SavedViews;
  devices: DeviceService;
  people: PeopleService;
  tenant: TenantService;
  imports: ImportService;
  jobs: JobService;
  runner: JobRunner;
  /** Sends the outbox's webhook deliveries (started with the server). */
  webhookDispatcher: WebhookDispatcher;
  webhookLog: WebhookLog;
  /** The tenant itself, for readiness. */
  vendor: Vendor;
}

export interface ServiceDeps {
  config: Config;
  store: Store;
  vendor: Vendor;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  /** The console's URL as browsers reach it (PUBLIC_URL, else where it listens, known once it does). */
  publicUrl: () => string;
}

/** The one place where dependencies are wired: constructors take what they use, nothing reaches for a global. */
export function createServices({ config, store, vendor, logger, clock, metrics, publicUrl }: ServiceDeps): Services {
  const accounts = new Accounts(store.accounts, clock);
  const sessions = new Sessions(store.sessions, {
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
    clock,
    changes: store.sessionChanges,
  });
  const audit = new AuditLog(store.audit, clock);
  const jobContext = {
    store: store.jobs,
    imports: store.imports,
    vendor: clientJobVendor(vendor.client),
    audit,
    webhooks: new WebhookEvents(config.webhooks, publicUrl),
    settings: config.jobs,
    now: clock,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    log: logger.child({ component: 'jobs' }),
    observe: {
      outcomes: (action: string, outcome: string, count: number) => {
        metrics.jobOutcomes(action, outcome, count);
      },
      claim: (seconds: number) => {
        metrics.jobClaim(seconds);
      },
    },
  };
  metrics.readFrom({ jobsByState: () => store.jobs.countByState(), activeSessions: () => sessions.countAlive() });
  const runner = new JobRunner(jobContext);
  const tenant = new TenantService(vendor);
  const scope = new DeviceScope({ vendor, tenant });
  const spaces = new Spaces({ tenant, accounts, scope });
  const imports = new ImportService({ repository: store.imports, vendor, scope, clock });
  return {
    accounts,
    sessions,
    login: new Login({
      accounts,
      sessions,
      throttle: new LoginThrottle(store.loginFailures, clock),
      enabled: config.localLogin,
    }),
    sso:
      config.oidc &&
      new SingleSignOn({
        publicUrl,
        provider: new IdentityProvider(config.oidc, () => `${publicUrl()}/auth/oidc/callback`),
        providerName: config.oidc.providerName,
        roleMap: config.oidc.roleMap,
        groupsClaim: config.oidc.groupsClaim,
        attempts: store.signInAttempts,
        accounts,
        sessions,
        audit,
        clock,
      }),
    audit,
    spaces,
    scope,
    deviceSearch: new DeviceSearch(vendor, scope),
    deviceExport: new DeviceExport(vendor, scope),
    views: new SavedViews({ repository: store.views, vendor, scope, clock }),
    devices: new DeviceService(vendor, scope),
    people: new PeopleService(vendor, scope),
    tenant,
    imports,
    jobs: new JobService(jobContext, runner, scope, imports),
    runner,
    webhookDispatcher: new WebhookDispatcher({
      outbox: store.webhooks,
      receivers: config.webhooks.urls,
      secret: config.webhooks.secret,
      post: fetchPoster(WEBHOOK_TIMEOUT_MS),
      // Wall time, whatever clock the rest uses: retries wait real seconds and receivers check signatures by theirs.
      now: Date.now,
      log: logger.child({ component: 'webhooks' }),
    }),
    webhookLog: new WebhookLog({ outbox: store.webhooks, scope, receivers: config.webhooks.urls.length }),
    vendor,
  };
}

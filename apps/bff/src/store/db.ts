import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { RequestLimiter, type VendorBudget } from '@mdm-console/mdm-api';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import { AccountsRepository } from './accounts-repository.ts';
import { AuditRepository } from './audit-repository.ts';
import { JobsRepository } from './jobs-repository.ts';
import { LoginFailuresRepository } from './login-failures-repository.ts';
import { migrate } from './migrations.ts';
import { nodeSqliteDialect } from './node-sqlite-dialect.ts';
import type { Database } from './schema.ts';
import { noSessionChanges, SESSION_CHANNEL, sessionChangesFrom, type SessionChanges } from './session-changes.ts';
import { listenToStore } from './store-listener.ts';
import { sharedAnswersIn, type SharedAnswers } from './shared-answers.ts';
import { ownTenantChanges, TENANT_CHANNEL, tenantChangesFrom, type TenantChanges } from './tenant-changes.ts';
import { SessionsRepository } from './sessions-repository.ts';
import { SignInAttemptsRepository } from './sign-in-attempts-repository.ts';
import { ImportsRepository } from './imports-repository.ts';
import { ViewsRepository } from './views-repository.ts';
import { WebhookOutbox } from './webhook-outbox.ts';
import { SharedVendorBudget, SLOT_CHANNEL, type BudgetLimits } from './vendor-budget.ts';

export type StoreKind = 'sqlite' | 'postgres';

export interface Store {
  /** The connection, for the repositories below and the store's own tests; no other module writes SQL. */
  db: Kysely<Database>;
  kind: StoreKind;
  accounts: AccountsRepository;
  sessions: SessionsRepository;
  loginFailures: LoginFailuresRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  signInAttempts: SignInAttemptsRepository;
  views: ViewsRepository;
  imports: ImportsRepository;
  webhooks: WebhookOutbox;
  /** Session and account changes made by any process (heard on PostgreSQL; SQLite has one process). */
  sessionChanges: SessionChanges;
  /** Changes to the tenant made through any process (heard on PostgreSQL; SQLite has one process). */
  tenantChanges: TenantChanges;
  /** Vendor answers kept for every process (PostgreSQL; SQLite has one process, which keeps its own). */
  sharedAnswers: SharedAnswers | undefined;
  /** The tenant's request budget: shared by every process on PostgreSQL, this process's own on SQLite. */
  vendorBudget(limits: BudgetLimits): VendorBudget;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL connections in the pool. */
  poolSize?: number;
  /**
   * A pooled connection failed (PostgreSQL restarted, the network dropped it). The pool drops that connection and
   * opens a new one when next needed.
   */
  onConnectionError?: (error: Error) => void;
  /** Told of every statement sent, with its duration (for metrics). */
  onQuery?: (seconds: number) => void;
}

/** Opens the store at `databaseUrl` (postgres://… or a SQLite file path / file: URL) and migrates it. */
export async function openStore(databaseUrl: string, options: StoreOptions = {}): Promise<Store> {
  const kind: StoreKind = /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
  let db: Kysely<Database>;
  let vendorBudget: (limits: BudgetLimits) => VendorBudget = (limits) => new RequestLimiter(limits);
  let sessionChanges = noSessionChanges();
  let tenantChanges = ownTenantChanges();
  let sharedAnswers: SharedAnswers | undefined;
  let closeListener = (): Promise<void> => Promise.resolve();
  const { onQuery } = options;
  const log = (event: LogEvent): void => {
    onQuery?.(event.queryDurationMillis / 1000);
  };
  if (kind === 'postgres') {
    // Loaded only when used: most installations run on SQLite.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
    const report = (error: Error): void => {
      options.onConnectionError?.(error);
    };
    pool.on('error', report);
    // The pool listens on idle connections only; one held between the queries of a transaction reports its loss on
    // the connection itself, and an unheard 'error' event would end the process.
    pool.on('connect', (client) => client.on('error', report));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    const listener = listenToStore(databaseUrl, [SESSION_CHANNEL, SLOT_CHANNEL, TENANT_CHANNEL]);
    closeListener = () => listener.close();
    vendorBudget = (limits) => new SharedVendorBudget(pool, limits, listener);
    sessionChanges = sessionChangesFrom(listener);
    tenantChanges = tenantChangesFrom(pool, listener);
    sharedAnswers = sharedAnswersIn(db);
  } else {
    const path = databaseUrl.startsWith('file:') ? new URL(databaseUrl).pathname : databaseUrl;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Kysely<Database>({ dialect: nodeSqliteDialect(path), log });
  }
  await migrate(db as unknown as Kysely<unknown>, kind);
  return {
    db,
    kind,
    accounts: new AccountsRepository(db, kind, sessionChanges),
    sessions: new SessionsRepository(db, kind, sessionChanges),
    signInAttempts: new SignInAttemptsRepository(db),
    views: new ViewsRepository(db),
    imports: new ImportsRepository(db),
    webhooks: new WebhookOutbox(db, kind),
    sessionChanges,
    tenantChanges,
    sharedAnswers,
    loginFailures: new LoginFailuresRepository(db),
    audit: new AuditRepository(db, kind),
    jobs: new JobsRepository(db, kind),
    vendorBudget,
    ping: async () => {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await closeListener();
      await db.destroy();
    },
  };
}

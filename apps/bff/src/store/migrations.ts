import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { StoreKind } from './db.ts';

/** The text of an audit event that the activity search reads: who, what, on what, with what, how it ended. */
const auditSearchText = (row = '') =>
  sql.raw(
    `coalesce(${row}actor_email, '') || ' ' || ${row}action || ' ' || ${row}targets || ' ' || ${row}params || ' ' || ${row}outcome`,
  );

/** Migrations in order; the same on SQLite and PostgreSQL. */
function migrations(kind: StoreKind): Record<string, Migration> {
  const autoId = (name: string) =>
    kind === 'postgres' ? sql.raw(`${name} serial primary key`) : sql.raw(`${name} integer primary key autoincrement`);
  return {
    '001_accounts_sessions_audit': {
      async up(db: Kysely<unknown>) {
        await sql`create table accounts (
          ${autoId('id')},
          email text not null unique,
          password_hash text not null,
          role text not null,
          disabled integer not null default 0,
          created_at text not null,
          space_id integer
        )`.execute(db);
        await sql`create table sessions (
          id_hash text primary key,
          account_id integer not null references accounts(id),
          created_at bigint not null,
          last_seen_at bigint not null
        )`.execute(db);
        await sql`create index sessions_by_account on sessions(account_id)`.execute(db);
        await sql`create table login_failures (${autoId('id')}, key text not null, at bigint not null)`.execute(db);
        await sql`create index login_failures_by_key on login_failures(key, at)`.execute(db);
        await sql`create table audit_events (
          ${autoId('id')},
          at text not null,
          actor_id integer,
          actor_email text,
          role text,
          action text not null,
          targets text not null,
          params text not null,
          outcome text not null,
          vendor_result text,
          request_id text
        )`.execute(db);
        await sql`create index audit_by_time on audit_events(at)`.execute(db);
        // The audit log is append-only, enforced by the database itself.
        if (kind === 'postgres') {
          await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
            begin raise exception 'audit events are append-only'; end $$`.execute(db);
          await sql`create trigger audit_events_no_change before update or delete on audit_events
            for each row execute function audit_events_append_only()`.execute(db);
        } else {
          await sql`create trigger audit_events_no_update before update on audit_events
            begin select raise(abort, 'audit events are append-only'); end`.execute(db);
          await sql`create trigger audit_events_no_delete before delete on audit_events
            begin select raise(abort, 'audit events are append-only'); end`.execute(db);
        }
      },
    },
    '002_jobs': {
      async up(db: Kysely<unknown>) {
        await sql`create table jobs (
          id text primary key,
          action text not null,
          params text not null,
          target text not null,
          target_description text not null,
          space_id integer not null,
          state text not null,
          requested_by_id integer not null,
          requested_by text not null,
          requested_role text not null,
          approved_by text,
          approved_at bigint,
          created_at bigint not null,
          confirmed_at bigint,
          run_after bigint,
          started_at bigint,
          finished_at bigint,
          follow_until bigint,
          resolved integer not null default 0,
          frozen_count integer not null default 0,
          preflight text,
          needs_approval integer not null default 0,
          cancel_requested integer not null default 0,
          error text,
          retry_of text,
          request_id text,
          lease_owner text,
          lease_until bigint
        )`.execute(db);
        await sql`create index jobs_by_state on jobs(state)`.execute(db);
        await sql`create index jobs_by_created on jobs(created_at)`.execute(db);
        await sql`create table job_items (
          job_id text not null references jobs(id),
          device_id bigint not null,
          seq integer not null,
          device_name text,
          platform text,
          owner text,
          status text not null,
          outcome text,
          reason text,
          error text,
          attempts integer not null default 0,
          registration_state text,
          final integer not null default 0,
          primary key (job_id, device_id)
        )`.execute(db);
        await sql`create index job_items_by_status on job_items(job_id, status, seq)`.execute(db);
        await sql`create index job_items_by_outcome on job_items(job_id, outcome)`.execute(db);
      },
    },
    '003_job_item_counts_index': {
      async up(db: Kysely<unknown>) {
        // Counts per outcome are read on every progress event: a covering index answers them without the rows.
        await sql`drop index job_items_by_outcome`.execute(db);
        await sql`create index job_items_by_outcome on job_items(job_id, outcome, final)`.execute(db);
      },
    },
    '004_job_item_claims': {
      async up(db: Kysely<unknown>) {
        // Chunks of one job are claimed item by item, so that every process can send a share of it.
        await sql`alter table job_items add column claim_owner text`.execute(db);
        await sql`alter table job_items add column claim_until bigint`.execute(db);
      },
    },
    '005_vendor_budget': {
      async up(db: Kysely<unknown>) {
        // rate-limiter-flexible's counters for the tenant's budget shared by processes (its own layout).
        await sql`create table vendor_budget (
          key varchar(255) primary key,
          points integer not null default 0,
          expire bigint
        )`.execute(db);
      },
    },
    '006_scoped_roles_and_sign_in': {
      async up(db: Kysely<unknown>) {
        // A role may be limited to device spaces; accounts may come from an OpenID provider (no password, known by
        // issuer and subject). Local e-mails stay unique among local accounts; an SSO account may share one, since the
        // two never merge by e-mail.
        if (kind === 'postgres') {
          await sql`alter table accounts drop constraint accounts_email_key`.execute(db);
          await sql`alter table accounts alter column password_hash drop not null`.execute(db);
          await sql`alter table accounts add column assignments text`.execute(db);
          await sql`alter table accounts add column oidc_issuer text`.execute(db);
          await sql`alter table accounts add column oidc_subject text`.execute(db);
        } else {
          // SQLite cannot drop a column's constraint: the table is rebuilt (its ids kept, so sessions still match),
          // with foreign keys off meanwhile (Kysely runs SQLite migrations outside a transaction, where this holds).
          await sql`pragma foreign_keys = off`.execute(db);
          await sql`create table accounts_v6 (
            id integer primary key autoincrement,
            email text not null,
            password_hash text,
            role text not null,
            disabled integer not null default 0,
            created_at text not null,
            space_id integer,
            assignments text,
            oidc_issuer text,
            oidc_subject text
          )`.execute(db);
          await sql`insert into accounts_v6 (id, email, password_hash, role, disabled, created_at, space_id)
            select id, email, password_hash, role, disabled, created_at, space_id from accounts`.execute(db);
          await sql`drop table accounts`.execute(db);
          await sql`alter table accounts_v6 rename to accounts`.execute(db);
          await sql`pragma foreign_keys = on`.execute(db);
          const { rows } = await sql`pragma foreign_key_check`.execute(db);
          if (rows.length > 0) throw new Error('the rebuilt accounts table lost rows that sessions refer to');
        }
        await sql`create unique index accounts_local_email on accounts(email) where oidc_subject is null`.execute(db);
        await sql`create unique index accounts_by_subject on accounts(oidc_issuer, oidc_subject)
          where oidc_subject is not null`.execute(db);
        // The space an audited event concerns, so that a user limited to spaces sees the events of those only.
        await sql`alter table audit_events add column space_id integer`.execute(db);
        // A sign-in through the OpenID provider under way: what the callback must find again, used once.
        await sql`create table sign_in_attempts (
          id_hash text primary key,
          state text not null,
          nonce text not null,
          code_verifier text not null,
          return_to text not null,
          created_at bigint not null
        )`.execute(db);
      },
    },
    '007_saved_views': {
      async up(db: Kysely<unknown>) {
        await sql`create table saved_views (
          id text primary key,
          owner_id integer not null references accounts(id),
          name text not null,
          query text not null,
          columns text not null,
          shared integer not null default 0,
          shared_with_role text,
          created_at bigint not null,
          updated_at bigint not null
        )`.execute(db);
        await sql`create unique index saved_views_name_per_owner on saved_views(owner_id, name)`.execute(db);
        await sql`create index saved_views_shared on saved_views(shared)`.execute(db);
        // Pins are each person's own: a shared view pinned by one is not pinned for the others.
        await sql`create table view_pins (
          account_id integer not null references accounts(id),
          view_id text not null references saved_views(id) on delete cascade,
          primary key (account_id, view_id)
        )`.execute(db);
      },
    },
    '008_audit_search': {
      async up(db: Kysely<unknown>) {
        // The activity is searched by word prefixes over one text per event. Non-alphanumerics separate words on
        // both stores alike (so an e-mail is its parts), and the log stays append-only: the index only grows.
        if (kind === 'postgres') {
          await sql`alter table audit_events add column search tsvector generated always as (
            to_tsvector('simple', regexp_replace(lower(${auditSearchText()}), '[^[:alnum:]]+', ' ', 'g'))
          ) stored`.execute(db);
          await sql`create index audit_events_search on audit_events using gin (search)`.execute(db);
        } else {
          await sql`create virtual table audit_search using fts5(body, content='', tokenize='unicode61')`.execute(db);
          await sql`insert into audit_search(rowid, body) select id, ${auditSearchText()} from audit_events`.execute(
            db,
          );
          await sql`create trigger audit_events_searchable after insert on audit_events begin
            insert into audit_search(rowid, body) values (new.id, ${auditSearchText('new.')});
          end`.execute(db);
        }
      },
    },
    '009_imports': {
      async up(db: Kysely<unknown>) {
        // A preview is what an import will do, frozen when the file was read; its jobs read each device's values here.
        await sql`create table imports (
          id text primary key,
          space_id integer not null,
          created_by_id integer not null references accounts(id),
          created_by text not null,
          created_at bigint not null,
          file_name text not null,
          key text not null,
          columns text not null,
          rows_read integer not null,
          matched_devices integer not null,
          counts text not null,
          devices_to_change text not null
        )`.execute(db);
        await sql`create index imports_by_time on imports(created_at)`.execute(db);
        await sql`create table import_entries (
          import_id text not null references imports(id) on delete cascade,
          seq integer not null,
          category text not null,
          row_number integer not null,
          key_value text not null,
          device_id bigint,
          device_name text,
          kind text,
          changes text not null,
          vendor_values text,
          message text,
          primary key (import_id, seq)
        )`.execute(db);
        await sql`create index import_entries_by_category on import_entries(import_id, category, seq)`.execute(db);
        await sql`create index import_entries_by_device on import_entries(import_id, kind, device_id)`.execute(db);
      },
    },
    '010_webhook_outbox': {
      async up(db: Kysely<unknown>) {
        // The outbox: one row per event and receiver, written with the change it tells of, sent and retried from here.
        await sql`create table webhook_deliveries (
          id text primary key,
          event_id text not null,
          event text not null,
          job_id text,
          space_id integer,
          url text not null,
          body text not null,
          created_at bigint not null,
          state text not null,
          attempts integer not null,
          next_attempt_at bigint,
          claim_owner text,
          claim_until bigint,
          last_status integer,
          last_error text,
          delivered_at bigint
        )`.execute(db);
        await sql`create index webhook_deliveries_due on webhook_deliveries(state, next_attempt_at)`.execute(db);
        await sql`create index webhook_deliveries_by_time on webhook_deliveries(created_at, id)`.execute(db);
      },
    },
    '011_scheduled_jobs': {
      async up(db: Kysely<unknown>) {
        await sql`alter table jobs add column run_at bigint`.execute(db);
        // The runner asks only for jobs due now: jobs scheduled for later cost one index range, however many wait.
        await sql`create index jobs_by_state_due on jobs(state, run_after)`.execute(db);
      },
    },
    '012_job_waves': {
      async up(db: Kysely<unknown>) {
        // A job in waves keeps its plan and the wave it is at; each device, the wave it goes in (0: all at once).
        await sql`alter table jobs add column waves text`.execute(db);
        await sql`alter table jobs add column current_wave integer not null default 0`.execute(db);
        await sql`alter table jobs add column wave_count integer not null default 0`.execute(db);
        await sql`alter table jobs add column paused_until bigint`.execute(db);
        await sql`alter table job_items add column wave integer not null default 0`.execute(db);
        await sql`alter table job_items add column model text`.execute(db);
        // Between waves the runner counts the wave just sent: its rows alone, not the whole job's.
        await sql`create index job_items_by_wave on job_items(job_id, wave)`.execute(db);
        // Chunks are claimed from the wave being sent, in the frozen order: the sampled first wave is spread across
        // the job's rows, and the claim must not read past the later waves' rows to find it.
        await sql`drop index job_items_by_status`.execute(db);
        await sql`create index job_items_by_status on job_items(job_id, status, wave, seq)`.execute(db);
      },
    },
    '013_job_item_claim_owner_index': {
      async up(db: Kysely<unknown>) {
        // Every process renews, marks and gives back its claims by owner every few seconds: without an index each
        // time is a scan of every item of every job ever run, holding row locks as it goes.
        await sql`create index job_items_by_claim_owner on job_items(claim_owner)`.execute(db);
      },
    },
    '014_shared_vendor_answers': {
      async up(db: Kysely<unknown>) {
        // Vendor answers kept for every process (PostgreSQL): a cache, so not worth writing to the WAL; lost on a
        // crash, they are asked for again. The tenant's generation counts changes made through the console: an answer
        // is good only in the generation it was asked in.
        await sql`create ${sql.raw(kind === 'postgres' ? 'unlogged table' : 'table')} vendor_answers (
          key text primary key,
          generation bigint not null,
          body text not null,
          until bigint not null
        )`.execute(db);
        await sql`create table tenant_generation (
          id integer primary key check (id = 1),
          generation bigint not null
        )`.execute(db);
        await sql`insert into tenant_generation (id, generation) values (1, 0)`.execute(db);
      },
    },
    '015_job_item_claims_by_job': {
      async up(db: Kysely<unknown>) {
        // Claims are renewed and given back by job now, through the (job_id, status, …) index: an index on the owner
        // only cost every write of an item (claim, send, outcome) one more index entry.
        await sql`drop index job_items_by_claim_owner`.execute(db);
      },
    },
  };
}

class InlineProvider implements MigrationProvider {
  private readonly kind: StoreKind;

  constructor(kind: StoreKind) {
    this.kind = kind;
  }

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(migrations(this.kind));
  }
}

/** Brings the schema up to date (or up to migration `target`); throws with the failing migration's error. */
export async function migrate(db: Kysely<unknown>, kind: StoreKind, target?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new InlineProvider(kind) });
  const { error, results } = await (target === undefined ? migrator.migrateToLatest() : migrator.migrateTo(target));
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}

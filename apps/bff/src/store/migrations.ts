import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { StoreKind } from './db.ts';

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

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrate(db: Kysely<unknown>, kind: StoreKind): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: new InlineProvider(kind) }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}

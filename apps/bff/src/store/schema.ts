import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A bigint column: PostgreSQL returns it as a string, SQLite as a number. */
type BigIntColumn = ColumnType<number | string, number, number>;

export interface AccountsTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  role: string;
  disabled: number;
  created_at: string;
  space_id: number | null;
}

export interface SessionsTable {
  /** SHA-256 of the session id: the cookie's value is never stored. */
  id_hash: string;
  account_id: number;
  created_at: BigIntColumn;
  last_seen_at: BigIntColumn;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  key: string;
  at: BigIntColumn;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_email: string | null;
  role: string | null;
  action: string;
  /** JSON: device ids or other targets. */
  targets: string;
  /** JSON, secrets removed. */
  params: string;
  outcome: string;
  /** JSON: what the vendor answered, if anything. */
  vendor_result: string | null;
  request_id: string | null;
}

export interface Database {
  accounts: AccountsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_events: AuditEventsTable;
}

export type Account = Selectable<AccountsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;

import type { JobAction, JobOutcome, JobState, Role } from '@mdm-console/contract';
import type { ColumnType, Generated } from 'kysely';

/** A bigint column: PostgreSQL returns it as a string, SQLite as a number. */
type BigIntColumn = ColumnType<number | string, number, number>;

export interface AccountsTable {
  id: Generated<number>;
  email: string;
  /** Null for an account from the OpenID provider: it has no password. */
  password_hash: string | null;
  /** The highest role of the account's assignments (what a process before migration 006 reads). */
  role: Role;
  disabled: number;
  created_at: string;
  space_id: number | null;
  /** JSON: the role assignments, each global or limited to spaces; null means `role` over every space. */
  assignments: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
}

export interface SignInAttemptsTable {
  /** SHA-256 of the id in the browser's short-lived cookie. */
  id_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: BigIntColumn;
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
  /** The device space the event concerns, if it concerns devices of one. */
  space_id: number | null;
}

export interface JobsTable {
  id: string;
  action: JobAction;
  /** JSON: the action's checked parameters. */
  params: string;
  /** JSON: the target as requested (ids, filter or an earlier job). */
  target: string;
  target_description: string;
  space_id: number;
  state: JobState;
  requested_by_id: number;
  requested_by: string;
  requested_role: Role;
  approved_by: string | null;
  approved_at: BigIntColumn | null;
  created_at: BigIntColumn;
  confirmed_at: BigIntColumn | null;
  run_after: BigIntColumn | null;
  /** The time the job was scheduled for; null when it runs right after confirmation. */
  run_at: BigIntColumn | null;
  /** JSON: the wave plan; null when sent all at once. */
  waves: string | null;
  current_wave: Generated<number>;
  wave_count: Generated<number>;
  /** When a timed pause between waves ends. */
  paused_until: BigIntColumn | null;
  started_at: BigIntColumn | null;
  finished_at: BigIntColumn | null;
  follow_until: BigIntColumn | null;
  resolved: Generated<number>;
  frozen_count: Generated<number>;
  /** JSON: {eligible, ineligible, reasons}. */
  preflight: string | null;
  needs_approval: Generated<number>;
  cancel_requested: Generated<number>;
  error: string | null;
  retry_of: string | null;
  request_id: string | null;
  /** Which BFF process runs the job, and until when its claim holds without renewal. */
  lease_owner: string | null;
  lease_until: BigIntColumn | null;
}

export type JobItemStatus = 'queued' | 'sent' | 'done';

export interface JobItemsTable {
  job_id: string;
  device_id: BigIntColumn;
  seq: number;
  device_name: string | null;
  platform: string | null;
  owner: string | null;
  /** queued: not sent yet; sent: written before the vendor call (resume treats it as ambiguous); done. */
  status: JobItemStatus;
  outcome: JobOutcome | null;
  reason: string | null;
  error: string | null;
  attempts: Generated<number>;
  /** The device's registration state when frozen, then the state the action follows (`followedState` in the API). */
  registration_state: string | null;
  final: Generated<number>;
  /** The wave the device goes in; 0 when the job is sent all at once. */
  wave: Generated<number>;
  model: string | null;
  /** Which process holds the item's chunk, and until when without renewal (several processes share a job). */
  claim_owner: string | null;
  claim_until: BigIntColumn | null;
}

export interface SavedViewsTable {
  id: string;
  owner_id: number;
  name: string;
  /** JSON: the devices query (the contract's ViewQuery). */
  query: string;
  /** JSON: the column ids. */
  columns: string;
  shared: number;
  shared_with_role: Role | null;
  created_at: BigIntColumn;
  updated_at: BigIntColumn;
}

export interface ViewPinsTable {
  account_id: number;
  view_id: string;
}

export interface ImportsTable {
  id: string;
  space_id: number;
  created_by_id: number;
  created_by: string;
  created_at: BigIntColumn;
  file_name: string;
  key: string;
  /** JSON: the file's columns as read. */
  columns: string;
  rows_read: number;
  matched_devices: number;
  /** JSON: entries per category. */
  counts: string;
  /** JSON: devices with a change, per kind of change. */
  devices_to_change: string;
}

export interface ImportEntriesTable {
  import_id: string;
  seq: number;
  category: string;
  row_number: number;
  key_value: string;
  device_id: BigIntColumn | null;
  device_name: string | null;
  kind: string | null;
  /** JSON: the changes shown (field, from, to). */
  changes: string;
  /** JSON: what the job sends for this device (attributes, or the new owner's account). */
  vendor_values: string | null;
  message: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  event_id: string;
  event: string;
  job_id: string | null;
  space_id: number | null;
  url: string;
  /** The request body exactly as signed and sent. */
  body: string;
  created_at: BigIntColumn;
  state: string;
  attempts: number;
  next_attempt_at: BigIntColumn | null;
  claim_owner: string | null;
  claim_until: BigIntColumn | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: BigIntColumn | null;
}

/** A vendor answer kept for every process, good while its generation is the tenant's and until it expires. */
export interface VendorAnswersTable {
  key: string;
  generation: BigIntColumn;
  body: string;
  until: BigIntColumn;
}

/** One row: how many changes have been made to the tenant through the console. */
export interface TenantGenerationTable {
  id: number;
  generation: BigIntColumn;
}

export interface Database {
  accounts: AccountsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  job_items: JobItemsTable;
  sign_in_attempts: SignInAttemptsTable;
  saved_views: SavedViewsTable;
  view_pins: ViewPinsTable;
  imports: ImportsTable;
  import_entries: ImportEntriesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  vendor_answers: VendorAnswersTable;
  tenant_generation: TenantGenerationTable;
}

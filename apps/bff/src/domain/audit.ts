import type { Kysely } from 'kysely';
import type { Database, NewAuditEvent } from '../store/schema.ts';
import { pageOf } from './paging.ts';

export interface AuditEntry {
  actorId: number | null;
  actorEmail: string | null;
  role: string | null;
  action: string;
  targets: unknown;
  params: unknown;
  outcome: string;
  vendorResult?: unknown;
  requestId: string | null;
}

const SECRET_KEYS = /pass(word)?|pin|secret|token|credential|cookie/i;

/** Removes anything that looks like a secret before it is recorded. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, SECRET_KEYS.test(key) ? '[redacted]' : withoutSecrets(inner)]),
    );
  }
  return value;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  device?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: number | undefined;
  limit: number;
}

/** The append-only audit log: this module only inserts and reads; the database refuses updates and deletes. */
export class AuditLog {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.appendMany([entry]);
  }

  /** Several events in one insert (a job's per-device outcomes). */
  async appendMany(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const at = new Date().toISOString();
    const rows: NewAuditEvent[] = entries.map((entry) => ({
      at,
      actor_id: entry.actorId,
      actor_email: entry.actorEmail,
      role: entry.role,
      action: entry.action,
      targets: JSON.stringify(entry.targets ?? null),
      params: JSON.stringify(withoutSecrets(entry.params ?? null)),
      outcome: entry.outcome,
      vendor_result: entry.vendorResult === undefined ? null : JSON.stringify(entry.vendorResult),
      request_id: entry.requestId,
    }));
    // In batches: a job may record an outcome for each of 100,000 devices at once.
    for (let k = 0; k < rows.length; k += 500)
      await this.db
        .insertInto('audit_events')
        .values(rows.slice(k, k + 500))
        .execute();
  }

  async query(filter: AuditFilter) {
    let query = this.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(filter.limit + 1);
    if (filter.actor) query = query.where('actor_email', '=', filter.actor.toLowerCase());
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.to) query = query.where('at', '<=', filter.to);
    if (filter.before) query = query.where('id', '<', filter.before);
    // Targets are stored as a JSON list of device ids: match the id as a whole element.
    if (filter.device)
      query = query.where((eb) =>
        eb.or([
          eb('targets', 'like', `%[${String(filter.device)}]%`),
          eb('targets', 'like', `%[${String(filter.device)},%`),
          eb('targets', 'like', `%,${String(filter.device)}]%`),
          eb('targets', 'like', `%,${String(filter.device)},%`),
        ]),
      );
    const { page, next } = pageOf(await query.execute(), filter.limit, (row) => row.id);
    return {
      events: page.map((row) => ({
        id: row.id,
        at: row.at,
        actorEmail: row.actor_email,
        role: row.role,
        action: row.action,
        targets: JSON.parse(row.targets) as unknown,
        params: JSON.parse(row.params) as unknown,
        outcome: row.outcome,
        vendorResult: row.vendor_result === null ? null : (JSON.parse(row.vendor_result) as unknown),
        requestId: row.request_id,
      })),
      nextBefore: next,
    };
  }
}

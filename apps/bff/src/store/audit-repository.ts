import { sql, type Kysely } from 'kysely';
import type { StoreKind } from './db.ts';
import { z } from 'zod';
import { anyJson, jsonColumn, parseRow } from './columns.ts';
import type { Database } from './schema.ts';

/** An event as it is written: JSON parts already free of secrets. */
export interface NewAuditRecord {
  at: string;
  actorId: number | null;
  actorEmail: string | null;
  role: string | null;
  action: string;
  targets: unknown;
  params: unknown;
  outcome: string;
  vendorResult: unknown;
  requestId: string | null;
  /** The device space the event concerns, if one. */
  spaceId: number | null;
}

const auditRecordSchema = z
  .object({
    id: z.number(),
    at: z.string(),
    actor_email: z.string().nullable(),
    role: z.string().nullable(),
    action: z.string(),
    targets: jsonColumn(anyJson),
    params: jsonColumn(anyJson),
    outcome: z.string(),
    vendor_result: jsonColumn(anyJson).nullable(),
    request_id: z.string().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    at: row.at,
    actorEmail: row.actor_email,
    role: row.role,
    action: row.action,
    targets: row.targets,
    params: row.params,
    outcome: row.outcome,
    vendorResult: row.vendor_result,
    requestId: row.request_id,
  }));
export type AuditRecord = z.output<typeof auditRecordSchema>;

export interface AuditSearch {
  /** Words, each a prefix of a word of the event (all must match). */
  q?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  device?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Events older than this id. */
  before?: number | undefined;
  /** Only events about these device spaces; null or absent for all events. */
  spaces?: readonly number[] | null;
  limit: number;
}

/** The words of a search, as the index separates them (letters and digits; everything else separates). */
export const searchWords = (q: string): string[] =>
  q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .slice(0, 12);

/** Rows per insert: a job may record an outcome for each of 100,000 devices at once. */
const INSERT_BATCH = 500;

/** The append-only audit log: inserts and reads only; the database refuses updates and deletes. */
export class AuditRepository {
  private readonly db: Kysely<Database>;
  private readonly kind: StoreKind;

  constructor(db: Kysely<Database>, kind: StoreKind) {
    this.db = db;
    this.kind = kind;
  }

  async insert(events: readonly NewAuditRecord[]): Promise<void> {
    const rows = events.map((event) => ({
      at: event.at,
      actor_id: event.actorId,
      actor_email: event.actorEmail,
      role: event.role,
      action: event.action,
      targets: JSON.stringify(event.targets ?? null),
      params: JSON.stringify(event.params ?? null),
      outcome: event.outcome,
      vendor_result: event.vendorResult === undefined ? null : JSON.stringify(event.vendorResult),
      request_id: event.requestId,
      space_id: event.spaceId,
    }));
    for (let k = 0; k < rows.length; k += INSERT_BATCH)
      await this.db
        .insertInto('audit_events')
        .values(rows.slice(k, k + INSERT_BATCH))
        .execute();
  }

  /** Newest first; `limit` rows at most. */
  async find(filter: AuditSearch): Promise<AuditRecord[]> {
    let query = this.db
      .selectFrom('audit_events')
      .select([
        'id',
        'at',
        'actor_email',
        'role',
        'action',
        'targets',
        'params',
        'outcome',
        'vendor_result',
        'request_id',
      ])
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.actor) query = query.where('actor_email', '=', filter.actor);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.to) query = query.where('at', '<=', filter.to);
    if (filter.before) query = query.where('id', '<', filter.before);
    const words = searchWords(filter.q ?? '');
    if (words.length > 0)
      query =
        this.kind === 'postgres'
          ? query.where(sql<boolean>`search @@ to_tsquery('simple', ${words.map((word) => `${word}:*`).join(' & ')})`)
          : // The full-text index walks its matches newest first and stops at the limit: no sort of every match.
            query
              .innerJoin(
                sql<{ rowid: number }>`audit_search`.as('audit_search'),
                'audit_search.rowid',
                'audit_events.id',
              )
              .where(sql<boolean>`audit_search match ${words.map((word) => `"${word}"*`).join(' AND ')}`);
    const spaces = filter.spaces;
    if (spaces) query = spaces.length === 0 ? query.where(sql.lit(false)) : query.where('space_id', 'in', spaces);
    // Targets are stored as a JSON list of device ids: match the id as a whole element.
    const device = filter.device;
    if (device !== undefined) {
      const id = String(device);
      query = query.where((eb) =>
        eb.or([
          eb('targets', 'like', `%[${id}]%`),
          eb('targets', 'like', `%[${id},%`),
          eb('targets', 'like', `%,${id}]%`),
          eb('targets', 'like', `%,${id},%`),
        ]),
      );
    }
    return (await query.execute()).map((row) => parseRow(auditRecordSchema, 'audit_events', row));
  }
}

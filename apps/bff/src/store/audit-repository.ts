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

/** How many of the newest events a search on PostgreSQL reads by the primary key before it asks the full-text index. */
const RECENT_WINDOW = 20_000;

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

  /** The events the filters (all but the words) select, newest first; `limit` rows at most. */
  private filtered(filter: AuditSearch, limit: number, order: 'index' | 'sort' = 'index', db = this.db) {
    let query = db
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
      // 'sort': order the matches found another way (the full-text index), rather than walk the primary key.
      .orderBy(order === 'index' ? sql.ref('id') : sql`id + 0`, 'desc')
      .limit(limit);
    if (filter.actor) query = query.where('actor_email', '=', filter.actor);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.to) query = query.where('at', '<=', filter.to);
    if (filter.before) query = query.where('id', '<', filter.before);
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
    return query;
  }

  /** Newest first; `limit` rows at most. */
  async find(filter: AuditSearch): Promise<AuditRecord[]> {
    const words = searchWords(filter.q ?? '');
    let rows;
    if (words.length === 0) rows = await this.filtered(filter, filter.limit).execute();
    else if (this.kind === 'postgres') rows = await this.findByWordsOnPostgres(filter, words);
    else rows = await this.findByWordsOnSqlite(filter, words);
    return rows.map((row) => parseRow(auditRecordSchema, 'audit_events', row));
  }

  /**
   * PostgreSQL misjudges how many events a prefix search matches, and so picks the wrong plan for rare or for common
   * words. Two steps make both cheap: the newest events first (a bounded walk of the primary key, enough for common
   * words), then, when that does not fill the page, the full-text index for what is older (few matches: a small sort).
   */
  private async findByWordsOnPostgres(filter: AuditSearch, words: readonly string[]) {
    const match = sql<boolean>`search @@ to_tsquery('simple', ${words.map((word) => `${word}:*`).join(' & ')})`;
    let edge = this.db
      .selectFrom('audit_events')
      .select('id')
      .orderBy('id', 'desc')
      .offset(RECENT_WINDOW - 1)
      .limit(1);
    if (filter.before) edge = edge.where('id', '<', filter.before);
    const floor = (await edge.executeTakeFirst())?.id;
    if (floor === undefined) return this.filtered(filter, filter.limit, 'sort').where(match).execute();
    // Told not to build bitmaps, it walks those few thousand rows by id and checks each: milliseconds.
    const recent = await this.db.transaction().execute(async (trx) => {
      await sql`set local enable_bitmapscan = off`.execute(trx);
      return this.filtered(filter, filter.limit, 'index', trx).where(match).where('id', '>=', floor).execute();
    });
    if (recent.length >= filter.limit) return recent;
    const older = await this.filtered({ ...filter, before: floor }, filter.limit - recent.length, 'sort')
      .where(match)
      .execute();
    return [...recent, ...older];
  }

  /**
   * SQLite: the full-text index hands its matches newest first, a chunk at a time, and the other filters are applied
   * to each chunk until the page is full. A common word then costs a chunk, not a sort of every event it is in.
   */
  private async findByWordsOnSqlite(filter: AuditSearch, words: readonly string[]) {
    const match = words.map((word) => `"${word}"*`).join(' AND ');
    const narrowed = [filter.actor, filter.action, filter.from, filter.to, filter.device, filter.spaces].some(
      (part) => part !== undefined && part !== null,
    );
    const chunk = narrowed ? Math.max(filter.limit, 2_000) : filter.limit;
    // A time range bounds the ids to walk (exactly: the lowest id of an event at or after `from`, and so on), so that
    // a range with few matches is not found by walking every older match.
    const bound = async (edge: 'min' | 'max', at: string | undefined): Promise<number | null | undefined> => {
      if (at === undefined) return undefined;
      // Through the time index: over the primary key, SQLite would walk every event to find none.
      const { rows } =
        edge === 'min'
          ? await sql<{ id: number | null }>`select min(id) as id from audit_events indexed by audit_by_time
              where at >= ${at}`.execute(this.db)
          : await sql<{ id: number | null }>`select max(id) as id from audit_events indexed by audit_by_time
              where at <= ${at}`.execute(this.db);
      return rows[0]?.id ?? null;
    };
    const [lowest, highest] = await Promise.all([bound('min', filter.from), bound('max', filter.to)]);
    if (lowest === null || highest === null) return [];
    const found = [];
    let before = filter.before;
    for (;;) {
      const { rows: ids } = await sql<{ rowid: number }>`select rowid from audit_search
        where audit_search match ${match}
        ${before === undefined ? sql`` : sql`and rowid < ${before}`}
        ${lowest === undefined ? sql`` : sql`and rowid >= ${lowest}`}
        ${highest === undefined ? sql`` : sql`and rowid <= ${highest}`}
        order by rowid desc limit ${chunk}`.execute(this.db);
      if (ids.length === 0) break;
      const page = await this.filtered({ ...filter, before: undefined }, filter.limit - found.length)
        .where(
          'id',
          'in',
          ids.map((row) => row.rowid),
        )
        .execute();
      found.push(...page);
      before = ids[ids.length - 1]?.rowid;
      if (found.length >= filter.limit || ids.length < chunk) break;
    }
    return found;
  }
}

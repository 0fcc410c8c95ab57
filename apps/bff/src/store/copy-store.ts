import { sql, type Kysely } from 'kysely';
import type { Store } from './db.ts';
import type { Database } from './schema.ts';

/** Tables in the order their references allow, with the columns that order their rows. */
const TABLES = [
  { table: 'accounts', order: ['id'] },
  { table: 'sessions', order: ['id_hash'] },
  { table: 'login_failures', order: ['id'] },
  { table: 'audit_events', order: ['id'] },
  { table: 'jobs', order: ['id'] },
  { table: 'job_items', order: ['job_id', 'device_id'] },
  { table: 'saved_views', order: ['id'] },
  { table: 'view_pins', order: ['account_id', 'view_id'] },
  { table: 'webhook_deliveries', order: ['id'] },
] as const satisfies readonly { table: keyof Database; order: readonly string[] }[];

/** Tables whose id the database assigns: PostgreSQL's sequences must continue after the copied ids. */
const SERIAL_TABLES = ['accounts', 'login_failures', 'audit_events'] as const;

const BATCH = 500;

export type CopyCounts = Record<(typeof TABLES)[number]['table'], number>;

async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  for (const { table } of TABLES) {
    const row = await db
      .selectFrom(table)
      .select(sql<number>`1`.as('one'))
      .limit(1)
      .executeTakeFirst();
    if (row) return false;
  }
  return true;
}

/**
 * Copies every row of `from` into `to` (an installation moving from SQLite to PostgreSQL), ids kept, in one
 * transaction: the target must be empty, and is left untouched when anything fails.
 */
export async function copyStore(from: Store, to: Store): Promise<CopyCounts> {
  if (!(await isEmpty(to.db))) throw new Error('the target database is not empty: copy into a new, empty one');
  const counts: CopyCounts = {
    accounts: 0,
    sessions: 0,
    login_failures: 0,
    audit_events: 0,
    jobs: 0,
    job_items: 0,
    saved_views: 0,
    view_pins: 0,
    webhook_deliveries: 0,
  };
  await to.db.transaction().execute(async (target) => {
    for (const { table, order } of TABLES) {
      for (let offset = 0; ; offset += BATCH) {
        let query = from.db.selectFrom(table).selectAll();
        for (const column of order) query = query.orderBy(sql.ref(column));
        const rows = await query.limit(BATCH).offset(offset).execute();
        if (rows.length === 0) break;
        await target.insertInto(table).values(rows).execute();
        counts[table] += rows.length;
      }
    }
    if (to.kind === 'postgres')
      for (const table of SERIAL_TABLES)
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
          target,
        );
  });
  return counts;
}

import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** What the store keeps under a key: the answer's text, good until `until` (epoch ms) and in `generation` only. */
export interface SharedLookup {
  /** The tenant's generation when looked: an answer asked for now is written under it. */
  generation: number;
  answer?: { body: string; until: number };
}

/**
 * Vendor answers kept in the store for every process (PostgreSQL), so that three processes cost the tenant what one
 * does. Each answer belongs to the tenant's generation it was asked in: a change through any process moves the
 * generation on (tenant-changes.ts, with its notice), and every answer of an earlier one is dropped at once, including
 * one that arrives later from a call that began before the change.
 */
export interface SharedAnswers {
  /** The answer kept under `key` that is still good after `after` (epoch ms), and the tenant's generation. */
  look(key: string, after: number): Promise<SharedLookup>;
  /** Keeps `body` under `key` until `until`, unless the tenant has changed since `generation` or a newer one is kept. */
  keep(key: string, body: string, until: number, generation: number): Promise<void>;
}

/** How often a process drops the expired and outdated answers of every process. */
const PRUNE_EVERY_MS = 30_000;

export function sharedAnswersIn(db: Kysely<Database>): SharedAnswers {
  let prunedAt = Date.now();
  const prune = async (now: number): Promise<void> => {
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    await sql`delete from vendor_answers where until < ${now}
      or generation < (select generation from tenant_generation where id = 1)`.execute(db);
  };
  return {
    look: async (key, after) => {
      const row = await db
        .selectFrom('tenant_generation as t')
        .leftJoin('vendor_answers as a', (join) =>
          join.on('a.key', '=', key).onRef('a.generation', '=', 't.generation').on('a.until', '>', after),
        )
        .select(['t.generation', 'a.body', 'a.until'])
        .where('t.id', '=', 1)
        .executeTakeFirstOrThrow();
      const generation = Number(row.generation);
      return row.body === null || row.until === null
        ? { generation }
        : { generation, answer: { body: row.body, until: Number(row.until) } };
    },
    keep: async (key, body, until, generation) => {
      await sql`insert into vendor_answers (key, generation, body, until)
        select ${key}, ${generation}, ${body}, ${until} from tenant_generation where id = 1 and generation = ${generation}
        on conflict (key) do update set generation = excluded.generation, body = excluded.body, until = excluded.until
        where vendor_answers.generation < excluded.generation or vendor_answers.until < excluded.until`.execute(db);
      await prune(Date.now());
    },
  };
}

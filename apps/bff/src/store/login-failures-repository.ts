import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Failed sign-ins, one row per key (account or address) and attempt. */
export class LoginFailuresRepository {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async countSince(key: string, since: number): Promise<number> {
    const row = await this.db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('key', '=', key)
      .where('at', '>', since)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async record(keys: readonly string[], at: number): Promise<void> {
    await this.db
      .insertInto('login_failures')
      .values(keys.map((key) => ({ key, at })))
      .execute();
  }

  async deleteBefore(at: number): Promise<void> {
    await this.db.deleteFrom('login_failures').where('at', '<', at).execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('key', '=', key).execute();
  }
}

import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import type { Database } from '../store/schema.ts';
import type { Clock } from './sessions.ts';

const WINDOW_MS = 15 * 60_000;
const PER_ACCOUNT = 5;
const PER_ADDRESS = 20;

/** Failed sign-ins per account and per address in a sliding window; past the limit, sign-in waits. */
export class LoginThrottle {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock = Date.now) {
    this.db = db;
    this.clock = clock;
  }

  private async failures(key: string): Promise<number> {
    const row = await this.db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('key', '=', key)
      .where('at', '>', this.clock() - WINDOW_MS)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async check(email: string, address: string): Promise<void> {
    const [account, ip] = await Promise.all([
      this.failures(`account:${email.toLowerCase()}`),
      this.failures(`address:${address}`),
    ]);
    if (account >= PER_ACCOUNT || ip >= PER_ADDRESS) {
      throw new AppError(
        429,
        'LOGIN_THROTTLED',
        'Too many failed sign-ins. Wait 15 minutes, or ask an administrator to reset the password.',
        { headers: { 'Retry-After': String(WINDOW_MS / 1000) } },
      );
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const at = this.clock();
    await this.db
      .insertInto('login_failures')
      .values([
        { key: `account:${email.toLowerCase()}`, at },
        { key: `address:${address}`, at },
      ])
      .execute();
    await this.db
      .deleteFrom('login_failures')
      .where('at', '<', at - WINDOW_MS)
      .execute();
  }

  async clear(email: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('key', '=', `account:${email.toLowerCase()}`).execute();
  }
}

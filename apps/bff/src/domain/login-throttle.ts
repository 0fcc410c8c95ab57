import { AppError } from '../errors.ts';
import type { LoginFailuresRepository } from '../store/login-failures-repository.ts';
import type { Clock } from './clock.ts';

const WINDOW_MS = 15 * 60_000;
const PER_ACCOUNT = 5;
const PER_ADDRESS = 20;

const accountKey = (email: string) => `account:${email.toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

/** Failed sign-ins per account and per address in a sliding window; past the limit, sign-in waits. */
export class LoginThrottle {
  private readonly failures: LoginFailuresRepository;
  private readonly clock: Clock;

  constructor(failures: LoginFailuresRepository, clock: Clock) {
    this.failures = failures;
    this.clock = clock;
  }

  async check(email: string, address: string): Promise<void> {
    const since = this.clock() - WINDOW_MS;
    const [account, ip] = await Promise.all([
      this.failures.countSince(accountKey(email), since),
      this.failures.countSince(addressKey(address), since),
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
    await this.failures.record([accountKey(email), addressKey(address)], at);
    await this.failures.deleteBefore(at - WINDOW_MS);
  }

  async clear(email: string): Promise<void> {
    await this.failures.clear(accountKey(email));
  }
}

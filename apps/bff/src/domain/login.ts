import { AppError } from '../errors.ts';
import { normalizeEmail, type Accounts } from './accounts.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';
import type { ActiveSession, Sessions } from './sessions.ts';

export interface LoginAttempt {
  email: string;
  password: string;
  /** The caller's address, for the throttle. */
  address: string;
  /** The session id the browser held before, if any: it is ended, so that a known id is worthless after sign-in. */
  previousSessionId: string | undefined;
}

/** Password sign-in: the throttle first, a constant-time check, then a new session (the old one ended). */
export class Login {
  private readonly accounts: Accounts;
  private readonly sessions: Sessions;
  private readonly throttle: LoginThrottle;
  /** LOCAL_LOGIN: whether passwords are accepted at all. */
  readonly enabled: boolean;

  constructor(deps: { accounts: Accounts; sessions: Sessions; throttle: LoginThrottle; enabled: boolean }) {
    this.accounts = deps.accounts;
    this.sessions = deps.sessions;
    this.throttle = deps.throttle;
    this.enabled = deps.enabled;
  }

  /** Answers the new session and its id (for the cookie). */
  async signIn(attempt: LoginAttempt): Promise<{ id: string; session: ActiveSession }> {
    if (!this.enabled)
      throw new AppError(
        403,
        'LOCAL_LOGIN_DISABLED',
        'Password sign-in is turned off here: sign in with your company account.',
      );
    const email = normalizeEmail(attempt.email);
    await this.throttle.check(email, attempt.address);
    const account = await this.accounts.findByEmail(email);
    // Checked against a dummy hash when there is no account, so that timing does not tell which e-mails exist.
    const valid = await verifyPassword(attempt.password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !valid || account.disabled) {
      await this.throttle.recordFailure(email, attempt.address);
      throw new AppError(401, 'INVALID_CREDENTIALS', 'The e-mail or password is not right.');
    }
    await this.throttle.clear(email);
    if (attempt.previousSessionId !== undefined) await this.sessions.destroy(attempt.previousSessionId);
    const id = await this.sessions.create(account.id);
    const session = await this.sessions.resolve(id);
    if (!session)
      throw new AppError(500, 'SESSION_NOT_SAVED', 'The session could not be started.', { operational: false });
    return { id, session };
  }
}

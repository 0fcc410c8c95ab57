import { createHash, randomBytes } from 'node:crypto';
import type { RoleAssignment } from '@mdm-console/contract';
import type { RoleMap } from '../config.ts';
import { AppError } from '../errors.ts';
import type { SignInAttemptsRepository } from '../store/sign-in-attempts-repository.ts';
import { IdentityProvider, type VerifiedIdentity } from '../upstream/identity-provider.ts';
import type { Accounts } from './accounts.ts';
import type { AuditLog } from './audit.ts';
import type { Clock } from './clock.ts';
import type { ActiveSession, Sessions } from './sessions.ts';

/** How long a person may take at the provider before the sign-in must start again. */
export const SIGN_IN_ATTEMPT_MS = 10 * 60_000;

const hashId = (id: string): string => createHash('sha256').update(id).digest('base64url');

/** A path of this site to return to after sign-in: never another site (`//evil`, `/\evil`, a scheme). */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return '/';
  if (value.length > 2048 || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  for (let k = 0; k < value.length; k += 1) if (value.charCodeAt(k) < 0x20) return null;
  const url = new URL(value, 'https://console.invalid');
  if (url.origin !== 'https://console.invalid') return null;
  return url.pathname + url.search + url.hash;
}

/** The groups claim as a list of names (a single string counts as one group). */
function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  return [];
}

/** The role assignments the user's groups give through OIDC_ROLE_MAP: one per mapped group (their union holds). */
export function assignmentsFromGroups(groups: readonly string[], roleMap: RoleMap): RoleAssignment[] {
  return groups.flatMap((group) => {
    const assignment = Object.hasOwn(roleMap, group) ? roleMap[group] : undefined;
    return assignment ? [assignment] : [];
  });
}

export type SignInResult =
  | { kind: 'signed-in'; id: string; session: ActiveSession; returnTo: string }
  | { kind: 'no-role'; email: string | null };

/**
 * Sign-in through the company's OpenID provider: an attempt (state, nonce, PKCE verifier, where to return) kept in
 * the database under the hash of a short-lived cookie's id, then the callback that checks it all and makes a session.
 */
export class SingleSignOn {
  readonly providerName: string;
  /** The console's URL as browsers reach it (known once the server listens when PUBLIC_URL is unset). */
  readonly publicUrl: () => string;
  private readonly provider: IdentityProvider;
  private readonly attempts: SignInAttemptsRepository;
  private readonly accounts: Accounts;
  private readonly sessions: Sessions;
  private readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly roleMap: RoleMap;
  private readonly groupsClaim: string;

  constructor(deps: {
    publicUrl: () => string;
    provider: IdentityProvider;
    providerName: string;
    roleMap: RoleMap;
    groupsClaim: string;
    attempts: SignInAttemptsRepository;
    accounts: Accounts;
    sessions: Sessions;
    audit: AuditLog;
    clock: Clock;
  }) {
    this.publicUrl = deps.publicUrl;
    this.provider = deps.provider;
    this.providerName = deps.providerName;
    this.roleMap = deps.roleMap;
    this.groupsClaim = deps.groupsClaim;
    this.attempts = deps.attempts;
    this.accounts = deps.accounts;
    this.sessions = deps.sessions;
    this.audit = deps.audit;
    this.clock = deps.clock;
  }

  /** Starts a sign-in: answers the attempt's id (for the cookie) and the provider's URL to send the browser to. */
  async begin(returnTo: unknown): Promise<{ attemptId: string; redirectUrl: string }> {
    const path = safeReturnPath(returnTo);
    if (path === null)
      throw new AppError(400, 'INVALID_RETURN_TO', 'After sign-in the console returns only to its own pages.');
    const now = this.clock();
    await this.attempts.deleteOlderThan(now - SIGN_IN_ATTEMPT_MS);
    const checks = IdentityProvider.newChecks();
    const redirectUrl = await this.provider.authorizationUrl(checks);
    const attemptId = randomBytes(32).toString('base64url');
    await this.attempts.insert(hashId(attemptId), { ...checks, returnTo: path, createdAt: now });
    return { attemptId, redirectUrl };
  }

  /**
   * Finishes a sign-in from the provider's redirect back. The attempt is used up whatever happens; every check of
   * the answer (state, code, PKCE, nonce, issuer, audience, signature, expiry) must pass, else no session is made.
   */
  async finish(
    attemptId: string | undefined,
    callbackUrl: URL,
    context: { previousSessionId: string | undefined; requestId: string | null },
  ): Promise<SignInResult> {
    const attempt = attemptId === undefined ? undefined : await this.attempts.take(hashId(attemptId));
    if (!attempt || this.clock() - attempt.createdAt > SIGN_IN_ATTEMPT_MS)
      throw new AppError(400, 'SIGN_IN_EXPIRED', 'This sign-in was not started here or took too long; start again.');
    let identity: VerifiedIdentity;
    try {
      identity = await this.provider.verify(callbackUrl, attempt);
    } catch (error) {
      if (error instanceof AppError) throw error;
      await this.record({ actorEmail: null, outcome: 'failed:SIGN_IN_REFUSED', requestId: context.requestId });
      throw new AppError(
        401,
        'SIGN_IN_REFUSED',
        'The sign-in provider’s answer did not pass our checks; start again.',
        {
          cause: error,
        },
      );
    }
    const assignments = assignmentsFromGroups(groupsOf(identity.claims, this.groupsClaim), this.roleMap);
    const email = identity.email ?? `${identity.subject}@${new URL(identity.issuer).host}`;
    if (assignments.length === 0) {
      // Access withdrawn at the provider: the sessions this person still has end too, not only this sign-in.
      const known = await this.accounts.findByIdentity({ issuer: identity.issuer, subject: identity.subject });
      if (known) await this.sessions.destroyAllOf(known.id);
      await this.record({ actorEmail: email, outcome: 'failed:NO_ROLE', requestId: context.requestId, identity });
      return { kind: 'no-role', email: identity.email };
    }
    const account = await this.accounts.fromProvider(
      { issuer: identity.issuer, subject: identity.subject },
      email,
      assignments,
    );
    if (account.disabled) {
      await this.record({
        actorEmail: email,
        outcome: 'failed:ACCOUNT_DISABLED',
        requestId: context.requestId,
        identity,
      });
      throw new AppError(403, 'ACCOUNT_DISABLED', 'This account is disabled in mdm-console.');
    }
    if (context.previousSessionId !== undefined) await this.sessions.destroy(context.previousSessionId);
    const id = await this.sessions.create(account.id);
    const session = await this.sessions.resolve(id);
    if (!session)
      throw new AppError(500, 'SESSION_NOT_SAVED', 'The session could not be started.', { operational: false });
    await this.record({
      actorEmail: email,
      actorId: account.id,
      outcome: 'succeeded',
      requestId: context.requestId,
      identity,
      assignments,
    });
    return { kind: 'signed-in', id, session, returnTo: attempt.returnTo };
  }

  /** Where the browser goes to end the provider's session too (null when the provider offers no way). */
  endSessionUrl(postLogoutRedirectUri: string): Promise<string | null> {
    return this.provider.endSessionUrl(postLogoutRedirectUri);
  }

  private async record(event: {
    actorEmail: string | null;
    actorId?: number;
    outcome: string;
    requestId: string | null;
    identity?: VerifiedIdentity;
    assignments?: RoleAssignment[];
  }): Promise<void> {
    await this.audit.append({
      actorId: event.actorId ?? null,
      actorEmail: event.actorEmail,
      role: null,
      action: 'session.sso-login',
      targets: event.identity ? { issuer: event.identity.issuer, subject: event.identity.subject } : null,
      params: {
        groups: event.identity ? groupsOf(event.identity.claims, this.groupsClaim) : [],
        ...(event.assignments ? { assignments: event.assignments } : {}),
      },
      outcome: event.outcome,
      requestId: event.requestId,
      spaceId: null,
    });
  }
}

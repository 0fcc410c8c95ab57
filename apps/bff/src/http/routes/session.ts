import type { Role, Session } from '@mdm-console/contract';
import { parseCookie } from 'cookie';
import type { Request, Response, Router } from 'express';
import type { Accounts } from '../../domain/accounts.ts';
import type { AuditLog } from '../../domain/audit.ts';
import type { LoginThrottle } from '../../domain/login-throttle.ts';
import { DUMMY_HASH, verifyPassword } from '../../domain/passwords.ts';
import { PERMISSIONS_BY_ROLE } from '../../domain/permissions.ts';
import type { ActiveSession, Sessions } from '../../domain/sessions.ts';
import { AppError } from '../../errors.ts';
import { mount } from '../endpoint.ts';

export const SESSION_COOKIE = '__Host-mdm-session';

export function sessionCookie(req: Request): string | undefined {
  return parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
}

export function describeSession(session: ActiveSession): Session {
  const role = session.account.role as Role;
  return {
    user: { id: session.account.id, email: session.account.email },
    role,
    permissions: [...PERMISSIONS_BY_ROLE[role]],
    expiresAt: new Date(session.expiresAt).toISOString(),
    idleExpiresAt: new Date(session.idleExpiresAt).toISOString(),
    spaceId: session.account.space_id,
  };
}

function setCookie(res: Response, id: string, maxAgeMs: number): void {
  res.cookie(SESSION_COOKIE, id, { httpOnly: true, secure: true, sameSite: 'strict', path: '/', maxAge: maxAgeMs });
}

export function sessionRoutes(
  router: Router,
  deps: { accounts: Accounts; sessions: Sessions; throttle: LoginThrottle; audit: AuditLog },
): void {
  const { accounts, sessions, throttle, audit } = deps;

  mount(
    router,
    'login',
    async ({ req, res, body, audit: details }) => {
      const email = body.email.toLowerCase();
      const address = req.ip ?? 'unknown';
      details.actorEmail = email;
      details.params = { email };
      await throttle.check(email, address);
      const account = await accounts.findByEmail(email);
      const valid = await verifyPassword(body.password, account?.password_hash ?? DUMMY_HASH);
      if (!account || !valid || account.disabled === 1) {
        await throttle.recordFailure(email, address);
        throw new AppError(401, 'INVALID_CREDENTIALS', 'The e-mail or password is not right.');
      }
      await throttle.clear(email);
      details.actorId = account.id;
      details.role = account.role;
      // A new id at every sign-in: a session id known before sign-in is worthless after it.
      const previous = sessionCookie(req);
      if (previous !== undefined) await sessions.destroy(previous);
      const id = await sessions.create(account.id);
      setCookie(res, id, sessions.absoluteLifetimeMs);
      const session = await sessions.resolve(id);
      if (!session)
        throw new AppError(500, 'SESSION_NOT_SAVED', 'The session could not be started.', { operational: false });
      res.locals.userEmail = account.email;
      return describeSession(session);
    },
    audit,
  );

  mount(
    router,
    'getSession',
    ({ session }) => {
      return describeSession(session);
    },
    audit,
  );

  mount(
    router,
    'logout',
    async ({ session, res }) => {
      await sessions.destroyByHash(session.idHash);
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: '/' });
      return { ok: true as const };
    },
    audit,
  );
}

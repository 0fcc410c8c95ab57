import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { normalizeEmail } from '../../../domain/accounts.ts';
import { describeSession } from '../../../domain/sessions.ts';
import { mount } from '../../endpoint.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../../session-cookie.ts';

export function sessionRoutes(router: Router, { login, sessions, audit }: Services): void {
  mount(
    router,
    'login',
    async ({ req, res, body, audit: details }) => {
      details.actorEmail = normalizeEmail(body.email);
      details.params = { email: details.actorEmail };
      const { id, session } = await login.signIn({
        email: body.email,
        password: body.password,
        address: req.ip ?? 'unknown',
        previousSessionId: readSessionCookie(req),
      });
      details.actorId = session.account.id;
      details.role = session.account.role;
      setSessionCookie(res, id, sessions.absoluteLifetimeMs);
      res.locals.userEmail = session.account.email;
      return describeSession(session);
    },
    audit,
  );
  mount(router, 'getSession', ({ session }) => describeSession(session), audit);
  mount(
    router,
    'logout',
    async ({ session, res }) => {
      await sessions.destroyByHash(session.idHash);
      clearSessionCookie(res);
      return { ok: true as const };
    },
    audit,
  );
}

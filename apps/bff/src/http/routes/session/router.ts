import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { accessOf } from '../../../domain/access.ts';
import { normalizeEmail } from '../../../domain/accounts.ts';
import { describeSession } from '../../../domain/sessions.ts';
import { mount } from '../../endpoint.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../../session-cookie.ts';

export function sessionRoutes(router: Router, { login, sessions, scope, sso, audit }: Services): void {
  mount(
    router,
    'signInOptions',
    () => ({
      localLogin: login.enabled,
      sso: sso ? { name: sso.providerName, loginUrl: '/auth/oidc/login' } : null,
    }),
    audit,
  );
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
      details.role = accessOf(session.account).topRole;
      setSessionCookie(res, id, sessions.absoluteLifetimeMs);
      res.locals.userEmail = session.account.email;
      return describeSession(session, scope.currentSpace(session));
    },
    audit,
  );
  mount(router, 'getSession', ({ session }) => describeSession(session, scope.currentSpace(session)), audit);
  mount(
    router,
    'logout',
    async ({ session, res }) => {
      await sessions.destroyByHash(session.idHash);
      clearSessionCookie(res);
      // Someone who came through the provider is signed out there too, or the next click would sign them in again.
      const redirectTo =
        sso && session.account.identity
          ? await sso.endSessionUrl(`${sso.publicUrl()}/sign-in`).catch(() => null)
          : null;
      return { ok: true as const, redirectTo };
    },
    audit,
  );
}

import { parseCookie } from 'cookie';
import express, { type Express, type Request, type Response } from 'express';
import type { Services } from '../../../composition.ts';
import { SIGN_IN_ATTEMPT_MS, type SingleSignOn } from '../../../domain/single-sign-on.ts';
import { AppError } from '../../../errors.ts';
import { currentLogger, currentRequestId } from '../../context.ts';
import { escapeHtml } from '../../../html.ts';
import { readSessionCookie, setSessionCookie } from '../../session-cookie.ts';
import type { Logger } from 'pino';

/**
 * The sign-in attempt's cookie. SameSite=Lax, unlike the session's Strict: the provider's redirect back is a
 * cross-site navigation, and a Strict cookie would not come with it.
 */
const ATTEMPT_COOKIE = '__Host-mdm-sign-in';
const ATTEMPT_COOKIE_OPTIONS = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;

/** Back to the sign-in page, saying why (the page words it). */
function toSignIn(res: Response, reason: string): void {
  res.redirect(303, `/sign-in?sso=${encodeURIComponent(reason)}`);
}

/**
 * A page that moves on to `path` by itself. The answer to the provider's redirect is part of a cross-site navigation,
 * whose next request would still go without the SameSite=Strict session cookie; a navigation this page starts is
 * same-site, so the first page after sign-in sees the session.
 */
function continueTo(res: Response, path: string): void {
  const href = escapeHtml(path);
  res
    .status(200)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}">` +
        `<title>Signed in</title></head><body><p>Signed in. <a href="${href}">Continue to mdm-console</a></p></body></html>`,
    );
}

function failed(res: Response, log: Logger, error: unknown): void {
  const code = error instanceof AppError ? error.code : 'SIGN_IN_FAILED';
  if (!(error instanceof AppError) || !error.operational) log.error({ err: error }, 'single sign-on failed');
  else log.warn({ code, err: error.cause ?? error }, 'single sign-on refused');
  toSignIn(res, code);
}

/** GET /auth/oidc/login and /auth/oidc/callback: browser navigations, protected by state, PKCE and nonce. */
export function authRoutes(app: Express, { sso, sessions }: Services, logger: Logger): void {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const withSso = (handler: (sso: SingleSignOn, req: Request, res: Response) => Promise<void>) => {
    return (req: Request, res: Response): void => {
      const log = currentLogger(logger);
      if (!sso) {
        toSignIn(res, 'SSO_NOT_CONFIGURED');
        return;
      }
      handler(sso, req, res).catch((error: unknown) => {
        failed(res, log, error);
      });
    };
  };

  router.get(
    '/login',
    withSso(async (single, req, res) => {
      const unknown = Object.keys(req.query).filter((key) => key !== 'returnTo');
      if (unknown.length > 0)
        throw new AppError(400, 'UNKNOWN_FIELD', `Unknown query parameter: ${unknown.join(', ')}.`);
      const { attemptId, redirectUrl } = await single.begin(req.query.returnTo);
      res.cookie(ATTEMPT_COOKIE, attemptId, { ...ATTEMPT_COOKIE_OPTIONS, maxAge: SIGN_IN_ATTEMPT_MS });
      res.redirect(303, redirectUrl);
    }),
  );

  router.get(
    '/callback',
    withSso(async (single, req, res) => {
      const attemptId = parseCookie(req.headers.cookie ?? '')[ATTEMPT_COOKIE];
      res.clearCookie(ATTEMPT_COOKIE, ATTEMPT_COOKIE_OPTIONS);
      const callbackUrl = new URL(req.originalUrl, `${single.publicUrl()}/`);
      const result = await single.finish(attemptId, callbackUrl, {
        previousSessionId: readSessionCookie(req),
        requestId: currentRequestId(),
      });
      if (result.kind === 'no-role') {
        toSignIn(res, 'NO_ROLE');
        return;
      }
      setSessionCookie(res, result.id, sessions.absoluteLifetimeMs);
      res.locals.userEmail = result.session.account.email;
      continueTo(res, result.returnTo);
    }),
  );
  app.use('/auth/oidc', router);
}

import { parseCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import type { ActiveSession, Sessions } from '../domain/sessions.ts';

export const SESSION_COOKIE = '__Host-mdm-session';

const COOKIE_OPTIONS = { httpOnly: true, secure: true, sameSite: 'strict', path: '/' } as const;

export function readSessionCookie(req: Request): string | undefined {
  return parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
}

export function setSessionCookie(res: Response, id: string, maxAgeMs: number): void {
  res.cookie(SESSION_COOKIE, id, { ...COOKIE_OPTIONS, maxAge: maxAgeMs });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
}

const resolved = new WeakMap<Request, ActiveSession>();

/** The request's session, once resolved by `resolveSession` (undefined when anonymous or expired). */
export function sessionOf(req: Request): ActiveSession | undefined {
  return resolved.get(req);
}

/** Resolves the session cookie once per request, for every route after it. */
export function resolveSession(sessions: Sessions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = readSessionCookie(req);
    if (id === undefined) {
      next();
      return;
    }
    sessions
      .resolve(id)
      .then((session) => {
        if (session) {
          resolved.set(req, session);
          res.locals.userEmail = session.account.email;
        }
        next();
      })
      .catch(next);
  };
}

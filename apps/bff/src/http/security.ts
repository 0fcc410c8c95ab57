import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every /api call carries X-CSRF: 1 (a header a cross-site form cannot send); without it, 401. */
export function requireCsrfHeader(req: Request, _res: Response, next: NextFunction): void {
  if (req.header('x-csrf') !== '1') {
    next(
      new AppError(
        401,
        'CSRF_HEADER_MISSING',
        'This API is only for the mdm-console app: the X-CSRF header is missing.',
      ),
    );
    return;
  }
  next();
}

/**
 * State-changing calls must come from this origin (Origin, else Sec-Fetch-Site) and be JSON. No CORS: a
 * cross-origin browser request never gets here with the session.
 */
export function requireSameOriginJson(req: Request, _res: Response, next: NextFunction): void {
  if (!STATE_CHANGING.has(req.method)) {
    next();
    return;
  }
  const origin = req.header('origin');
  const expected = `${req.protocol}://${req.get('host') ?? ''}`;
  if (origin !== undefined && origin !== expected) {
    next(new AppError(403, 'CROSS_ORIGIN_REFUSED', 'Requests from another site are refused.'));
    return;
  }
  const site = req.header('sec-fetch-site');
  if (origin === undefined && site !== undefined && site !== 'same-origin' && site !== 'none') {
    next(new AppError(403, 'CROSS_ORIGIN_REFUSED', 'Requests from another site are refused.'));
    return;
  }
  const hasBody = Number(req.header('content-length') ?? '0') > 0 || req.header('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) {
    next(new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.'));
    return;
  }
  next();
}

/** API answers are never cached. */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
}

import { isUtf8 } from 'node:buffer';
import { endpoints, IMPORT_MAX_BYTES, IMPORT_MAX_MEGABYTES } from '@mdm-console/contract';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../errors.ts';
import { authorize } from './endpoint.ts';
import { sessionOf } from './session-cookie.ts';

const MEGABYTE = 1024 * 1024;

/** A file's JSON text is larger than the file (quotes and newlines are escaped): room for that, and no more. */
const BODY_LIMIT = Math.round(IMPORT_MAX_BYTES * 1.5);

const isTooLarge = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.too.large';

const parseImport = express.json({
  limit: BODY_LIMIT,
  verify: (_req, _res, body) => {
    if (!isUtf8(body))
      throw new AppError(
        400,
        'INVALID_UTF8',
        'The file is not UTF-8 text. Save it as “CSV UTF-8” (in Excel: Save As → CSV UTF-8) and upload it again.',
      );
  },
});

/**
 * The body of POST /api/imports: a CSV file of up to 5 MB in JSON, whose bytes must be UTF-8. Every other call keeps
 * the small limit of the API's own parser (a body read here is left alone by it).
 */
export function importBody(): Router {
  const router = Router();
  // Ten megabytes are read only for someone who may import: anyone else is answered before the body is.
  router.post('/imports', (req: Request, _res: Response, next: NextFunction) => {
    try {
      authorize(endpoints.createImport, sessionOf(req));
      next();
    } catch (error) {
      next(error);
    }
  });
  router.post('/imports', parseImport);
  router.use((error: unknown, req: Request, _res: Response, next: NextFunction) => {
    if (!isTooLarge(error)) {
      next(error);
      return;
    }
    const bytes = Number(req.headers['content-length'] ?? 0);
    next(
      new AppError(
        400,
        'IMPORT_TOO_LARGE',
        `The file is too large${bytes > 0 ? ` (${(bytes / MEGABYTE).toFixed(1)} MB)` : ''}: an import takes at most ${String(IMPORT_MAX_MEGABYTES)} MB. Split it into several files.`,
      ),
    );
  });
  return router;
}

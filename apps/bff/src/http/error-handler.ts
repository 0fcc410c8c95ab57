import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { isStoreUnavailable } from '../store/unavailable.ts';
import { currentLogger, currentRequestId } from './context.ts';

function isBodyParserError(error: unknown): error is { type: string; status: number } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    typeof error.type === 'string' &&
    'status' in error
  );
}

/** Any error as an AppError: ours as they are, the body parser's as 400/413, anything else a logged 500. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isBodyParserError(error))
    return error.type === 'entity.too.large'
      ? new AppError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.')
      : new AppError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  if (isStoreUnavailable(error))
    return new AppError(503, 'STORE_UNAVAILABLE', 'The console cannot reach its database right now; retry shortly.', {
      headers: { 'Retry-After': '2' },
      cause: error,
    });
  return new AppError(500, 'INTERNAL_ERROR', 'Something went wrong on our side; it has been logged.', {
    operational: false,
    cause: error,
  });
}

/** The one error handler: a stable code and a message for the client, the cause in the log, never a stack. */
export function errorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const appError = toAppError(error);
    const log = currentLogger(logger);
    const cause = appError.cause instanceof Error ? appError.cause.message : undefined;
    if (appError.operational) log.warn({ code: appError.code, status: appError.status, cause }, appError.message);
    else log.error({ code: appError.code, err: appError.cause ?? appError }, 'unexpected error');
    for (const [name, value] of Object.entries(appError.headers)) res.setHeader(name, value);
    const requestId = currentRequestId();
    res.status(appError.status).json({
      error: {
        code: appError.code,
        message: appError.message,
        ...(requestId ? { requestId } : {}),
        ...(appError.details ? { details: appError.details } : {}),
      },
    });
  };
}

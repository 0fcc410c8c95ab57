import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { pino, type Logger } from 'pino';

interface RequestContext {
  requestId: string;
  log: Logger;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Pino to stdout; secrets are redacted wherever they might appear. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'mdm-console-bff' },
    redact: {
      paths: [
        'password',
        '*.password',
        'headers.cookie',
        'headers.authorization',
        '*.headers.cookie',
        '*.headers.authorization',
        'sessionId',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives each request an id (the caller's X-Request-Id if sane) and a logger carrying it; logs each request once. */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.header('x-request-id');
    const requestId = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId });
    res.setHeader('X-Request-Id', requestId);
    const began = performance.now();
    res.on('finish', () => {
      const user = typeof res.locals.userEmail === 'string' ? res.locals.userEmail : undefined;
      log.info(
        { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - began), user },
        'request',
      );
    });
    storage.run({ requestId, log }, next);
  };
}

export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}

export function currentLogger(fallback: Logger): Logger {
  return storage.getStore()?.log ?? fallback;
}

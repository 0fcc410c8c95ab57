import { timingSafeEqual } from 'node:crypto';
import busboy from 'busboy';
import type { NextFunction, Request, Response } from 'express';
import { globalError, VendorError } from '../errors.ts';
import type { Simulator } from '../simulator.ts';
import { planFaults } from './faults.ts';

export type ApiRole = 'admin' | 'reader';

const REALM = 'Basic realm="Ivanti Neurons for MDM"';

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function credentials(req: Request): { user: string; password: string } | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Basic auth (assumption 5): 401 without a valid credential; the read-only user may only read. */
export function authenticate(sim: Simulator, options: { adminOnly: boolean }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = credentials(req);
    const { settings } = sim;
    let role: ApiRole | undefined;
    if (given && same(given.user, settings.adminUser) && same(given.password, settings.adminPassword)) role = 'admin';
    else if (given && same(given.user, settings.readonlyUser) && same(given.password, settings.readonlyPassword))
      role = 'reader';
    if (!role) {
      next(
        globalError(401, 'Unauthorized', 'A valid API user credential is required (HTTP Basic).', {
          'WWW-Authenticate': REALM,
        }),
      );
      return;
    }
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (role === 'reader' && (options.adminOnly || !reading)) {
      next(
        globalError(403, 'Forbidden', 'This API user has the Device Read Only role; the call needs Device Management.'),
      );
      return;
    }
    res.locals.role = role;
    next();
  };
}

/** SIM_RATE_LIMIT: requests per second before 429 with Retry-After (assumption 4). */
export function rateLimit(sim: Simulator) {
  let windowStart = 0;
  let count = 0;
  return (_req: Request, _res: Response, next: NextFunction): void => {
    const limit = sim.settings.rateLimit;
    if (limit <= 0) {
      next();
      return;
    }
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      count = 0;
    }
    count += 1;
    if (count > limit) {
      next(throttled(Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000))));
      return;
    }
    next();
  };
}

function throttled(retryAfterSeconds: number): VendorError {
  return globalError(429, 'RateLimited', 'Too many requests; retry after the time in Retry-After.', {
    'Retry-After': String(retryAfterSeconds),
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Injected faults and latency. Faults "after" strike once the handler has applied the call, by intercepting the
 * response: the client sees a 500, a dropped connection or a truncated body for a change that did happen.
 */
export function injectFaults(sim: Simulator) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const mutating = req.method !== 'GET' && req.method !== 'HEAD';
    const plan = planFaults(sim.faults, sim.settings.latencyMs, mutating);
    if (plan.throttle) {
      next(throttled(1));
      return;
    }
    if (plan.failBefore === 'drop') {
      req.socket.destroy();
      return;
    }
    if (plan.failBefore === 'error') {
      next(globalError(500, 'InternalError', 'The server had an internal error.'));
      return;
    }
    // Wrapping send (which json calls too) lets handlers send ready-made JSON text through the same faults.
    const send = res.send.bind(res);
    let intercepted = false;
    res.send = (body?: unknown): Response => {
      if (intercepted) return send(body);
      intercepted = true;
      void (async () => {
        if (plan.delayMs > 0) await sleep(plan.delayMs);
        if (res.destroyed || req.socket.destroyed) return;
        if (plan.failAfter === 'drop') {
          req.socket.destroy();
          return;
        }
        if (plan.failAfter === 'error') {
          res.status(500).type('application/json');
          send(JSON.stringify(globalError(500, 'InternalError', 'The server had an internal error.').body()));
          return;
        }
        if (plan.failAfter === 'malformed') {
          const text =
            typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
          send(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
          return;
        }
        send(body);
      })();
      return res;
    };
    next();
  };
}

/** multipart/form-data bodies (real clients send actions this way, e.g. `curl --form`). */
export function multipartBody(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is('multipart/form-data')) {
    next();
    return;
  }
  const fields: Record<string, string | string[]> = {};
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { fieldSize: 1_000_000, fields: 10_000, files: 0 } });
  } catch {
    next(globalError(400, 'MalformedBody', 'The multipart body could not be read.'));
    return;
  }
  parser.on('field', (name, value) => {
    const known = fields[name];
    fields[name] = known === undefined ? value : Array.isArray(known) ? [...known, value] : [known, value];
  });
  parser.on('error', () => {
    next(globalError(400, 'MalformedBody', 'The multipart body could not be read.'));
  });
  parser.on('close', () => {
    req.body = fields;
    next();
  });
  req.pipe(parser);
}

/** Every error answered in the vendor's envelope; never a stack trace. */
export function errorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  let vendor: VendorError;
  if (error instanceof VendorError) vendor = error;
  else if (isBodyParserError(error)) {
    vendor =
      error.status === 413
        ? globalError(413, 'PayloadTooLarge', 'The request body is too large.')
        : globalError(400, 'MalformedBody', 'The request body could not be parsed.');
  } else {
    process.stderr.write(
      `mdm-sim: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    vendor = globalError(500, 'InternalError', 'The server had an internal error.');
  }
  for (const [name, value] of Object.entries(vendor.headers)) res.setHeader(name, value);
  res.status(vendor.status).json(vendor.body());
}

function isBodyParserError(error: unknown): error is { status: number; type: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    'status' in error &&
    typeof error.status === 'number'
  );
}

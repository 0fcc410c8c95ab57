import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { Accounts } from '../domain/accounts.ts';
import { AuditLog } from '../domain/audit.ts';
import { DeviceService } from '../domain/devices.ts';
import type { JobContext } from '../domain/jobs/job-context.ts';
import { JobRunner } from '../domain/jobs/job-runner.ts';
import { JobService } from '../domain/jobs/job-service.ts';
import { JobStore } from '../domain/jobs/job-store.ts';
import { clientJobVendor } from '../domain/jobs/job-vendor.ts';
import { LoginThrottle } from '../domain/login-throttle.ts';
import { PeopleService } from '../domain/people.ts';
import { Sessions, type Clock } from '../domain/sessions.ts';
import { TenantService } from '../domain/tenant.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import type { Vendor } from '../upstream/vendor.ts';
import { currentLogger, currentRequestId, requestContext } from './context.ts';
import { assertEveryRouteDeclaresAccess } from './endpoint.ts';
import { deviceRoutes } from './routes/devices.ts';
import { jobRoutes } from './routes/jobs.ts';
import { otherRoutes } from './routes/people-tenant-audit.ts';
import { sessionCookie, sessionRoutes } from './routes/session.ts';
import { spaceResolver } from './routes/space.ts';
import { noStore, requireCsrfHeader, requireSameOriginJson } from './security.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  vendor: Vendor;
  logger: Logger;
  clock?: Clock;
  /** The built SPA (apps/web/dist); served when present. */
  webDist?: string;
}

export interface App {
  app: Express;
  accounts: Accounts;
  sessions: Sessions;
  audit: AuditLog;
  runner: JobRunner;
  /** Ends long-lived answers (job events) so that the server can close. */
  stopServing(): void;
}

function isBodyParserError(error: unknown): error is { type: string; status: number } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    typeof error.type === 'string' &&
    'status' in error
  );
}

function errorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if (isBodyParserError(error)) {
      appError =
        error.type === 'entity.too.large'
          ? new AppError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.')
          : new AppError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
    } else
      appError = new AppError(500, 'INTERNAL_ERROR', 'Something went wrong on our side; it has been logged.', {
        operational: false,
        cause: error,
      });
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

function serveWeb(app: Express, dist: string | undefined): void {
  if (dist === undefined || !existsSync(join(dist, 'index.html'))) {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('mdm-console: the API is at /api (see /api/openapi.json); the web app is not built.');
    });
    return;
  }
  app.use(
    express.static(dist, {
      index: false,
      setHeaders: (res, path) => {
        // Hashed assets never change; index.html always must be fetched anew.
        res.setHeader(
          'Cache-Control',
          path.includes(join(dist, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  app.get(/^(?!\/api\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dist, 'index.html'));
  });
}

/** The BFF: security middlewares, the contract's routes, health, the SPA. */
export function createApp(deps: AppDeps): App {
  const { config, store, vendor, logger } = deps;
  const clock = deps.clock ?? Date.now;
  const accounts = new Accounts(store.db);
  const sessions = new Sessions(store.db, {
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
    clock,
  });
  const throttle = new LoginThrottle(store.db, clock);
  const audit = new AuditLog(store.db);
  const space = spaceResolver(vendor);
  const stopping = new AbortController();
  const jobContext: JobContext = {
    store: new JobStore(store.db),
    vendor: clientJobVendor(vendor.client),
    audit,
    settings: config.jobs,
    now: clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: logger.child({ component: 'jobs' }),
  };
  const runner = new JobRunner(jobContext);

  const app = express();
  app.disable('x-powered-by');
  // API answers are never cached (no-store), so hashing every body for an ETag is wasted work.
  app.disable('etag');
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          // The demo and tests run on plain http://localhost; TLS belongs to the proxy in front.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', (_req, res, next) => {
    Promise.all([store.ping(), vendor.ready()])
      .then(([storeOk, vendorOk]) => {
        res.status(storeOk && vendorOk ? 200 : 503).json({ ok: storeOk && vendorOk, store: storeOk, vendor: vendorOk });
      })
      .catch(next);
  });

  const api = Router();
  sessionRoutes(api, { accounts, sessions, throttle, audit });
  deviceRoutes(api, {
    vendor,
    devices: new DeviceService(
      vendor.client,
      (ref) => vendor.getDevice(ref),
      (key, load) => vendor.cache.get(key, load),
    ),
    audit,
    space,
  });
  otherRoutes(api, {
    people: new PeopleService(vendor.client),
    tenant: new TenantService(vendor.client),
    accounts,
    audit,
    space,
  });
  jobRoutes(api, { jobs: new JobService(jobContext, runner), audit, space, stopping: stopping.signal });
  assertEveryRouteDeclaresAccess(api);

  app.use(
    '/api',
    noStore,
    requireCsrfHeader,
    requireSameOriginJson,
    express.json({ limit: '100kb' }),
    (req, res, next) => {
      const id = sessionCookie(req);
      if (id === undefined) {
        next();
        return;
      }
      sessions
        .resolve(id)
        .then((session) => {
          res.locals.session = session;
          if (session) res.locals.userEmail = session.account.email;
          next();
        })
        .catch(next);
    },
    api,
    (req: Request, _res: Response, next: NextFunction) => {
      next(new AppError(404, 'NOT_FOUND', `There is no API call ${req.method} /api${req.path}.`));
    },
  );
  serveWeb(app, deps.webDist);
  app.use(errorHandler(logger));
  return {
    app,
    accounts,
    sessions,
    audit,
    runner,
    stopServing: () => {
      stopping.abort();
    },
  };
}

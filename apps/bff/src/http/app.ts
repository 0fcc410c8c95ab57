import express, { Router, type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Services } from '../composition.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import type { Metrics } from '../observability/metrics.ts';
import { compressAnswers } from './compress-answers.ts';
import { requestContext } from './context.ts';
import { requestMetrics } from './request-metrics.ts';
import { assertEveryRouteDeclaresAccess } from './endpoint.ts';
import { errorHandler } from './error-handler.ts';
import { auditRoutes } from './routes/audit/router.ts';
import { authRoutes } from './routes/auth/router.ts';
import { depRoutes } from './routes/dep/router.ts';
import { deviceRoutes } from './routes/devices/router.ts';
import { jobRoutes } from './routes/jobs/router.ts';
import { metaRoutes } from './routes/meta/router.ts';
import { peopleRoutes } from './routes/people/router.ts';
import { sessionRoutes } from './routes/session/router.ts';
import { spaceRoutes } from './routes/spaces/router.ts';
import { viewRoutes } from './routes/views/router.ts';
import { importRoutes } from './routes/imports/router.ts';
import { webhookRoutes } from './routes/webhooks/router.ts';
import { loadWebApp, serveWeb } from './web-app.ts';
import { importBody } from './import-body.ts';
import { noStore, requireCsrfHeader, requireSameOriginJson } from './security.ts';
import { resolveSession } from './session-cookie.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  services: Services;
  metrics: Metrics;
  logger: Logger;
  /** The built SPA (apps/web/dist); served when present. */
  webDist?: string;
}

export interface App {
  app: Express;
  /** Ends long-lived answers (job events) so that the server can close. */
  stopServing(): void;
}

const CONTENT_SECURITY_POLICY = {
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
};

/** The BFF: security middlewares, the contract's routes, health, the SPA. */
export function createApp({ config, store, services, metrics, logger, webDist }: AppDeps): App {
  const stopping = new AbortController();
  const app = express();
  app.disable('x-powered-by');
  // API answers are never cached (no-store), so hashing every body for an ETag is wasted work.
  app.disable('etag');
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext(logger));
  app.use(requestMetrics(metrics));
  const web = loadWebApp(webDist);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          ...CONTENT_SECURITY_POLICY,
          scriptSrc: [...CONTENT_SECURITY_POLICY.scriptSrc, ...(web?.inlineScriptHashes ?? [])],
          styleSrc: [...CONTENT_SECURITY_POLICY.styleSrc, ...(web?.inlineStyleHashes ?? [])],
        },
      },
    }),
  );
  app.use(compressAnswers());

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', (_req, res, next) => {
    Promise.all([store.ping(), services.vendor.ready()])
      .then(([storeOk, vendorOk]) => {
        res.status(storeOk && vendorOk ? 200 : 503).json({ ok: storeOk && vendorOk, store: storeOk, vendor: vendorOk });
      })
      .catch(next);
  });

  const api = Router();
  sessionRoutes(api, services);
  deviceRoutes(api, services);
  peopleRoutes(api, services);
  spaceRoutes(api, services);
  depRoutes(api, services);
  viewRoutes(api, services);
  importRoutes(api, services);
  webhookRoutes(api, services);
  auditRoutes(api, services);
  jobRoutes(api, services, stopping.signal);
  metaRoutes(api, services);
  assertEveryRouteDeclaresAccess(api);

  app.use(
    '/api',
    noStore,
    requireCsrfHeader,
    requireSameOriginJson,
    resolveSession(services.sessions),
    importBody(),
    express.json({ limit: '100kb' }),
    api,
    (req: Request, _res: Response, next: NextFunction) => {
      next(new AppError(404, 'NOT_FOUND', `There is no API call ${req.method} /api${req.path}.`));
    },
  );
  authRoutes(app, services, logger);
  serveWeb(app, web);
  app.use(errorHandler(logger));
  return {
    app,
    stopServing: () => {
      stopping.abort();
    },
  };
}

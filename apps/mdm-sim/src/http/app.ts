import express, { type Express } from 'express';
import { globalError } from '../errors.ts';
import type { Simulator } from '../simulator.ts';
import { authenticate, errorHandler, injectFaults, multipartBody, rateLimit } from './middleware.ts';
import { actionsRouter } from './routes/actions.ts';
import { controlRouter } from './routes/control.ts';
import { deviceResourcesRouter } from './routes/device-resources.ts';
import { devicesSearchRouter } from './routes/devices-search.ts';
import { tenantRouter } from './routes/tenant.ts';
import { usersRouter } from './routes/users.ts';

const BODY_LIMIT = '2mb';

/** The simulator's HTTP app: the vendor API under /api, the control API under /__sim. */
export function createSimApp(sim: Simulator): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');

  app.use('/__sim', authenticate(sim, { adminOnly: true }), express.json({ limit: BODY_LIMIT }));
  app.use(controlRouter(sim));

  app.use(
    '/api',
    rateLimit(sim),
    injectFaults(sim),
    authenticate(sim, { adminOnly: false }),
    express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100_000 }),
    express.json({ limit: BODY_LIMIT }),
    express.text({ type: 'text/plain', limit: BODY_LIMIT }),
    multipartBody,
  );
  app.use(actionsRouter(sim));
  app.use(devicesSearchRouter(sim));
  app.use(deviceResourcesRouter(sim));
  app.use(tenantRouter(sim));
  app.use(usersRouter(sim));

  app.use((req, _res, next) => {
    next(globalError(404, 'NotFound', `No API call ${req.method} ${req.path}.`));
  });
  app.use(errorHandler);
  return app;
}

import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '../observability/metrics.ts';

/** The route template that answered (`/api/devices/:id`), never the raw path: labels stay few. */
function routeOf(req: Request): string {
  const route: unknown = req.route;
  if (typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string')
    return `${req.baseUrl}${route.path}`;
  return req.path.startsWith('/api/') ? 'unmatched' : 'web';
}

/** Counts and times every answer by method, route template and status. */
export function requestMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const began = performance.now();
    res.on('finish', () => {
      metrics.httpRequest(req.method, routeOf(req), res.statusCode, (performance.now() - began) / 1000);
    });
    next();
  };
}

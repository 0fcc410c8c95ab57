import type { Request } from 'express';
import { globalError } from '../errors.ts';
import type { Simulator } from '../simulator.ts';
import { Params, parseQueryString } from './params.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The body as an object (urlencoded, multipart or JSON); other bodies give none. */
export function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  return {};
}

/** Body parameters first, then the query string's. */
export function requestParams(req: Request): Params {
  return new Params(bodyObject(req), parseQueryString(req.originalUrl));
}

export function queryParams(req: Request): Params {
  return new Params(parseQueryString(req.originalUrl));
}

/** The index of the live device named by an id or a GUID (any case), or undefined. */
export function findDevice(sim: Simulator, idOrGuid: string): number | undefined {
  const text = idOrGuid.trim();
  if (/^\d+$/.test(text)) {
    const index = sim.tenant.indexOfDeviceId(Number(text));
    return index >= 0 ? index : undefined;
  }
  if (GUID.test(text)) {
    const index = sim.engine.text.guids.exact(text.toLowerCase())[0];
    return index !== undefined && sim.tenant.indexOfDeviceId(sim.tenant.deviceId(index)) >= 0 ? index : undefined;
  }
  return undefined;
}

export function requireDevice(sim: Simulator, idOrGuid: string): number {
  const index = findDevice(sim, idOrGuid);
  if (index === undefined) throw globalError(404, 'NotFound', `No device has the id or GUID '${idOrGuid}'.`);
  return index;
}

export function ok<T>(result: T): { errors: null; result: T } {
  return { errors: null, result };
}

/** A list answer in the vendor's search shape. */
export function page(items: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { totalCount: items.length, queryTime: 0, searchResults: items, offset: 0, limit: items.length, ...extra };
}

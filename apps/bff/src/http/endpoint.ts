import { endpoints, type Endpoint, type EndpointName } from '@mdm-console/contract';
import type { NextFunction, Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { AuditLog } from '../domain/audit.ts';
import { accessOf } from '../domain/access.ts';
import { spaceTracker } from '../domain/device-scope.ts';
import type { ActiveSession } from '../domain/sessions.ts';
import { AppError } from '../errors.ts';
import { currentRequestId } from './context.ts';
import { sessionOf } from './session-cookie.ts';
import { parseInput, refuseAnyInput } from './validation.ts';

type Endpoints = typeof endpoints;
type QueryOf<N extends EndpointName> = Endpoints[N] extends { query: infer Q extends z.ZodType }
  ? z.output<Q>
  : undefined;
type BodyOf<N extends EndpointName> = Endpoints[N] extends { body: infer B extends z.ZodType }
  ? z.output<B>
  : undefined;
type ResponseOf<N extends EndpointName> = z.input<Endpoints[N]['response']>;
/** The session a handler gets: always there once the access check passed, except on public endpoints. */
type SessionOf<N extends EndpointName> = Endpoints[N]['access'] extends 'public'
  ? ActiveSession | undefined
  : ActiveSession;

/** The audit details a handler may fill in (the defaults come from the session, path and body). */
export interface AuditDetails {
  targets?: unknown;
  params?: unknown;
  vendorResult?: unknown;
  actorEmail?: string;
  actorId?: number;
  role?: string;
}

/** What a handler learns about its call. */
export interface Call<N extends EndpointName> {
  req: Request;
  res: Response;
  session: SessionOf<N>;
  params: Record<string, string>;
  query: QueryOf<N>;
  body: BodyOf<N>;
  audit: AuditDetails;
}

/** A route's use case; answers that need no I/O may be returned directly. */
export type Handler<N extends EndpointName> = (call: Call<N>) => ResponseOf<N> | Promise<ResponseOf<N>>;

/** Marks a route handler with the access it checks, so that a route without one is found at start. */
export const ACCESS = Symbol('access');
type MarkedHandler = ((req: Request, res: Response, next: NextFunction) => void) & { [ACCESS]?: string };

/** Whether `session` may call `endpoint` at all (401, 403); the use case checks the space itself. */
export function authorize(endpoint: Endpoint, session: ActiveSession | undefined): void {
  if (endpoint.access === 'public') return;
  if (!session) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in to continue.');
  // The door: the permission must hold in some space; the use case checks the space itself (DeviceScope).
  if (endpoint.access !== 'session' && !accessOf(session.account).canSomewhere(endpoint.access)) {
    throw new AppError(403, 'FORBIDDEN', `Your role (${accessOf(session.account).topRole}) may not do this.`);
  }
}

/** The query and body of a request, each parsed strictly: a part the endpoint does not take must be empty. */
function inputsOf(endpoint: Endpoint, req: Request): { query: unknown; body: unknown } {
  if (!endpoint.query) refuseAnyInput(req.query, 'query');
  if (!endpoint.body) refuseAnyInput(req.body, 'body');
  return {
    query: endpoint.query ? parseInput(endpoint.query, req.query, 'query') : undefined,
    body: endpoint.body ? parseInput(endpoint.body, req.body ?? {}, 'body') : undefined,
  };
}

/**
 * Checks access and input, and builds the handler's call. The casts are the one place where the contract's
 * per-endpoint types meet Express's untyped request: the values were parsed by the endpoint's own schemas above.
 */
function callOf<N extends EndpointName>(endpoint: Endpoint, req: Request, res: Response): Call<N> {
  const session = sessionOf(req);
  authorize(endpoint, session);
  const { query, body } = inputsOf(endpoint, req);
  return {
    req,
    res,
    session: session as SessionOf<N>,
    params: req.params as Record<string, string>,
    query: query as QueryOf<N>,
    body: body as BodyOf<N>,
    audit: {},
  };
}

// Answers served from the read cache are the same object each time: validated, serialized and encoded once.
const validatedAnswers = new WeakMap<object, Map<Endpoint, Buffer>>();

/** The answer checked against the endpoint's contract, as UTF-8 JSON. */
function validatedJson(endpoint: Endpoint, answer: unknown): Buffer {
  const cacheable = typeof answer === 'object' && answer !== null;
  const known = cacheable ? validatedAnswers.get(answer)?.get(endpoint) : undefined;
  if (known !== undefined) return known;
  const json = Buffer.from(JSON.stringify(endpoint.response.parse(answer)));
  if (cacheable)
    validatedAnswers.set(answer, (validatedAnswers.get(answer) ?? new Map<Endpoint, Buffer>()).set(endpoint, json));
  return json;
}

/** The audit targets named by the path: `[deviceId]` (a list, as bulk events list devices), or `{job}`. */
function subjectOf(endpoint: Endpoint, id: string | undefined): unknown {
  if (id === undefined) return null;
  if (endpoint.subject === 'job') return { job: id };
  if (endpoint.subject === 'view') return { view: id };
  if (endpoint.subject === 'import') return { import: id };
  return [/^\d+$/.test(id) ? Number(id) : id];
}

const pathId = (req: Request): string | undefined => {
  const id: unknown = req.params.id;
  return typeof id === 'string' ? id : undefined;
};

/** Mounts endpoint `name` of the contract on `router` with its access check, strict input, answer check and audit. */
export function mount<N extends EndpointName>(router: Router, name: N, handler: Handler<N>, audit: AuditLog): void {
  const endpoint: Endpoint = endpoints[name];
  const run: MarkedHandler = (req, res, next) => {
    const session = sessionOf(req);
    const details: AuditDetails = {};
    const touched = spaceTracker();
    let body: unknown = null;
    const record = async (outcome: string): Promise<void> => {
      if (!endpoint.audited) return;
      await audit.append({
        actorId: details.actorId ?? session?.account.id ?? null,
        actorEmail: details.actorEmail ?? session?.account.email ?? null,
        role: details.role ?? (session ? accessOf(session.account).topRole : null),
        action: endpoint.audited,
        targets: details.targets ?? subjectOf(endpoint, pathId(req)),
        params: details.params ?? body,
        outcome,
        vendorResult: details.vendorResult,
        requestId: currentRequestId(),
        spaceId: touched.spaceId,
      });
    };
    void (async () => {
      try {
        const call = callOf<N>(endpoint, req, res);
        call.audit = details;
        body = call.body ?? null;
        // Only an audited call needs to know which space it touched (for its event); reads skip the tracking.
        const answer = validatedJson(
          endpoint,
          await (endpoint.audited ? touched.run(async () => handler(call)) : handler(call)),
        );
        await record('succeeded');
        res.type('application/json').send(answer);
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'INTERNAL_ERROR';
        // Refusals before anything was attempted (no session, no right, bad input) are audited too when the call would change state.
        await record(`failed:${code}`).catch(() => undefined);
        next(error);
      }
    })();
  };
  run[ACCESS] = endpoint.access;
  router[endpoint.method](endpoint.path, run);
}

/** A route's use case that writes its own answer (a stream, a file). */
export type RawHandler<N extends EndpointName> = (call: Call<N>) => Promise<void>;

/** Mounts endpoint `name`, answered by `handler` itself (text/csv, text/event-stream), with its access check. */
export function mountRaw<N extends EndpointName>(router: Router, name: N, handler: RawHandler<N>): void {
  const endpoint: Endpoint = endpoints[name];
  const run: MarkedHandler = (req, res, next) => {
    void (async () => {
      try {
        await handler(callOf<N>(endpoint, req, res));
      } catch (error) {
        next(error);
      }
    })();
  };
  run[ACCESS] = endpoint.access;
  router[endpoint.method](endpoint.path, run);
}

interface Layer {
  route?: { path: string; stack: { handle: MarkedHandler }[] };
}

/** Fails when a route of `router` was registered without an access rule (every route must declare one). */
export function assertEveryRouteDeclaresAccess(router: Router): number {
  const layers = (router as unknown as { stack: Layer[] }).stack;
  let routes = 0;
  for (const layer of layers) {
    if (!layer.route) continue;
    routes += 1;
    if (!layer.route.stack.some((inner) => inner.handle[ACCESS] !== undefined)) {
      throw new Error(`The route ${layer.route.path} declares no permission: mount it through the contract.`);
    }
  }
  return routes;
}

import { CSRF_HEADER, JSON_CALL_HEADERS } from './call-headers.ts';
import type { z } from 'zod';
import { errorBodySchema } from './common.ts';
import { ENDPOINT_NAMES, endpoints, type Endpoint, type EndpointName } from './endpoints.ts';

type Endpoints = typeof endpoints;

/** The `:name` parameters of a path, e.g. `/jobs/:id/items` → `'id'`. */
type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type ParamsPart<N extends EndpointName> = [PathParams<Endpoints[N]['path']>] extends [never]
  ? unknown
  : { params: Record<PathParams<Endpoints[N]['path']>, string | number> };
type QueryPart<N extends EndpointName> = Endpoints[N] extends { query: infer Q extends z.ZodType }
  ? object extends z.input<Q>
    ? { query?: z.input<Q> }
    : { query: z.input<Q> }
  : unknown;
type BodyPart<N extends EndpointName> = Endpoints[N] extends { body: infer B extends z.ZodType }
  ? object extends z.input<B>
    ? { body?: z.input<B> }
    : { body: z.input<B> }
  : unknown;

/** What a call of endpoint N sends: its path parameters, query and body as the contract types them. */
export type RequestOf<N extends EndpointName> = ParamsPart<N> & QueryPart<N> & BodyPart<N> & { signal?: AbortSignal };
/** What endpoint N answers, parsed by its response schema. */
export type AnswerOf<N extends EndpointName> = z.output<Endpoints[N]['response']>;

/** Endpoints that answer one JSON document (the others stream a file or events: see `urlOf`). */
export type JsonEndpointName = {
  [N in EndpointName]: Endpoints[N] extends { produces: string } ? never : N;
}[EndpointName];

/** One typed function per JSON endpoint, named as in the endpoint table: `api.searchDevices({ query })`. */
export type ApiClient = {
  [N in JsonEndpointName]: (
    ...request: object extends RequestOf<N> ? [request?: RequestOf<N>] : [request: RequestOf<N>]
  ) => Promise<AnswerOf<N>>;
};

/** A failed call: its status, the BFF's stable code and the message a person can act on. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, requestId?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details;
  }
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

function isQueryValue(value: unknown): value is QueryValue {
  const scalar = (item: unknown) => ['string', 'number', 'boolean'].includes(typeof item);
  return value === null || value === undefined || scalar(value) || (Array.isArray(value) && value.every(scalar));
}

/** The query string: arrays as repeated keys, empty values left out. */
function queryString(query: unknown): string {
  const params = new URLSearchParams();
  if (typeof query === 'object' && query !== null)
    for (const [key, value] of Object.entries(query)) {
      if (!isQueryValue(value) || value === undefined || value === null || value === '') continue;
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
    }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function pathOf(endpoint: Endpoint, params: unknown): string {
  const values: Record<string, unknown> = typeof params === 'object' && params !== null ? { ...params } : {};
  return endpoint.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = values[name];
    if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`${endpoint.path} needs ${name}`);
    return encodeURIComponent(String(value));
  });
}

const partOf = (request: object, key: string): unknown => Object.entries(request).find(([name]) => name === key)?.[1];

const urlFor = (endpoint: Endpoint, request: object): string =>
  `/api${pathOf(endpoint, partOf(request, 'params'))}${queryString(partOf(request, 'query'))}`;

/** The URL of a call under /api (for the streaming endpoints, fetched by the caller itself). */
export function urlOf<N extends EndpointName>(name: N, request: RequestOf<N>): string {
  return urlFor(endpoints[name], request);
}

async function errorOf(response: Response): Promise<ApiError> {
  const parsed = errorBodySchema.safeParse(await response.json().catch(() => null));
  if (parsed.success) {
    const { code, message, requestId, details } = parsed.data.error;
    return new ApiError(response.status, code, message, requestId, details);
  }
  return new ApiError(
    response.status,
    'HTTP_ERROR',
    `The console's server answered ${String(response.status)} ${response.statusText}. Try again in a moment.`,
  );
}

export interface ApiClientOptions {
  /** Where /api is: '' in the browser (same origin), the BFF's URL elsewhere. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Sent with every call (a test's session cookie). */
  headers?: Record<string, string>;
}

/** Endpoints that answer a file or a stream, read by the caller as it comes. */
export type StreamEndpointName = Exclude<EndpointName, JsonEndpointName>;

/**
 * Opens a streaming endpoint (a CSV) with the same encoding, headers and errors as the JSON calls: answers the
 * Response, whose body the caller reads as it arrives; a refusal is an ApiError with the BFF's code.
 */
export async function openStream<N extends StreamEndpointName>(
  name: N,
  request: RequestOf<N>,
  options: ApiClientOptions = {},
): Promise<Response> {
  const send = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await send(`${options.baseUrl ?? ''}${urlOf(name, request)}`, {
      headers: { ...options.headers, ...CSRF_HEADER },
      credentials: 'same-origin',
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'The console cannot reach its server. Check your connection and retry.');
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/**
 * The BFF's API as typed functions driven by the endpoint table: method, path, query encoding and the parse of the
 * answer all come from the contract. Every call carries X-CSRF: 1; a failure is an ApiError with the BFF's code.
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const send = options.fetch ?? fetch;
  const call = async (name: EndpointName, request: object): Promise<unknown> => {
    const endpoint: Endpoint = endpoints[name];
    const body = partOf(request, 'body');
    const signal = partOf(request, 'signal');
    const headers: Record<string, string> = { ...options.headers, ...JSON_CALL_HEADERS };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await send(`${options.baseUrl ?? ''}${urlFor(endpoint, request)}`, {
        method: endpoint.method.toUpperCase(),
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal instanceof AbortSignal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK_ERROR', 'The console cannot reach its server. Check your connection and retry.');
    }
    if (!response.ok) throw await errorOf(response);
    const parsed = endpoint.response.safeParse(await response.json());
    if (!parsed.success)
      throw new ApiError(
        response.status,
        'UNEXPECTED_ANSWER',
        'The console received an answer it does not understand; reload the page.',
      );
    return parsed.data;
  };
  // One function per endpoint name; each answer was parsed by that endpoint's own response schema above.
  return Object.fromEntries(
    ENDPOINT_NAMES.map((name) => [name, (request: object = {}) => call(name, request)]),
  ) as ApiClient;
}

import ky, {
  type HTTPError,
  isForceRetryError,
  isHTTPError,
  isNetworkError,
  isTimeoutError,
  type KyInstance,
} from 'ky';
import type { z } from 'zod';
import { errorEnvelopeSchema } from '../schemas/envelope.ts';
import { kindOfStatus, VendorApiError } from './errors.ts';
import { RequestLimiter, type VendorBudget } from './limiter.ts';
import { undiciFetch } from './undici-fetch.ts';

export interface TransportOptions {
  /** The tenant, e.g. https://na1.mobileiron.com (no trailing path). */
  baseUrl: string;
  username: string;
  password: string;
  /** Per attempt; default 15 s. */
  timeoutMs?: number;
  /** Requests in flight to the tenant at once; default 8. */
  maxInFlight?: number;
  /** Requests started per second; default 500. */
  maxPerSecond?: number;
  /** Retries of a GET (429, 5xx, dropped connection, unreadable answer); default 3. */
  retryLimit?: number;
  /** Longest wait a Retry-After may impose before a retry; default 30 s. */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  /** The request budget; default: maxInFlight and maxPerSecond in this process. */
  budget?: VendorBudget;
  /** Told of every request sent to the tenant, retries included (for metrics). */
  onAttempt?: (attempt: VendorAttempt) => void;
  /**
   * Called after every state-changing call ends, however it ended (the vendor may have acted even on a failure):
   * for caches of vendor reads to drop what may now be stale. The call answers once what it returns has settled.
   */
  onStateChange?: () => void | Promise<void>;
}

export type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** One request to the tenant as it ended: an HTTP status, or no answer at all. */
export interface VendorAttempt {
  /** Method and path template, e.g. `GET /api/v1/device/:id` (ids, e-mails and GUIDs replaced). */
  call: string;
  status: number | 'timeout' | 'network';
  seconds: number;
}

/** Path segments that name one object (numbers, GUIDs, e-mails): replaced so that a call names a kind of request. */
const OBJECT_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f-]{27}|.*(@|%40).*)$/i;

/** `GET /api/v1/device/:id/configs` for a request to /api/v1/device/22001/configs?x=1. */
export function callTemplate(method: string, url: string): string {
  const { pathname } = new URL(url);
  const path = pathname
    .split('/')
    .map((segment) => (OBJECT_SEGMENT.test(segment) ? ':id' : segment))
    .join('/');
  return `${method} ${path}`;
}

function failureOf(error: unknown): VendorAttempt['status'] {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    ? 'timeout'
    : 'network';
}

export interface CallOptions {
  query?: URLSearchParams;
  /** Sent as application/x-www-form-urlencoded, as the documents show for actions. */
  form?: URLSearchParams;
  /** Sent as application/json (custom attributes). */
  json?: unknown;
  /** Reads a GET's answer bytes into its JSON value, throwing if they are not JSON (default: `JSON.parse`). */
  readAnswer?: (bytes: Uint8Array) => unknown;
}

/** Carries `readAnswer` to the hook that parses an answer (ky's context holds anything, this tells it apart). */
class AnswerReader {
  readonly read: (bytes: Uint8Array) => unknown;

  constructor(read: (bytes: Uint8Array) => unknown) {
    this.read = read;
  }
}

function retryAfterSeconds(error: HTTPError): number | undefined {
  const header = error.response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : undefined;
}

function refusedBeforeSending(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const innerCause = cause instanceof Error ? cause.cause : undefined;
  const innerCode =
    typeof innerCause === 'object' && innerCause !== null && 'code' in innerCause ? String(innerCause.code) : '';
  return [code, innerCode].some((c) => c === 'ECONNREFUSED' || c === 'ENOTFOUND' || c === 'EAI_AGAIN');
}

/** Turns whatever ky threw into a VendorApiError that says whether the vendor may have acted. */
function toVendorError(error: unknown, method: Method, path: string): VendorApiError {
  const mutating = method !== 'GET';
  if (isHTTPError(error)) {
    const status = error.response.status;
    const envelope = errorEnvelopeSchema.safeParse(error.data);
    const errors = envelope.success ? envelope.data.errors : undefined;
    const retryAfter = retryAfterSeconds(error);
    return new VendorApiError({
      kind: kindOfStatus(status),
      status,
      message: `${method} ${path} answered ${String(status)}`,
      fieldErrors: errors?.fieldErrors ?? [],
      globalErrors: errors?.globalErrors ?? [],
      ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
      ambiguous: mutating && status >= 500,
      cause: error,
    });
  }
  if (isForceRetryError(error)) {
    return new VendorApiError({
      kind: 'malformed',
      message: `${method} ${path} answered a body that is not JSON`,
      ambiguous: mutating,
      cause: error,
    });
  }
  if (isTimeoutError(error)) {
    return new VendorApiError({
      kind: 'timeout',
      message: `${method} ${path} timed out`,
      ambiguous: mutating,
      cause: error,
    });
  }
  if (isNetworkError(error) || error instanceof TypeError) {
    const refused = refusedBeforeSending(error);
    return new VendorApiError({
      kind: 'network',
      message: `${method} ${path} failed: ${refused ? 'connection refused' : 'connection lost'}`,
      ambiguous: mutating && !refused,
      cause: error,
    });
  }
  return new VendorApiError({
    kind: 'network',
    message: `${method} ${path} failed`,
    ambiguous: mutating,
    cause: error,
  });
}

/** Answers of GETs parsed by the retry hook, so that the body is parsed once. */
const parsedAnswers = new WeakMap<Response, unknown>();

/**
 * HTTP to one tenant: Basic credential, timeout, limiter, and the one retry policy of a vendor call: a GET changes
 * nothing, so it is tried again on 429 (after Retry-After), a 5xx, a dropped connection or an answer that is not
 * JSON. A timeout is not retried: it has already spent the whole wait, and another would hold the caller (a browser,
 * within the server's request timeout) several times as long. A state-changing call is never retried here (the jobs
 * decide from what the vendor may have done).
 */
export class Transport {
  private readonly api: KyInstance;
  private readonly budget: VendorBudget;
  private readonly onStateChange: (() => void | Promise<void>) | undefined;

  constructor(options: TransportOptions) {
    this.onStateChange = options.onStateChange;
    const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.budget =
      options.budget ??
      new RequestLimiter({ maxInFlight: options.maxInFlight ?? 8, maxPerSecond: options.maxPerSecond ?? 500 });
    const baseFetch = options.fetch ?? undiciFetch();
    const onAttempt = options.onAttempt;
    const observedFetch: typeof fetch = onAttempt
      ? async (input, init) => {
          const call =
            input instanceof Request
              ? callTemplate(input.method, input.url)
              : callTemplate(init?.method ?? 'GET', String(input));
          const began = performance.now();
          const seconds = () => (performance.now() - began) / 1000;
          try {
            const response = await baseFetch(input, init);
            onAttempt({ call, status: response.status, seconds: seconds() });
            return response;
          } catch (error) {
            onAttempt({ call, status: failureOf(error), seconds: seconds() });
            throw error;
          }
        }
      : baseFetch;
    const limitedFetch: typeof fetch = (input, init) => this.budget.run(() => observedFetch(input, init));
    this.api = ky.create({
      baseUrl: options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
      timeout: options.timeoutMs ?? 15_000,
      fetch: limitedFetch,
      retry: {
        limit: options.retryLimit ?? 3,
        methods: ['get'],
        statusCodes: [429, 500, 502, 503, 504],
        afterStatusCodes: [429, 503],
        maxRetryAfter: options.maxRetryAfterMs ?? 30_000,
        backoffLimit: 5_000,
        jitter: true,
      },
      hooks: {
        beforeRequest: [
          ({ request }) => {
            request.headers.set('authorization', authorization);
            request.headers.set('accept', 'application/json');
          },
        ],
        afterResponse: [
          async ({ request, options: { context }, response }) => {
            if (request.method !== 'GET' || !response.ok) return undefined;
            try {
              const reader = context.reader;
              parsedAnswers.set(
                response,
                reader instanceof AnswerReader
                  ? reader.read(await response.bytes())
                  : JSON.parse(await response.text()),
              );
              // ky hands hooks a clone: answering it makes it the response the caller reads, parsed once.
              return response;
            } catch {
              return ky.retry();
            }
          },
        ],
      },
    });
  }

  /** Calls the vendor and parses the answer with `schema`; every failure is a VendorApiError. */
  async call<S extends z.ZodType>(method: Method, path: string, options: CallOptions, schema: S): Promise<z.output<S>> {
    if (method === 'GET') return this.send(method, path, options, schema);
    try {
      return await this.send(method, path, options, schema);
    } finally {
      await this.onStateChange?.();
    }
  }

  private async send<S extends z.ZodType>(
    method: Method,
    path: string,
    options: CallOptions,
    schema: S,
  ): Promise<z.output<S>> {
    let response: Response;
    try {
      response = await this.api(path.replace(/^\//, ''), {
        method,
        ...(options.query ? { searchParams: options.query } : {}),
        ...(options.form ? { body: options.form } : {}),
        ...(options.json === undefined ? {} : { json: options.json }),
        ...(options.readAnswer ? { context: { reader: new AnswerReader(options.readAnswer) } } : {}),
      });
    } catch (error) {
      throw toVendorError(error, method, path);
    }
    let body: unknown;
    try {
      body = parsedAnswers.has(response) ? parsedAnswers.get(response) : JSON.parse(await response.text());
    } catch (error) {
      throw new VendorApiError({
        kind: 'malformed',
        message: `${method} ${path} answered a body that is not JSON`,
        ambiguous: method !== 'GET',
        cause: error,
      });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new VendorApiError({
        kind: 'malformed',
        message: `${method} ${path} answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`,
        ambiguous: method !== 'GET',
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
}

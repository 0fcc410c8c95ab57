import './zod-jitless.ts';
import { errorBodySchema } from '@mdm-console/contract';
import type { z } from 'zod';

/** A failed call to the BFF: its status, stable code and the message a person can act on. */
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

type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

function toSearchParams(query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function readError(response: Response): Promise<ApiError> {
  const parsed = errorBodySchema.safeParse(await response.json().catch(() => null));
  if (parsed.success) {
    const { code, message, requestId, details } = parsed.data.error;
    return new ApiError(response.status, code, message, requestId, details);
  }
  return new ApiError(
    response.status,
    'HTTP_ERROR',
    `The console's server answered ${response.status} ${response.statusText}. Try again in a moment.`,
  );
}

/** Calls the BFF: the CSRF header on every call, JSON both ways, the answer checked against the contract. */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const headers: Record<string, string> = { 'X-CSRF': '1', Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api${path}${options.query ? toSearchParams(options.query) : ''}`, {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'The console cannot reach its server. Check your connection and retry.');
  }
  if (!response.ok) throw await readError(response);
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success)
    throw new ApiError(
      response.status,
      'UNEXPECTED_ANSWER',
      'The console received an answer it does not understand; reload the page.',
    );
  return parsed.data;
}

export const isUnauthorized = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

/** The message to show for any error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

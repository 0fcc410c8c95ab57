import './zod-jitless.ts';
import { ApiError, createApiClient } from '@mdm-console/contract';
import { fetchReusingEarly } from './early-requests.ts';

export { ApiError };

/** The BFF's API, typed by the contract's endpoint table; features call it only from their `api/` folders. */
export const api = createApiClient({ fetch: fetchReusingEarly });

export const isUnauthorized = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

/** The message to show for any error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

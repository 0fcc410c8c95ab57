import type { FieldError, GlobalError } from '../schemas/envelope.ts';

/**
 * How a vendor call failed. `ambiguous` is true when the vendor may have applied a state-changing request even
 * though no success came back (a timeout after sending, a 5xx, a dropped connection, an unreadable success body).
 */
export type VendorFailureKind =
  | 'timeout'
  | 'network'
  | 'rate-limited'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'server'
  | 'malformed';

export class VendorApiError extends Error {
  readonly kind: VendorFailureKind;
  readonly status: number | undefined;
  readonly fieldErrors: readonly FieldError[];
  readonly globalErrors: readonly GlobalError[];
  readonly retryAfterSeconds: number | undefined;
  readonly ambiguous: boolean;

  constructor(init: {
    kind: VendorFailureKind;
    message: string;
    status?: number;
    fieldErrors?: readonly FieldError[];
    globalErrors?: readonly GlobalError[];
    retryAfterSeconds?: number;
    ambiguous: boolean;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = 'VendorApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.fieldErrors = init.fieldErrors ?? [];
    this.globalErrors = init.globalErrors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.ambiguous = init.ambiguous;
  }
}

export function kindOfStatus(status: number): VendorFailureKind {
  if (status === 400 || status === 422) return 'bad-request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  return 'server';
}

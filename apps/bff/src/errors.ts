/** The one error type of the BFF: an HTTP status, a stable code, a message a person can act on. */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  /** Expected in operation (bad input, upstream down); false means a bug. */
  readonly operational: boolean;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: {
      details?: Record<string, unknown>;
      headers?: Record<string, string>;
      operational?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.operational = options.operational ?? true;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

import type { FieldError, GlobalError } from '@mdm-console/mdm-api';

/** A failure answered in the vendor's envelope: `{"errors":{"globalErrors":…,"fieldErrors":…},"result":null}`. */
export class VendorError extends Error {
  readonly status: number;
  readonly fieldErrors: FieldError[] | null;
  readonly globalErrors: GlobalError[] | null;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    errors: { fieldErrors?: FieldError[]; globalErrors?: GlobalError[] },
    headers: Record<string, string> = {},
  ) {
    super(errors.fieldErrors?.[0]?.message ?? errors.globalErrors?.[0]?.message ?? `HTTP ${status}`);
    this.name = 'VendorError';
    this.status = status;
    this.fieldErrors = errors.fieldErrors ?? null;
    this.globalErrors = errors.globalErrors ?? null;
    this.headers = headers;
  }

  body(): { errors: { globalErrors: GlobalError[] | null; fieldErrors: FieldError[] | null }; result: null } {
    return { errors: { globalErrors: this.globalErrors, fieldErrors: this.fieldErrors }, result: null };
  }
}

/** 400 for one bad parameter. */
export function fieldError(field: string, code: string, message: string): VendorError {
  return new VendorError(400, { fieldErrors: [{ code, message, field }] });
}

export function globalError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): VendorError {
  return new VendorError(status, { globalErrors: [{ code, message }] }, headers);
}

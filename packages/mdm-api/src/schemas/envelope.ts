import { z } from 'zod';

/** One entry of `errors.fieldErrors`: which parameter was wrong and why. */
export const fieldErrorSchema = z.looseObject({
  code: z.string().nullish(),
  message: z.string().nullish(),
  field: z.string().nullish(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const globalErrorSchema = z.looseObject({
  code: z.string().nullish(),
  message: z.string().nullish(),
});
export type GlobalError = z.infer<typeof globalErrorSchema>;

/** The vendor's `errors` object (an object, not an array). */
export const vendorErrorsSchema = z.looseObject({
  globalErrors: z.array(globalErrorSchema).nullish(),
  fieldErrors: z.array(fieldErrorSchema).nullish(),
});
export type VendorErrors = z.infer<typeof vendorErrorsSchema>;

/** `{ errors, result }`: every Device API v1 response. */
export function envelope<T extends z.ZodType>(result: T) {
  return z.looseObject({
    errors: vendorErrorsSchema.nullish(),
    result,
  });
}

/** The body of a failed call: `result` is usually null. */
export const errorEnvelopeSchema = z.looseObject({
  errors: vendorErrorsSchema,
  result: z.unknown().optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

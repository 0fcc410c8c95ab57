import { z } from 'zod';

// Lenient building blocks: real tenants send nulls, empty strings and "null" where the documents show values.
export const optionalString = z.string().nullish();
export const optionalNumber = z.number().nullish();
export const optionalBoolean = z.boolean().nullish();
/** Epoch milliseconds. */
export const optionalEpochMs = z.number().nullish();
/** A list whose items may be null (`"actionExceptionCodes": [null]` is seen in the documents). */
export const optionalStringList = z.array(z.string().nullable()).nullish();

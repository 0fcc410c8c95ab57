import { z } from 'zod';

/** A string holding JSON, parsed and checked against `schema` in one step (`message` names the expected form). */
export function jsonText<T extends z.ZodType>(schema: T, message = 'is not JSON') {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

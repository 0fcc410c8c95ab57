import { z } from 'zod';
import { deviceRowSchema } from './devices.ts';

export const personSchema = z.object({
  id: z.number(),
  email: z.string().nullable(),
  principal: z.string().nullable(),
  displayName: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  enabled: z.boolean().nullable(),
  source: z.string().nullable(),
});
export type Person = z.infer<typeof personSchema>;

export const userSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(20),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
export const userSearchResultSchema = z.object({ users: z.array(personSchema), hasMore: z.boolean() });

/** Helpdesk: one box; an e-mail, a UID or a name. */
export const lookupQuerySchema = z.strictObject({ q: z.string().trim().min(1).max(254) });
export const lookupResultSchema = z.object({
  people: z.array(z.object({ person: personSchema, devices: z.array(deviceRowSchema) })),
  /** True when the look-up matched more people than shown. */
  truncated: z.boolean(),
});
export type LookupResult = z.infer<typeof lookupResultSchema>;

import { z } from 'zod';
import { optionalBoolean, optionalEpochMs, optionalNumber, optionalString } from './primitives.ts';

/** A user of the Core V2 API (`GET /api/v2/authorized/users`). */
export const coreUserSchema = z.looseObject({
  id: z.number(),
  uuid: optionalString,
  principal: optionalString,
  email: optionalString,
  firstName: optionalString,
  lastName: optionalString,
  displayName: optionalString,
  enabled: optionalBoolean,
  ldapuser: optionalBoolean,
  localUser: optionalBoolean,
  userSource: optionalString,
  createdAt: optionalEpochMs,
  deviceSpaceId: optionalNumber,
  deviceSpacePath: optionalString,
  roles: z.array(z.string()).nullish(),
  devices: z.array(z.unknown()).nullish(),
});
export type CoreUser = z.infer<typeof coreUserSchema>;

/** The Core V2 list: no `{errors, result}` envelope. */
export const coreUsersResponseSchema = z.looseObject({
  results: z.array(coreUserSchema),
  hasMore: z.boolean(),
  resultCount: optionalNumber,
  totalCount: optionalNumber,
});

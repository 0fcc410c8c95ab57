import { z } from 'zod';

export const spaceSchema = z.object({
  id: z.number(),
  name: z.string(),
  isDefault: z.boolean(),
  deviceCount: z.number().nullable(),
  domainRule: z.string().nullable(),
});
export const spacesSchema = z.object({ spaces: z.array(spaceSchema), defaultSpaceId: z.number() });
export const chooseSpaceBodySchema = z.strictObject({ spaceId: z.number().int().positive() });
export const chosenSpaceSchema = z.object({ spaceId: z.number() });

export const depServersSchema = z.object({
  servers: z.array(z.object({ id: z.number(), name: z.string().nullable() })),
});
export const depProfilesSchema = z.object({
  profiles: z.array(
    z.object({
      id: z.number(),
      name: z.string().nullable(),
      supervised: z.boolean().nullable(),
      mandatory: z.boolean().nullable(),
      isDefault: z.boolean().nullable(),
      devices: z.number().nullable(),
    }),
  ),
});

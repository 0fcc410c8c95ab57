import { z } from 'zod';
import { roleSchema } from './common.ts';
import { sortFieldSchema, timeWindowSchema } from './devices.ts';
import { isDeviceField } from './device-fields.ts';

/** A saved view's query: exactly what the devices page's URL holds about the search (the space is the user's). */
export const viewQuerySchema = z.strictObject({
  q: z.string().trim().max(200).default(''),
  f: z
    .array(z.string().regex(/^[a-zA-Z]+:.{1,200}$/, 'must be facet:value'))
    .max(100)
    .default([]),
  checkin: timeWindowSchema.optional(),
  registered: timeWindowSchema.optional(),
  /** A raw vendor fq (admins only). */
  fq: z.string().max(4000).optional(),
  sort: sortFieldSchema.default('lastCheckin'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type ViewQuery = z.infer<typeof viewQuerySchema>;

const viewColumnsSchema = z
  .array(z.string().refine(isDeviceField, { error: (issue) => `"${String(issue.input)}" is not a device field` }))
  .max(60);

const viewNameSchema = z.string().trim().min(1, 'a view needs a name').max(80);

/** Who a shared view is for: everyone who may browse, or only holders of this role or a higher one. */
const sharedWithRoleSchema = roleSchema.nullable();

export const createViewBodySchema = z.strictObject({
  name: viewNameSchema,
  query: viewQuerySchema,
  columns: viewColumnsSchema.default([]),
  shared: z.boolean().default(false),
  sharedWithRole: sharedWithRoleSchema.default(null),
});
export type CreateViewBody = z.input<typeof createViewBodySchema>;

/** A change of a view: its owner (or an admin, for a shared view) changes what it is; anyone who sees it, its pin. */
export const updateViewBodySchema = z.strictObject({
  name: viewNameSchema.optional(),
  query: viewQuerySchema.optional(),
  columns: viewColumnsSchema.optional(),
  shared: z.boolean().optional(),
  sharedWithRole: sharedWithRoleSchema.optional(),
  /** Pinned to the Overview page, for the person asking only. */
  pinned: z.boolean().optional(),
});
export type UpdateViewBody = z.input<typeof updateViewBodySchema>;

export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: viewQuerySchema,
  columns: z.array(z.string()),
  owner: z.string(),
  mine: z.boolean(),
  shared: z.boolean(),
  sharedWithRole: roleSchema.nullable(),
  /** Whether the person asking may change it (rename, share, delete). */
  editable: z.boolean(),
  pinned: z.boolean(),
  /** How many devices it shows the person asking, now; null when it cannot be counted for them (see countError). */
  count: z.number().nullable(),
  countError: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const viewListSchema = z.object({ views: z.array(savedViewSchema) });
export type ViewList = z.infer<typeof viewListSchema>;

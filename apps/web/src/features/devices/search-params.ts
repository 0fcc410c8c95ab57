import { sortFieldSchema, timeWindowSchema } from '@mdm-console/contract';
import { z } from 'zod';
import { DEFAULT_ORDER, DEFAULT_SORT } from './view-defaults.ts';

export const DETAIL_TABS = [
  'overview',
  'configs',
  'policies',
  'certificates',
  'attributes',
  'owner',
  'activity',
] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

/** The Devices view as URL search params: a copied link reproduces it. Bad values fall back to defaults. */
export const devicesSearchSchema = z.object({
  q: z.string().max(200).default('').catch(''),
  f: z.array(z.string().max(250)).max(100).default([]).catch([]),
  checkin: timeWindowSchema.optional().catch(undefined),
  registered: timeWindowSchema.optional().catch(undefined),
  fq: z.string().max(4000).optional().catch(undefined),
  sort: sortFieldSchema.default(DEFAULT_SORT).catch(DEFAULT_SORT),
  order: z.enum(['asc', 'desc']).default(DEFAULT_ORDER).catch(DEFAULT_ORDER),
  /** Visible columns, in order, comma-separated; absent: the user's remembered choice. */
  cols: z.string().max(1000).optional().catch(undefined),
  /** The open device (details panel). */
  device: z.number().int().positive().optional().catch(undefined),
  tab: z.enum(DETAIL_TABS).optional().catch(undefined),
});
export type DevicesSearch = z.infer<typeof devicesSearchSchema>;

export const DEVICES_SEARCH_DEFAULTS: Pick<DevicesSearch, 'q' | 'f' | 'sort' | 'order'> = {
  q: '',
  f: [],
  sort: DEFAULT_SORT,
  order: DEFAULT_ORDER,
};

import { z } from 'zod';

/** Facets the console filters and counts by, with the vendor field each maps to. */
export const FACET_FIELDS = {
  platform: 'platformType',
  registrationState: 'registrationState',
  compliance: 'complianceState',
  ownership: 'ownershipType',
  model: 'prettyModel',
  osBuild: 'osBuildVersion',
  carrier: 'subscriberCarrierNetwork',
  accountGroup: 'ACCOUNTGROUP',
  supervised: 'supervised',
  jailbroken: 'jailbroken',
  kiosk: 'kioskState',
  lostMode: 'lostModeEnabled',
} as const;
export type FacetKey = keyof typeof FACET_FIELDS;
export const FACET_KEYS = Object.keys(FACET_FIELDS) as [FacetKey, ...FacetKey[]];
export const facetKeySchema = z.enum(FACET_KEYS);

export const isFacetKey = (key: string): key is FacetKey => Object.hasOwn(FACET_FIELDS, key);

/** A filter `facet:value` split at its first colon (values may contain colons). */
export function splitFacetFilter(filter: string): { key: string; value: string } {
  const colon = filter.indexOf(':');
  return { key: filter.slice(0, colon), value: filter.slice(colon + 1) };
}

export const TIME_WINDOWS = ['1h', '24h', '7d', '30d', 'older30d', 'older90d'] as const;
export const timeWindowSchema = z.enum(TIME_WINDOWS);

export const SORTABLE_FIELDS = [
  'lastCheckin',
  'lastRegistrationTime',
  'deviceName',
  'prettyModel',
  'platformType',
  'platformVersion',
  'emailAddress',
  'displayName',
  'registrationState',
  'complianceState',
  'serialNumber',
  'ownershipType',
  'id',
] as const;
export const sortFieldSchema = z.enum(SORTABLE_FIELDS);

/** A repeatable query parameter: absent, once (a string) or repeated (an array), always read as a list. */
const list = (item: z.ZodString) =>
  z
    .union([z.array(item), item])
    .optional()
    .transform((value): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

/** GET /api/devices query: every part of a view, so that a URL reproduces it. */
export const deviceSearchQuerySchema = z.strictObject({
  /** Free text: names, e-mail, serial, IMEI, phone, model (word prefixes). */
  q: z.string().trim().max(200).default(''),
  /** `facet:value`, repeatable; values of one facet are ORed, facets ANDed. */
  f: list(z.string().regex(/^[a-zA-Z]+:.{1,200}$/, 'must be facet:value')).pipe(z.array(z.string()).max(100)),
  /** Check-in window. */
  checkin: timeWindowSchema.optional(),
  /** Registration window. */
  registered: timeWindowSchema.optional(),
  /** A raw vendor fq (admins only), checked by the parser. */
  fq: z.string().max(4000).optional(),
  sort: sortFieldSchema.default('lastCheckin'),
  order: z.enum(['asc', 'desc']).default('desc'),
  size: z.coerce.number().int().min(1).max(500).default(100),
  /** Opaque cursor of the next page, from a previous answer. */
  cursor: z.string().max(2000).optional(),
  /** Device space; default: the user's chosen one. */
  space: z.coerce.number().int().positive().optional(),
});
export type DeviceSearchQuery = z.infer<typeof deviceSearchQuerySchema>;

/** A device as the table shows it. */
export const deviceRowSchema = z.object({
  id: z.number(),
  guid: z.string().nullable(),
  deviceName: z.string().nullable(),
  platformType: z.string().nullable(),
  platformVersion: z.string().nullable(),
  osBuildVersion: z.string().nullable(),
  prettyModel: z.string().nullable(),
  manufacturer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  imei: z.string().nullable(),
  phoneNumber: z.string().nullable(),
  registrationState: z.string().nullable(),
  complianceState: z.boolean().nullable(),
  policyViolationCount: z.number().nullable(),
  ownershipType: z.string().nullable(),
  displayName: z.string().nullable(),
  emailAddress: z.string().nullable(),
  ownerId: z.number().nullable(),
  lastCheckin: z.number().nullable(),
  lastRegistrationTime: z.number().nullable(),
  supervised: z.boolean().nullable(),
  jailbroken: z.boolean().nullable(),
  lostModeEnabled: z.boolean().nullable(),
  kioskState: z.string().nullable(),
  subscriberCarrierNetwork: z.string().nullable(),
  dmPartitionId: z.number().nullable(),
  customAttributes: z.record(z.string(), z.array(z.string())),
});
export type DeviceRow = z.infer<typeof deviceRowSchema>;

export const facetCountsSchema = z.record(z.string(), z.array(z.object({ value: z.string(), count: z.number() })));

export const deviceSearchResultSchema = z.object({
  total: z.number(),
  unfilteredTotal: z.number(),
  rows: z.array(deviceRowSchema),
  /** Counts per facet; only on the first page (a request without a cursor): deeper pages carry `{}`. */
  facets: facetCountsSchema,
  nextCursor: z.string().nullable(),
});
export type DeviceSearchResult = z.infer<typeof deviceSearchResultSchema>;

/** A device's details: every vendor field, as the vendor names them. */
export const deviceDetailsSchema = z.object({ device: z.record(z.string(), z.unknown()) });

export const deviceConfigSchema = z.object({
  id: z.number(),
  name: z.string().nullable(),
  type: z.string().nullable(),
  status: z.string().nullable(),
  description: z.string().nullable(),
});
export const devicePolicySchema = z.object({
  id: z.number(),
  name: z.string().nullable(),
  ruleType: z.string().nullable(),
  compliant: z.boolean().nullable(),
});
export const certificateSchema = z.object({
  subject: z.string().nullable(),
  issuer: z.string().nullable(),
  caName: z.string().nullable(),
  notBefore: z.number().nullable(),
  notAfter: z.number().nullable(),
  state: z.string().nullable(),
  serialNumber: z.string().nullable(),
});
export const deviceConfigsSchema = z.object({ configs: z.array(deviceConfigSchema) });
export const devicePoliciesSchema = z.object({ policies: z.array(devicePolicySchema) });
export const certificatesSchema = z.object({ certificates: z.array(certificateSchema) });
export type DeviceConfigs = z.infer<typeof deviceConfigsSchema>;
export type DevicePolicies = z.infer<typeof devicePoliciesSchema>;
export type DeviceCertificates = z.infer<typeof certificatesSchema>;

const attributeName = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[^\]\p{Cc}]+$/u, 'must not contain "]" or control characters');
const attributeValues = z.array(z.string().max(1024)).max(100);
/** Custom attributes; names ending in `_#` are numeric and take only numbers. */
export const customAttributesSchema = z.record(attributeName, attributeValues).superRefine((attrs, ctx) => {
  for (const [name, values] of Object.entries(attrs)) {
    if (name.endsWith('_#') && values.some((value) => value.trim() === '' || !Number.isFinite(Number(value)))) {
      ctx.addIssue({ code: 'custom', path: [name], message: `${name} is numeric: every value must be a number` });
    }
  }
});
export const customAttributesBodySchema = z.strictObject({ attrs: customAttributesSchema });
export const removeAttributesBodySchema = z.strictObject({ names: z.array(attributeName).min(1).max(100) });
export const customAttributesResultSchema = z.object({ attrs: z.record(z.string(), z.array(z.string())) });

export const configIdsBodySchema = z.strictObject({ configIds: z.array(z.number().int().positive()).min(1).max(50) });
export const complianceSyncBodySchema = z.strictObject({ vendor: z.enum(['GoogleBC', 'Intune']) });
export const fqCheckQuerySchema = z.strictObject({ fq: z.string().max(4000).default('') });
/** Whether an fq parses, where it does not, and the device fields it may name (for completion). */
export const fqCheckResultSchema = z.object({
  valid: z.boolean(),
  message: z.string().nullable(),
  /** Zero-based index of the offending character. */
  position: z.number().nullable(),
  fields: z.array(z.string()),
});
export type FqCheckResult = z.infer<typeof fqCheckResultSchema>;

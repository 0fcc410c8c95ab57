import { z } from 'zod';

/** The columns a device can be identified by; `email` means every device of that user. */
export const IMPORT_KEYS = ['serialNumber', 'imei', 'guid', 'id', 'email'] as const;
export const importKeySchema = z.enum(IMPORT_KEYS);
export type ImportKey = z.infer<typeof importKeySchema>;

/**
 * The largest file an import takes: 10,000 rows are normal and take about 1 MB. A preview holds its file and what it
 * found in the BFF's memory until stored (about 1 KB a row): the limits keep that within the process's heap.
 */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_MEGABYTES = IMPORT_MAX_BYTES / 1024 / 1024;
/** The most rows one import reads. */
export const IMPORT_MAX_ROWS = 20_000;
/** The column that reassigns devices: an e-mail address or UID. */
export const OWNER_COLUMN = 'owner';
/** How long a preview may be applied: its old values are a snapshot. */
export const IMPORT_TTL_MS = 24 * 3_600_000;

/** POST /api/imports: the file's text, the column that identifies devices, and optionally the space. */
export const createImportBodySchema = z.strictObject({
  csv: z.string().max(IMPORT_MAX_BYTES, `the file is larger than ${String(IMPORT_MAX_MEGABYTES)} MB`),
  key: importKeySchema,
  fileName: z.string().trim().max(255).default('import.csv'),
  /** Device space; default: the user's chosen one. */
  space: z.number().int().positive().optional(),
});
export type CreateImportRequest = z.input<typeof createImportBodySchema>;

/** What can be changed from a file: custom attributes, or the owner. */
export const IMPORT_CHANGE_KINDS = ['attributes', 'owner'] as const;
export const importChangeKindSchema = z.enum(IMPORT_CHANGE_KINDS);
export type ImportChangeKind = z.infer<typeof importChangeKindSchema>;

/**
 * What the preview says of each row or device: a change to send; a matched device whose values are already those of
 * the file; a key that matches no device, or several; a key the file repeats; a value that cannot be used.
 */
export const IMPORT_CATEGORIES = ['change', 'unchanged', 'unmatched', 'ambiguous', 'duplicate', 'invalid'] as const;
export const importCategorySchema = z.enum(IMPORT_CATEGORIES);
export type ImportCategory = z.infer<typeof importCategorySchema>;

export const importFieldChangeSchema = z.object({
  /** `attr:<name>` or `owner`. */
  field: z.string(),
  from: z.string().nullable(),
  to: z.string(),
});
export type ImportFieldChange = z.infer<typeof importFieldChangeSchema>;

export const importEntrySchema = z.object({
  seq: z.number(),
  category: importCategorySchema,
  /** The row of the file (1 is the header). */
  row: z.number(),
  key: z.string(),
  deviceId: z.number().nullable(),
  deviceName: z.string().nullable(),
  kind: importChangeKindSchema.nullable(),
  changes: z.array(importFieldChangeSchema),
  /** Why the row cannot be used (unmatched, ambiguous, duplicate, invalid). */
  message: z.string().nullable(),
});
export type ImportEntry = z.infer<typeof importEntrySchema>;

export const importSummarySchema = z.object({
  id: z.string(),
  fileName: z.string(),
  key: importKeySchema,
  spaceId: z.number(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  /** After this, the preview can no longer be applied (upload the file again). */
  expiresAt: z.iso.datetime(),
  columns: z.array(z.string()),
  rows: z.number(),
  matchedDevices: z.number(),
  /** Entries per category: changes are counted per device and kind of change. */
  counts: z.record(importCategorySchema, z.number()),
  /** Devices with a change, per kind: each kind becomes one job. */
  devicesToChange: z.record(importChangeKindSchema, z.number()),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export const importEntriesQuerySchema = z.strictObject({
  category: importCategorySchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Entries after this one. */
  after: z.coerce.number().int().min(0).optional(),
});
export const importEntriesPageSchema = z.object({
  entries: z.array(importEntrySchema),
  nextAfter: z.number().nullable(),
});

/** The id path parameter of an import. */
export const importIdSchema = z.uuid();

/** What an import's job sends one device: its attributes, or its new owner's account. */
export const importedValuesSchema = z.union([
  z.strictObject({ attrs: z.record(z.string(), z.array(z.string())) }),
  z.strictObject({ accountId: z.number().int().positive() }),
]);
export type ImportedValues = z.output<typeof importedValuesSchema>;

import { z } from 'zod';
import { auditQuerySchema } from './audit.ts';
import { deviceSearchQuerySchema } from './devices.ts';
import { isDeviceField } from './device-fields.ts';

/** A custom attribute as an export column: `attr:<name>` (where companies keep asset tags and cost centres). */
export const ATTRIBUTE_COLUMN_PREFIX = 'attr:';

const exportColumnSchema = z
  .string()
  .max(140)
  .refine(
    (column) =>
      isDeviceField(column) ||
      (column.startsWith(ATTRIBUTE_COLUMN_PREFIX) && column.length > ATTRIBUTE_COLUMN_PREFIX.length),
    { error: (issue) => `"${String(issue.input)}" is not a device field or attr:<name>` },
  );

const columnsList = z
  .union([z.array(z.string()), z.string()])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).filter((column) => column !== ''))
  .pipe(z.array(exportColumnSchema).min(1, 'name at least one column').max(80));

/** GET /api/devices/export.csv: the view's query (as GET /api/devices takes it, without paging) and its columns. */
export const deviceExportQuerySchema = deviceSearchQuerySchema.omit({ size: true, cursor: true }).extend({
  /** Columns in order: device fields and `attr:<name>`; repeated or comma-separated. */
  columns: columnsList,
});
export type DeviceExportQuery = z.infer<typeof deviceExportQuerySchema>;

/** GET /api/audit/export.csv: the audit log's filters, without paging. */
export const auditExportQuerySchema = auditQuerySchema.omit({ limit: true, before: true });
export type AuditExportQuery = z.infer<typeof auditExportQuerySchema>;

/** The number of matching rows, sent before the body so that a download can show its progress. */
export const TOTAL_COUNT_HEADER = 'X-Total-Count';

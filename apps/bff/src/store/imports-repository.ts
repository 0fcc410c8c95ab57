import {
  importCategorySchema,
  importChangeKindSchema,
  importFieldChangeSchema,
  importKeySchema,
  importedValuesSchema,
  type ImportCategory,
  type ImportChangeKind,
  type ImportFieldChange,
  type ImportedValues,
} from '@mdm-console/contract';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { jsonText } from '../json-text.ts';
import { bigintColumn, jsonColumn, parseRow } from './columns.ts';
import type { Database } from './schema.ts';

const countsSchema = z.partialRecord(importCategorySchema, z.number());
const perKindSchema = z.partialRecord(importChangeKindSchema, z.number());

const importRecordSchema = z
  .object({
    id: z.string(),
    space_id: z.number(),
    created_by_id: z.number(),
    created_by: z.string(),
    created_at: bigintColumn,
    file_name: z.string(),
    key: importKeySchema,
    columns: jsonColumn(z.array(z.string())),
    rows_read: z.number(),
    matched_devices: z.number(),
    counts: jsonColumn(countsSchema),
    devices_to_change: jsonColumn(perKindSchema),
  })
  .transform((row) => ({
    id: row.id,
    spaceId: row.space_id,
    createdById: row.created_by_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    fileName: row.file_name,
    key: row.key,
    columns: row.columns,
    rows: row.rows_read,
    matchedDevices: row.matched_devices,
    counts: row.counts,
    devicesToChange: row.devices_to_change,
  }));
export type ImportRecord = z.output<typeof importRecordSchema>;
export type NewImport = Omit<ImportRecord, 'counts' | 'devicesToChange' | 'matchedDevices'>;

const entryRecordSchema = z
  .object({
    seq: z.number(),
    category: importCategorySchema,
    row_number: z.number(),
    key_value: z.string(),
    device_id: bigintColumn.nullable(),
    device_name: z.string().nullable(),
    kind: importChangeKindSchema.nullable(),
    changes: jsonColumn(z.array(importFieldChangeSchema)),
    message: z.string().nullable(),
  })
  .transform((row) => ({
    seq: row.seq,
    category: row.category,
    row: row.row_number,
    key: row.key_value,
    deviceId: row.device_id,
    deviceName: row.device_name,
    kind: row.kind,
    changes: row.changes,
    message: row.message,
  }));
export type ImportEntryRecord = z.output<typeof entryRecordSchema>;

export interface NewImportEntry {
  category: ImportCategory;
  row: number;
  key: string;
  deviceId: number | null;
  deviceName: string | null;
  kind: ImportChangeKind | null;
  changes: readonly ImportFieldChange[];
  values: ImportedValues | null;
  message: string | null;
}

const INSERT_BATCH = 500;
const valuesText = jsonText(importedValuesSchema);

/** Import previews: the summary and one entry per change or problem, kept for the jobs that apply them. */
export class ImportsRepository {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Stores a preview whole: the summary and its entries, in one transaction. */
  async insert(
    record: NewImport & { matchedDevices: number },
    entries: readonly NewImportEntry[],
  ): Promise<ImportRecord> {
    const counts: Partial<Record<ImportCategory, number>> = {};
    const devicesToChange: Partial<Record<ImportChangeKind, number>> = {};
    for (const entry of entries) {
      counts[entry.category] = (counts[entry.category] ?? 0) + 1;
      if (entry.category === 'change' && entry.kind !== null)
        devicesToChange[entry.kind] = (devicesToChange[entry.kind] ?? 0) + 1;
    }
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('imports')
        .values({
          id: record.id,
          space_id: record.spaceId,
          created_by_id: record.createdById,
          created_by: record.createdBy,
          created_at: record.createdAt,
          file_name: record.fileName,
          key: record.key,
          columns: JSON.stringify(record.columns),
          rows_read: record.rows,
          matched_devices: record.matchedDevices,
          counts: JSON.stringify(counts),
          devices_to_change: JSON.stringify(devicesToChange),
        })
        .execute();
      // Rows are made a batch at a time: a large preview's entries are not copied into rows all at once.
      for (let k = 0; k < entries.length; k += INSERT_BATCH)
        await trx
          .insertInto('import_entries')
          .values(
            entries.slice(k, k + INSERT_BATCH).map((entry, at) => ({
              import_id: record.id,
              seq: k + at,
              category: entry.category,
              row_number: entry.row,
              key_value: entry.key,
              device_id: entry.deviceId,
              device_name: entry.deviceName,
              kind: entry.kind,
              changes: JSON.stringify(entry.changes),
              vendor_values: entry.values === null ? null : JSON.stringify(entry.values),
              message: entry.message,
            })),
          )
          .execute();
    });
    return { ...record, counts, devicesToChange };
  }

  async get(id: string): Promise<ImportRecord | undefined> {
    const row = await this.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
    return row && parseRow(importRecordSchema, 'imports', row);
  }

  /** Entries in file order, optionally of one category, after `after`. */
  async entries(
    id: string,
    filter: { category?: ImportCategory | undefined; after?: number | undefined; limit: number },
  ): Promise<ImportEntryRecord[]> {
    let query = this.db
      .selectFrom('import_entries')
      .select(['seq', 'category', 'row_number', 'key_value', 'device_id', 'device_name', 'kind', 'changes', 'message'])
      .where('import_id', '=', id)
      .orderBy('seq')
      .limit(filter.limit);
    if (filter.category !== undefined) query = query.where('category', '=', filter.category);
    if (filter.after !== undefined) query = query.where('seq', '>', filter.after);
    return (await query.execute()).map((row) => parseRow(entryRecordSchema, 'import_entries', row));
  }

  /** The devices an import changes with `kind`. */
  async deviceIds(id: string, kind: ImportChangeKind): Promise<number[]> {
    const rows = await this.db
      .selectFrom('import_entries')
      .select('device_id')
      .where('import_id', '=', id)
      .where('kind', '=', kind)
      .where('category', '=', 'change')
      .orderBy('seq')
      .execute();
    return rows.flatMap((row) => (row.device_id === null ? [] : [Number(row.device_id)]));
  }

  /** What a job sends to each of `ids` for `kind`; a device the import does not change is absent. */
  async valuesFor(id: string, kind: ImportChangeKind, ids: readonly number[]): Promise<Map<number, ImportedValues>> {
    const found = new Map<number, ImportedValues>();
    if (ids.length === 0) return found;
    const rows = await this.db
      .selectFrom('import_entries')
      .select(['device_id', 'vendor_values'])
      .where('import_id', '=', id)
      .where('kind', '=', kind)
      .where('category', '=', 'change')
      .where('device_id', 'in', ids)
      .execute();
    for (const row of rows)
      if (row.device_id !== null && row.vendor_values !== null)
        found.set(Number(row.device_id), parseRow(valuesText, 'import_entries', row.vendor_values));
    return found;
  }

  /** Forgets previews made before `before` (their entries go with them). */
  async deleteOlderThan(before: number): Promise<void> {
    await this.db.deleteFrom('imports').where('created_at', '<', before).execute();
  }
}

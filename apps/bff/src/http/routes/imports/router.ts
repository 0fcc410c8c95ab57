import { importIdSchema, type ImportEntry } from '@mdm-console/contract';
import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { AppError } from '../../../errors.ts';
import { streamCsv } from '../../csv-stream.ts';
import { mount, mountRaw } from '../../endpoint.ts';

function importId(params: Record<string, string>): string {
  const parsed = importIdSchema.safeParse(params.id);
  if (!parsed.success) throw new AppError(404, 'IMPORT_NOT_FOUND', 'There is no import with this id.');
  return parsed.data;
}

const CSV_HEADER = ['line', 'key', 'category', 'device_id', 'device_name', 'field', 'from', 'to', 'message'];

/** An entry as CSV rows: one per field changed, or one for the entry. */
const csvRows = (entry: ImportEntry) =>
  (entry.changes.length > 0 ? entry.changes : [null]).map((change) => [
    entry.row,
    entry.key,
    entry.category,
    entry.deviceId,
    entry.deviceName,
    change?.field ?? null,
    change?.from ?? null,
    change?.to ?? null,
    entry.message,
  ]);

export function importRoutes(router: Router, { imports, audit }: Services): void {
  mount(
    router,
    'createImport',
    async ({ session, body, audit: details }) => {
      const summary = await imports.create(session, body);
      // The file itself stays out of the audit log: its name, size and what the preview found go in.
      details.targets = { import: summary.id };
      details.params = {
        fileName: body.fileName,
        key: body.key,
        bytes: Buffer.byteLength(body.csv),
        rows: summary.rows,
        devicesToChange: summary.devicesToChange,
      };
      return summary;
    },
    audit,
  );
  mount(router, 'getImport', ({ session, params }) => imports.read(session, importId(params)), audit);
  mount(
    router,
    'listImportEntries',
    ({ session, params, query }) => imports.entries(session, importId(params), query),
    audit,
  );
  mountRaw(router, 'importEntriesCsv', async ({ session, params, req, res }) => {
    const id = importId(params);
    await imports.read(session, id);
    async function* pages() {
      for await (const page of imports.allEntries(id)) yield page.flatMap(csvRows);
    }
    await streamCsv(req, res, { name: `import-${id}.csv`, header: CSV_HEADER }, pages());
  });
}

import {
  ATTRIBUTE_COLUMN_PREFIX,
  DEVICE_FIELD_LABELS,
  IMPORT_MAX_ROWS,
  OWNER_COLUMN,
  type ImportKey,
} from '@mdm-console/contract';
import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../errors.ts';

/** What a column of the file changes: a custom attribute (numeric when its name ends in `_#`), or the owner. */
export type ImportColumn = { kind: 'attribute'; name: string; numeric: boolean } | { kind: 'owner' };

export interface ImportRow {
  /** The line of the file where the row ends (1 is the header). */
  line: number;
  key: string;
  /** The cells of the changing columns, in the order of `columns`. */
  cells: string[];
}

export interface ImportFile {
  /** The separator found in the header: `,`, `;` (as spreadsheets in Europe write) or a tab. */
  delimiter: string;
  /** The changing columns as the file names them, and what each changes. */
  columns: { header: string; column: ImportColumn }[];
  rows: ImportRow[];
}

const refuse = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details ? { details } : undefined);

/** The header names the key column may have: its id (any case) or the label the export writes. */
const KEY_HEADERS: Record<ImportKey, readonly string[]> = {
  serialNumber: ['serialnumber', DEVICE_FIELD_LABELS.serialNumber.toLowerCase()],
  imei: ['imei'],
  guid: ['guid'],
  id: ['id'],
  email: ['email', 'emailaddress', DEVICE_FIELD_LABELS.emailAddress.toLowerCase()],
};

/** The separator of the header line, outside quotes: the most frequent of `,`, `;` and tab (`,` on a tie). */
function delimiterOf(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const [char, count] of counts) if (count > (counts.get(best) ?? 0)) best = char;
  return best;
}

function columnOf(header: string): ImportColumn | undefined {
  if (header.toLowerCase() === OWNER_COLUMN) return { kind: 'owner' };
  if (!header.startsWith(ATTRIBUTE_COLUMN_PREFIX)) return undefined;
  const name = header.slice(ATTRIBUTE_COLUMN_PREFIX.length).trim();
  if (name === '' || name.length > 128) return undefined;
  return { kind: 'attribute', name, numeric: name.endsWith('_#') };
}

function records(text: string, delimiter: string): { record: string[]; line: number }[] {
  try {
    // Each record comes with the line where it ends in front (a record of csv-parse's `info` would cost more than
    // the row itself on a large file).
    const parsed = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // The header, the most rows an import takes, and one more to know there are too many: never a million rows.
      to: IMPORT_MAX_ROWS + 2,
      on_record: (record: string[], context) => [String(context.lines), ...record],
    });
    return parsed.map(([line, ...record]) => ({ record, line: Number(line) }));
  } catch (error) {
    if (error instanceof CsvError)
      throw refuse('INVALID_CSV', `The file is not CSV that can be read: ${error.message}`, { csvCode: error.code });
    throw error;
  }
}

/**
 * Reads an import's CSV (RFC 4180 through csv-parse: quoted fields, embedded newlines, a byte-order mark, `,` `;` or
 * tab): the header names the key column and the columns to change; every other column is refused by name, never
 * ignored. A row with more or fewer cells than the header is kept, and reported by the preview as invalid.
 */
export function readImportFile(text: string, key: ImportKey): ImportFile & { ragged: ImportRow[] } {
  if (text.replace(/^\uFEFF/, '').trim() === '')
    throw refuse('EMPTY_FILE', 'The file is empty: it needs a header row and at least one row of devices.');
  const delimiter = delimiterOf(text.replace(/^\uFEFF/, ''));
  const [head, ...body] = records(text, delimiter);
  const headers = head?.record ?? [];
  const keyAt = headers.findIndex((header) => KEY_HEADERS[key].includes(header.toLowerCase()));
  if (keyAt < 0)
    throw refuse(
      'KEY_COLUMN_MISSING',
      `The header row has no "${key}" column, which identifies the devices. Its columns are: ${headers.join(', ') || 'none'}.`,
      { key, columns: headers },
    );
  const columns: ImportFile['columns'] = [];
  const seen = new Set<string>();
  for (const [at, header] of headers.entries()) {
    if (at === keyAt) continue;
    const column = columnOf(header);
    if (!column)
      throw refuse(
        'UNKNOWN_COLUMN',
        `The column "${header}" cannot be imported: name custom attributes attr:<name> (attr:<name>_# for numbers), the new owner "owner", and the key column "${key}".`,
        { column: header },
      );
    const id = column.kind === 'owner' ? OWNER_COLUMN : `attr:${column.name.toLowerCase()}`;
    if (seen.has(id)) throw refuse('DUPLICATE_COLUMN', `The column "${header}" appears twice.`, { column: header });
    seen.add(id);
    columns.push({ header, column });
  }
  if (columns.length === 0)
    throw refuse(
      'NOTHING_TO_IMPORT',
      `Besides "${key}", the file needs at least one column to change: attr:<name> or owner.`,
    );
  if (body.length === 0) throw refuse('EMPTY_FILE', 'The file has a header row but no rows of devices.');
  if (body.length > IMPORT_MAX_ROWS)
    throw refuse(
      'TOO_MANY_ROWS',
      `The file has more than ${String(IMPORT_MAX_ROWS)} rows, the most an import takes. Split it.`,
    );
  const rows: ImportRow[] = [];
  const ragged: ImportRow[] = [];
  const others = headers.map((_, at) => at).filter((at) => at !== keyAt);
  for (const { record, line } of body) {
    const row = { line, key: record[keyAt] ?? '', cells: others.map((at) => record[at] ?? '') };
    (record.length === headers.length ? rows : ragged).push(row);
  }
  return { delimiter, columns, rows, ragged };
}

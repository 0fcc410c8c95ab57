import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';

const BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null;

/**
 * A spreadsheet must not read a cell as a formula: text that begins with =, +, -, @, a tab or a carriage return gets a
 * leading apostrophe (numbers are left as they are).
 */
export const inertCell = (value: CsvCell): string | number => {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
};

/**
 * Streams CSV (RFC 4180 through csv-stringify; UTF-8 with a byte-order mark, so that Excel reads it right) as the
 * connection takes it: when the browser reads slowly, the writes wait, and so does whatever produces the pages. When
 * the browser goes away, the pages stop being asked for (the producer's `return` runs).
 */
export async function streamCsv(
  req: Request,
  res: Response,
  file: { name: string; header: readonly string[]; total?: number },
  pages: AsyncIterable<readonly (readonly CsvCell[])[]>,
): Promise<void> {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
  res.setHeader('Cache-Control', 'no-store');
  if (file.total !== undefined) res.setHeader('X-Total-Count', String(file.total));
  const gone = new AbortController();
  const leave = () => {
    gone.abort();
  };
  req.on('close', leave);
  res.on('close', leave);
  try {
    // A page is one write: a write per row costs more than making the rows (each is a chunk on the wire).
    res.write(`${BOM}${stringify([file.header.map(inertCell)])}`);
    for await (const page of pages) {
      if (gone.signal.aborted) return;
      if (page.length > 0 && !res.write(stringify(page.map((row) => row.map(inertCell)))))
        await Promise.race([once(res, 'drain'), once(gone.signal, 'abort')]);
    }
    res.end();
  } finally {
    req.off('close', leave);
    // The browser left: nothing more is written, and the connection is let go at once.
    if (gone.signal.aborted) res.destroy();
  }
}

import { z } from 'zod';
import { jsonText } from '../json-text.ts';

/** A bigint column as a number: PostgreSQL answers it as a string, SQLite as a number (epoch milliseconds fit). */
export const bigintColumn = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);

/** A 0/1 integer column as a boolean. */
export const flagColumn = z.union([z.literal(0), z.literal(1)]).transform((flag) => flag === 1);

/** A text column holding JSON, parsed and checked against `schema` in one step. */
export const jsonColumn = <T extends z.ZodType>(schema: T) => jsonText(schema);

/** Any JSON value (audit targets and parameters are recorded as they were). */
export const anyJson = z.json();

/** Parses a row with `schema`; a row that does not fit is a bug or a damaged database, named with its table. */
export function parseRow<T extends z.ZodType>(schema: T, table: string, row: unknown): z.output<T> {
  const parsed = schema.safeParse(row);
  if (!parsed.success) throw new Error(`a ${table} row does not fit its schema: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

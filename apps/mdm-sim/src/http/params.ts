import { fieldError } from '../errors.ts';

export type RawParams = Record<string, string | string[] | undefined>;

/** Reads a query string as real clients send it: `+` for spaces, brackets and quotes unencoded, keys repeated. */
export function parseQueryString(url: string): RawParams {
  const question = url.indexOf('?');
  const out: RawParams = {};
  if (question < 0) return out;
  const search = new URLSearchParams(url.slice(question + 1));
  for (const [key, value] of search) {
    const known = out[key];
    out[key] = known === undefined ? value : Array.isArray(known) ? [...known, value] : [known, value];
  }
  return out;
}

function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(asList);
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [];
}

/**
 * The parameters of one call: the body's first, then the query string's (actions take either, per the documents).
 */
export class Params {
  private readonly sources: readonly Record<string, unknown>[];

  constructor(...sources: Record<string, unknown>[]) {
    this.sources = sources;
  }

  /** Every value given for `name`, in order. */
  values(name: string): string[] {
    return this.sources.flatMap((source) => asList(source[name]));
  }

  has(name: string): boolean {
    return this.values(name).length > 0;
  }

  one(name: string): string | undefined {
    return this.values(name)[0];
  }

  /** A list given repeated (`ids=1&ids=2`), comma-joined (`ids=1,2`, `%2C`), or both. */
  list(name: string): string[] {
    return this.values(name)
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '');
  }

  /** `true`/`True`/`1` or `false`/`False`/`0`; undefined when absent. */
  bool(name: string): boolean | undefined {
    const value = this.one(name);
    if (value === undefined || value.trim() === '') return undefined;
    const lower = value.trim().toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    throw fieldError(name, 'TypeMismatch', `${name} must be true or false`);
  }

  int(name: string, min: number, max: number): number | undefined {
    const value = this.one(name);
    if (value === undefined || value.trim() === '') return undefined;
    const number = Number(value.trim());
    if (!Number.isInteger(number)) throw fieldError(name, 'TypeMismatch', `${name} must be a whole number`);
    if (number < min || number > max) throw fieldError(name, 'Range', `must be between ${min} and ${max}`);
    return number;
  }

  /** Integer ids from a list parameter; a malformed one is a 400. */
  ids(name: string): number[] {
    return this.list(name).map((value) => {
      const id = Number(value);
      if (!Number.isSafeInteger(id) || id < 0)
        throw fieldError(name, 'TypeMismatch', `${name} must hold device ids; '${value}' is not one`);
      return id;
    });
  }
}

import type { FqOperator } from './ast.ts';
import { formatFqDuration } from './duration.ts';

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
// A custom attribute name may hold any character but the closing bracket and control characters.
const ATTRIBUTE_NAME = /^[^\]\p{Cc}]+$/u;

const OPERATOR_TEXT: Record<FqOperator, string> = {
  EQ: 'EQ',
  NE: 'NE',
  LT: '<',
  GT: '>',
  LE: '<=',
  GE: '>=',
  CONTAINS: 'CONTAINS',
  STARTSWITH: 'STARTSWITH',
};

/** A field reference ready to put in an fq: made only by `field`, `cfDevice` or `cfLdap`. */
export interface FqFieldRef {
  readonly fq: string;
}

/** A device field such as `emailAddress` or `PLATFORMTYPE`. */
export function field(name: string): FqFieldRef {
  if (!FIELD_NAME.test(name)) throw new RangeError(`"${name}" is not a valid fq field name`);
  return { fq: name };
}

function customAttribute(prefix: 'CFDEVICE' | 'CFLDAP', name: string): FqFieldRef {
  if (!ATTRIBUTE_NAME.test(name) || name.trim() === '') {
    throw new RangeError(`"${name}" is not a valid custom attribute name`);
  }
  return { fq: `${prefix}[${name}]` };
}

/** A custom device attribute (`name_#` for a numeric one). */
export function cfDevice(name: string): FqFieldRef {
  return customAttribute('CFDEVICE', name);
}

/** An LDAP attribute of the device's user. */
export function cfLdap(name: string): FqFieldRef {
  return customAttribute('CFLDAP', name);
}

/** Quotes a value for an fq: always in single quotes, a quote inside doubled. */
export function quoteFqValue(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function ref(target: FqFieldRef | string): FqFieldRef {
  return typeof target === 'string' ? field(target) : target;
}

/** `FIELD OP 'value'`, the value always quoted and escaped. */
export function compare(target: FqFieldRef | string, op: FqOperator, value: string | number | boolean): string {
  return `${ref(target).fq} ${OPERATOR_TEXT[op]} ${quoteFqValue(String(value))}`;
}

export const eq = (target: FqFieldRef | string, value: string | number | boolean): string =>
  compare(target, 'EQ', value);
export const ne = (target: FqFieldRef | string, value: string | number | boolean): string =>
  compare(target, 'NE', value);
export const contains = (target: FqFieldRef | string, value: string): string => compare(target, 'CONTAINS', value);
export const startsWith = (target: FqFieldRef | string, value: string): string => compare(target, 'STARTSWITH', value);

/** Devices whose date field lies within `ms` before now (the vendor's time-window form). */
export function withinLast(target: FqFieldRef | string, ms: number): string {
  return `${ref(target).fq}<${quoteFqValue(formatFqDuration(ms))}`;
}

/** Devices whose date field lies more than `ms` before now. */
export function olderThan(target: FqFieldRef | string, ms: number): string {
  return `${ref(target).fq}>${quoteFqValue(formatFqDuration(ms))}`;
}

function junction(keyword: 'AND' | 'OR', parts: readonly string[]): string {
  const present = parts.filter((part) => part.trim() !== '');
  if (present.length === 0) throw new RangeError(`${keyword} needs at least one part`);
  if (present.length === 1 && present[0] !== undefined) return present[0];
  return present.map((part) => `(${part})`).join(` ${keyword} `);
}

/** Every part must hold; each part is parenthesized. */
export const and = (...parts: string[]): string => junction('AND', parts);
/** Any part may hold; each part is parenthesized. */
export const or = (...parts: string[]): string => junction('OR', parts);
/** Any of the values (OR of equalities on one field). */
export const anyOf = (target: FqFieldRef | string, values: readonly string[]): string =>
  or(...values.map((value) => eq(target, value)));

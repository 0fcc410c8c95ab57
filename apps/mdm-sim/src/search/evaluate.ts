import {
  NUMERIC_ATTRIBUTE_SUFFIX,
  parseFqDuration,
  type FqComparison,
  type FqNode,
  type FqOperator,
} from '@mdm-console/mdm-api';
import { fieldError } from '../errors.ts';
import type { Tenant } from '../tenant/tenant.ts';
import { Bitset } from './bitset.ts';
import { ldapAttribute, type FieldDef, type FieldValue } from './fields.ts';

export interface EvaluationContext {
  tenant: Tenant;
  fields: Map<string, FieldDef>;
  /** "Now" for time windows. */
  now: number;
}

type Predicate = (value: FieldValue) => boolean;

function compareOrdered(cmp: number, op: FqOperator): boolean {
  switch (op) {
    case 'EQ':
      return cmp === 0;
    case 'NE':
      return cmp !== 0;
    case 'LT':
      return cmp < 0;
    case 'GT':
      return cmp > 0;
    case 'LE':
      return cmp <= 0;
    case 'GE':
      return cmp >= 0;
    default:
      return false;
  }
}

function invalid(message: string): never {
  throw fieldError('fq', 'InvalidFilter', message);
}

function nullTest(leaf: FqComparison): Predicate | undefined {
  if (leaf.quoted || leaf.value.toLowerCase() !== 'null') return undefined;
  if (leaf.op === 'EQ') return (v) => v === null;
  if (leaf.op === 'NE') return (v) => v !== null;
  return invalid(`null can only be compared with EQ or NE (${leaf.field.name})`);
}

function numberTest(leaf: FqComparison, value: number, now: number, isDate: boolean): Predicate {
  const { op } = leaf;
  if (op === 'CONTAINS' || op === 'STARTSWITH') invalid(`${op} does not apply to the number field ${leaf.field.name}`);
  const window = isDate ? parseFqDuration(leaf.value) : undefined;
  if (window !== undefined) {
    // lastCheckin<'d:hh:mm:ss': the age of the date compared with the window.
    return (v) => typeof v === 'number' && compareOrdered(Math.sign(now - v - window), op);
  }
  return (v) => typeof v === 'number' && compareOrdered(Math.sign(v - value), op);
}

function parseNumberValue(leaf: FqComparison, isDate: boolean): number {
  const text = leaf.value.trim();
  if (isDate && parseFqDuration(text) !== undefined) return 0;
  const number = Number(text);
  if (text !== '' && Number.isFinite(number)) return number;
  if (isDate) {
    const parsed = Date.parse(text);
    if (Number.isFinite(parsed)) return parsed;
    invalid(`${leaf.field.name} takes epoch milliseconds, a date, or a time window 'd:hh:mm:ss'; got '${leaf.value}'`);
  }
  return invalid(`${leaf.field.name} takes a number; got '${leaf.value}'`);
}

function stringTest(op: FqOperator, wanted: string): Predicate {
  const target = wanted.toLowerCase();
  switch (op) {
    case 'CONTAINS':
      return (v) => v !== null && String(v).toLowerCase().includes(target);
    case 'STARTSWITH':
      return (v) => v !== null && String(v).toLowerCase().startsWith(target);
    case 'NE':
      return (v) => v === null || String(v).toLowerCase() !== target;
    default:
      return (v) => {
        if (v === null) return false;
        const text = String(v).toLowerCase();
        return compareOrdered(text < target ? -1 : text > target ? 1 : 0, op);
      };
  }
}

function booleanTest(leaf: FqComparison): Predicate {
  const text = leaf.value.trim().toLowerCase();
  if (text !== 'true' && text !== 'false') invalid(`${leaf.field.name} takes true or false; got '${leaf.value}'`);
  const wanted = text === 'true';
  if (leaf.op === 'EQ') return (v) => v === wanted;
  if (leaf.op === 'NE') return (v) => v !== wanted;
  return invalid(`${leaf.field.name} can only be compared with EQ or NE`);
}

function predicateFor(leaf: FqComparison, def: Pick<FieldDef, 'type'>, now: number): Predicate {
  const nullPredicate = nullTest(leaf);
  if (nullPredicate) return nullPredicate;
  switch (def.type) {
    case 'boolean':
      return booleanTest(leaf);
    case 'number':
    case 'date':
      return numberTest(leaf, parseNumberValue(leaf, def.type === 'date'), now, def.type === 'date');
    default:
      return stringTest(leaf.op, leaf.value);
  }
}

function devicesOfUsers(tenant: Tenant, userLookup: Uint8Array): Bitset {
  return Bitset.fromCodes(tenant.devices.owner, userLookup);
}

function evaluateUserField(ctx: EvaluationContext, def: FieldDef, test: Predicate, leaf: FqComparison): Bitset {
  const { tenant } = ctx;
  const users = tenant.users;
  const lookup = new Uint8Array(users.count);
  const user = def.user;
  if (user?.exact && leaf.op === 'EQ' && !nullTest(leaf)) {
    for (const u of user.exact(leaf.value)) lookup[u] = 1;
  } else if (user?.groups) {
    // NE on a multi-valued field: none of the user's groups equals the value; otherwise any group matches.
    const negative = leaf.op === 'NE';
    let mask = 0;
    tenant.groups.forEach((name, bit) => {
      if (negative ? !test(name) : test(name)) mask |= 1 << bit;
    });
    for (let u = 0; u < users.count; u += 1) {
      const hits = (users.groupMask[u] ?? 0) & mask;
      lookup[u] = (negative ? hits === 0 : hits !== 0) ? 1 : 0;
    }
  } else if (user?.coded) {
    const source = user.coded();
    const codes = new Uint8Array(source.codeCount);
    for (let c = 0; c < source.codeCount; c += 1) codes[c] = test(source.label(c)) ? 1 : 0;
    for (let u = 0; u < users.count; u += 1) lookup[u] = codes[source.column[u] ?? 0] ?? 0;
  } else if (user?.valueAt) {
    for (let u = 0; u < users.count; u += 1) lookup[u] = test(user.valueAt(u)) ? 1 : 0;
  }
  return devicesOfUsers(tenant, lookup);
}

function evaluateField(ctx: EvaluationContext, leaf: FqComparison): Bitset {
  const def = ctx.fields.get(leaf.field.name.toLowerCase());
  if (!def) invalid(`unknown field "${leaf.field.name}"`);
  const test = predicateFor(leaf, def, ctx.now);
  const size = ctx.tenant.devices.count;
  if (def.user) return evaluateUserField(ctx, def, test, leaf);
  if (def.exact && leaf.op === 'EQ' && !nullTest(leaf)) {
    const set = new Bitset(size);
    for (const i of def.exact(leaf.value)) set.add(i);
    return set;
  }
  if (def.coded) {
    const source = def.coded();
    const codes = new Uint8Array(Math.max(source.codeCount, 1));
    for (let c = 0; c < source.codeCount; c += 1) codes[c] = test(source.label(c)) ? 1 : 0;
    return Bitset.fromCodes(source.column, codes);
  }
  if (def.numeric) {
    const column = def.numeric();
    return Bitset.fromPredicate(size, (i) => {
      const v = column[i] ?? Number.NaN;
      return test(Number.isNaN(v) ? null : v);
    });
  }
  return Bitset.fromPredicate(size, (i) => test(def.valueAt(i)));
}

function evaluateCustomDevice(ctx: EvaluationContext, leaf: FqComparison): Bitset {
  const name = leaf.field.name.toLowerCase();
  const numeric = name.endsWith(NUMERIC_ATTRIBUTE_SUFFIX);
  const test = predicateFor(leaf, { type: numeric ? 'number' : 'string' }, ctx.now);
  const attrs = ctx.tenant.customAttributes;
  return Bitset.fromPredicate(ctx.tenant.devices.count, (i) => {
    const map = attrs[i];
    let values: (string | null)[] | null | undefined;
    if (map) {
      for (const key in map) {
        if (key.toLowerCase() === name) values = map[key];
      }
    }
    if (!values || values.length === 0) return test(null);
    return values.some((value) => test(value === null ? null : numeric ? Number(value) : value));
  });
}

function evaluateCustomLdap(ctx: EvaluationContext, leaf: FqComparison): Bitset {
  const test = predicateFor(leaf, { type: 'string' }, ctx.now);
  const users = ctx.tenant.users;
  const lookup = new Uint8Array(users.count);
  for (let u = 0; u < users.count; u += 1) lookup[u] = test(ldapAttribute(ctx.tenant, u, leaf.field.name)) ? 1 : 0;
  return devicesOfUsers(ctx.tenant, lookup);
}

/** The devices (deleted ones included: the caller scopes) for which the fq holds. */
export function evaluateFq(node: FqNode, ctx: EvaluationContext): Bitset {
  if (node.type === 'comparison') {
    if (node.field.kind === 'cfdevice') return evaluateCustomDevice(ctx, node);
    if (node.field.kind === 'cfldap') return evaluateCustomLdap(ctx, node);
    return evaluateField(ctx, node);
  }
  const [first, ...rest] = node.children.map((child) => evaluateFq(child, ctx));
  if (!first) return new Bitset(ctx.tenant.devices.count);
  for (const next of rest) {
    if (node.type === 'and') first.andInPlace(next);
    else first.orInPlace(next);
  }
  return first;
}

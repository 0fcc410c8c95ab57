import type { Tenant } from '../tenant/tenant.ts';
import type { FieldDef, FieldValue } from './fields.ts';

/** A sort key: null sorts first, booleans as 0/1, strings case-insensitively. */
export type SortKey = number | string | null;

export function toSortKey(value: FieldValue): SortKey {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return value.toLowerCase();
  return value;
}

export function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export interface SortOrder {
  /** Key of each device, by device index. */
  keys: SortKey[];
  /** Device indexes ascending by (key, index): index order is id order. */
  permutation: Int32Array;
}

/** Sort orders per field, built on first use and rebuilt when a column the field reads has changed. */
export class SortOrders {
  private readonly tenant: Tenant;
  private readonly cache = new Map<string, { stamp: string; order: SortOrder }>();

  constructor(tenant: Tenant) {
    this.tenant = tenant;
  }

  private stamp(field: FieldDef): string {
    return field.deps.map((column) => this.tenant.columnVersion(column)).join('.');
  }

  order(field: FieldDef): SortOrder {
    const stamp = this.stamp(field);
    const cached = this.cache.get(field.name);
    if (cached && cached.stamp === stamp) return cached.order;
    const count = this.tenant.devices.count;
    const keys = new Array<SortKey>(count);
    for (let i = 0; i < count; i += 1) keys[i] = toSortKey(field.valueAt(i));
    const permutation = new Int32Array(count);
    for (let i = 0; i < count; i += 1) permutation[i] = i;
    permutation.sort((a, b) => compareKeys(keys[a] ?? null, keys[b] ?? null) || a - b);
    const order = { keys, permutation };
    this.cache.set(field.name, { stamp, order });
    return order;
  }
}

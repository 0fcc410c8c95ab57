import { parseFq, FqSyntaxError } from '@mdm-console/mdm-api';
import { fieldError } from '../errors.ts';
import { SPACES } from '../tenant/catalog.ts';
import { TRUE, type Tenant } from '../tenant/tenant.ts';
import { Bitset } from './bitset.ts';
import { evaluateFq } from './evaluate.ts';
import { countFacets, type Facets } from './facets.ts';
import { createFieldRegistry, type FieldDef } from './fields.ts';
import { compareKeys, SortOrders, toSortKey, type SortKey } from './sort-orders.ts';
import { TextIndex } from './text-index.ts';

export interface SortSpec {
  field: FieldDef;
  descending: boolean;
}

export interface SearchRequest {
  q: string;
  fq: readonly string[];
  /** Space (device partition) index in SPACES, or undefined for every space. */
  partition: number | undefined;
  start: number;
  rows: number;
  sort: readonly SortSpec[];
  /** Raw `searchAfterValues`: the sort values of the last hit of the previous page, then its id. */
  searchAfter: readonly string[] | undefined;
}

export interface SearchHits {
  total: number;
  unfilteredTotal: number;
  indexes: number[];
  facets: Facets;
}

interface FilterEntry {
  set: Bitset;
  total: number;
  matches?: Int32Array;
  facets?: Facets;
}

const FILTER_CACHE_SIZE = 48;

/** The simulator's search engine: fq, q, space scope, facets, sorting and deep paging over the tenant's columns. */
export class SearchEngine {
  readonly tenant: Tenant;
  readonly text: TextIndex;
  readonly fields: Map<string, FieldDef>;
  private readonly sorts: SortOrders;
  private readonly filterCache = new Map<string, FilterEntry>();
  private readonly scopeCache = new Map<string, { stamp: string; set: Bitset }>();
  private readonly idField: FieldDef;
  private readonly now: () => number;

  constructor(tenant: Tenant, now: () => number = Date.now) {
    this.tenant = tenant;
    this.now = now;
    this.text = new TextIndex(tenant);
    this.fields = createFieldRegistry(tenant, this.text.exactLookups());
    this.sorts = new SortOrders(tenant);
    const idField = this.fields.get('id');
    if (!idField) throw new Error('the field registry has no id');
    this.idField = idField;
    this.assignPartitions();
  }

  field(name: string): FieldDef | undefined {
    return this.fields.get(name.toLowerCase());
  }

  /** Puts each device in the first space (by priority) whose domain rule it matches; the rest in the default. */
  assignPartitions(): void {
    const { devices } = this.tenant;
    const assigned = new Uint8Array(devices.count);
    const defaultIndex = SPACES.findIndex((space) => space.domainRule === null);
    const ruled = SPACES.map((space, index) => ({ space, index }))
      .filter(({ space }) => space.domainRule !== null)
      .sort((a, b) => a.space.priority - b.space.priority);
    devices.partition.fill(defaultIndex);
    for (const { space, index } of ruled) {
      const members = evaluateFq(parseFq(space.domainRule ?? ''), {
        tenant: this.tenant,
        fields: this.fields,
        now: this.now(),
      });
      members.forEach((i) => {
        if (assigned[i] === 0) {
          assigned[i] = 1;
          devices.partition[i] = index;
        }
      });
    }
    this.tenant.touch('partition');
  }

  /** Live devices in the space (or in all spaces). */
  private scope(partition: number | undefined): Bitset {
    const { devices } = this.tenant;
    const deleted = devices.deleted;
    return Bitset.fromPredicate(
      devices.count,
      (i) => deleted[i] !== TRUE && (partition === undefined || devices.partition[i] === partition),
    );
  }

  private filter(request: Pick<SearchRequest, 'q' | 'fq' | 'partition'>): FilterEntry {
    const key = `${this.tenant.version}\u0000${request.partition ?? '*'}\u0000${request.q}\u0000${request.fq.join('\u0001')}`;
    const cached = this.filterCache.get(key);
    if (cached) {
      this.filterCache.delete(key);
      this.filterCache.set(key, cached);
      return cached;
    }
    const set = this.scope(request.partition);
    const context = { tenant: this.tenant, fields: this.fields, now: this.now() };
    for (const fq of request.fq) {
      if (fq.trim() === '') continue;
      let node;
      try {
        node = parseFq(fq);
      } catch (error) {
        if (error instanceof FqSyntaxError)
          throw fieldError('fq', 'InvalidFilter', `The filter does not parse: ${error.message}.`);
        throw error;
      }
      set.andInPlace(evaluateFq(node, context));
    }
    const text = this.text.match(request.q);
    if (text) set.andInPlace(text);
    const entry: FilterEntry = { set, total: set.count() };
    this.filterCache.set(key, entry);
    if (this.filterCache.size > FILTER_CACHE_SIZE) {
      const oldest = this.filterCache.keys().next().value;
      if (oldest !== undefined) this.filterCache.delete(oldest);
    }
    return entry;
  }

  /** Number of live devices in the space, without the filters. */
  unfilteredCount(partition: number | undefined): number {
    return this.filter({ q: '', fq: [], partition }).total;
  }

  search(request: SearchRequest): SearchHits {
    const entry = this.filter(request);
    entry.matches ??= entry.set.toArray();
    entry.facets ??= countFacets(this.tenant, this.fields, entry.matches);
    const sort = request.sort.length > 0 ? request.sort : [{ field: this.idField, descending: false }];
    const indexes = this.page(entry, sort, request);
    return {
      total: entry.total,
      unfilteredTotal: this.unfilteredCount(request.partition),
      indexes,
      facets: entry.facets,
    };
  }

  /** Every matching device index, ascending: for callers that need the whole set. */
  matchingIndexes(request: Pick<SearchRequest, 'q' | 'fq' | 'partition'>): Int32Array {
    const entry = this.filter(request);
    entry.matches ??= entry.set.toArray();
    return entry.matches;
  }

  private afterKeys(sort: readonly SortSpec[], raw: readonly string[]): { keys: SortKey[]; id: number } {
    const fields = sort.filter((s) => s.field !== this.idField);
    // A value may itself hold commas: extra leading parts belong to the first value.
    let parts = [...raw];
    if (parts.length > fields.length + 1 && fields.length > 0) {
      const extra = parts.length - (fields.length + 1);
      parts = [parts.slice(0, extra + 1).join(','), ...parts.slice(extra + 1)];
    }
    if (parts.length !== fields.length + 1) {
      throw fieldError(
        'searchAfterValues',
        'InvalidSearchAfter',
        `searchAfterValues needs ${fields.length + 1} values (the sort values of the last hit, then its id).`,
      );
    }
    const id = Number(parts[parts.length - 1]);
    if (!Number.isInteger(id))
      throw fieldError('searchAfterValues', 'InvalidSearchAfter', 'The last of searchAfterValues must be a device id.');
    const keys = fields.map((s, k) => {
      const text = parts[k] ?? '';
      if (text === 'null' || text === '') return null;
      if (s.field.type === 'number' || s.field.type === 'date') {
        const number = Number(text);
        if (!Number.isFinite(number))
          throw fieldError('searchAfterValues', 'InvalidSearchAfter', `searchAfterValues: '${text}' is not a number.`);
        return number;
      }
      if (s.field.type === 'boolean') return text.toLowerCase() === 'true' ? 1 : 0;
      return toSortKey(text);
    });
    return { keys, id };
  }

  private page(entry: FilterEntry, sort: readonly SortSpec[], request: SearchRequest): number[] {
    const matches = entry.matches ?? entry.set.toArray();
    const base = this.tenant.deviceId(0);
    const [primary] = sort;
    const after = request.searchAfter ? this.afterKeys(sort, request.searchAfter) : undefined;
    const out: number[] = [];
    if (sort.length === 1 && primary && primary.field === this.idField) {
      // Id order is index order: the matches are already sorted.
      const afterIndex = after ? after.id - base : undefined;
      if (!primary.descending) {
        const from = afterIndex === undefined ? 0 : firstGreater(matches, afterIndex);
        return Array.from(matches.subarray(from + request.start, from + request.start + request.rows));
      }
      const end = (afterIndex === undefined ? matches.length : firstGreater(matches, afterIndex - 1)) - request.start;
      for (let k = end - 1; k >= 0 && out.length < request.rows; k -= 1) out.push(matches[k] ?? 0);
      return out;
    }
    if (sort.length === 1 && primary) {
      const { keys, permutation } = this.sorts.order(primary.field);
      const compareTo = (index: number, target: { keys: SortKey[]; id: number }): number =>
        compareKeys(keys[index] ?? null, target.keys[0] ?? null) || index - (target.id - base);
      const n = permutation.length;
      let position: number;
      if (!after) position = primary.descending ? n - 1 : 0;
      else {
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (compareTo(permutation[mid] ?? 0, after) <= 0) lo = mid + 1;
          else hi = mid;
        }
        // lo: first position after the cursor in ascending order.
        position = primary.descending ? lo - 1 : lo;
        if (primary.descending && position >= 0 && compareTo(permutation[position] ?? 0, after) === 0) position -= 1;
      }
      const step = primary.descending ? -1 : 1;
      let skipped = 0;
      for (let p = position; p >= 0 && p < n && out.length < request.rows; p += step) {
        const index = permutation[p] ?? 0;
        if (!entry.set.has(index)) continue;
        if (skipped < request.start) skipped += 1;
        else out.push(index);
      }
      return out;
    }
    const orders = sort.map((s) => ({ keys: this.sorts.order(s.field).keys, descending: s.descending }));
    const lastDescending = sort[sort.length - 1]?.descending ?? false;
    const compare = (a: number, b: number): number => {
      for (const order of orders) {
        const cmp = compareKeys(order.keys[a] ?? null, order.keys[b] ?? null);
        if (cmp !== 0) return order.descending ? -cmp : cmp;
      }
      return lastDescending ? b - a : a - b;
    };
    let ordered = Array.from(matches).sort(compare);
    if (after) {
      const afterIndex = after.id - base;
      const isAfter = (i: number): boolean => {
        for (let k = 0; k < orders.length; k += 1) {
          const order = orders[k];
          if (!order) continue;
          const cmp = compareKeys(order.keys[i] ?? null, after.keys[k] ?? null);
          if (cmp !== 0) return order.descending ? cmp < 0 : cmp > 0;
        }
        return lastDescending ? i < afterIndex : i > afterIndex;
      };
      ordered = ordered.filter(isAfter);
    }
    return ordered.slice(request.start, request.start + request.rows);
  }
}

/** The first position in ascending `values` holding a value greater than `target`. */
function firstGreater(values: Int32Array, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] ?? 0) <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

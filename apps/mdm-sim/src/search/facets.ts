import { DEVICE_FACETS } from '@mdm-console/mdm-api';
import type { Tenant } from '../tenant/tenant.ts';
import type { CodedSource, FieldDef, FieldValue } from './fields.ts';

export type Facets = Record<string, Record<string, number>>;

// Real tenants answer some facets in lower case ("KIOSKSTATE":{"not_configured":4}); so does the simulator,
// so that clients are built not to assume one case.
const LOWER_CASE_FACETS = new Set(['KIOSKSTATE']);

function labelText(facet: string, value: FieldValue): string | null {
  if (value === null) return null;
  const text = String(value);
  return LOWER_CASE_FACETS.has(facet) ? text.toLowerCase() : text;
}

function addCount(target: Record<string, number>, label: string | null, count: number): void {
  if (label === null || count === 0) return;
  target[label] = (target[label] ?? 0) + count;
}

/** Counts every documented facet over the matching devices (`matches`: device indexes). */
export function countFacets(tenant: Tenant, fields: Map<string, FieldDef>, matches: Int32Array): Facets {
  const devices = tenant.devices;
  const users = tenant.users;
  const columnCounts = new Map<ArrayLike<number>, Int32Array>();
  const countColumn = (source: CodedSource, viaOwner: boolean): Int32Array => {
    const key = source.column;
    const known = columnCounts.get(key);
    if (known) return known;
    const counts = new Int32Array(Math.max(source.codeCount, 256));
    const column = source.column;
    if (viaOwner) {
      const owner = devices.owner;
      for (let k = 0; k < matches.length; k += 1) {
        const code = column[owner[matches[k] ?? 0] ?? 0] ?? 0;
        counts[code] = (counts[code] ?? 0) + 1;
      }
    } else {
      for (let k = 0; k < matches.length; k += 1) {
        const code = column[matches[k] ?? 0] ?? 0;
        counts[code] = (counts[code] ?? 0) + 1;
      }
    }
    columnCounts.set(key, counts);
    return counts;
  };

  const facets: Facets = {};
  for (const [facet, fieldName] of Object.entries(DEVICE_FACETS)) {
    const def = fields.get(fieldName.toLowerCase());
    const out: Record<string, number> = {};
    facets[facet] = out;
    if (!def) continue;
    if (def.user?.groups) {
      const counts = new Int32Array(32);
      for (let k = 0; k < matches.length; k += 1) {
        let mask = users.groupMask[devices.owner[matches[k] ?? 0] ?? 0] ?? 0;
        while (mask !== 0) {
          const low = mask & -mask;
          const bit = 31 - Math.clz32(low);
          counts[bit] = (counts[bit] ?? 0) + 1;
          mask = (mask ^ low) >>> 0;
        }
      }
      tenant.groups.forEach((name, bit) => {
        addCount(out, name, counts[bit] ?? 0);
      });
      continue;
    }
    const source = def.user?.coded?.() ?? def.coded?.();
    if (!source) continue;
    const counts = countColumn(source, def.user !== undefined);
    for (let code = 0; code < counts.length; code += 1) {
      const count = counts[code] ?? 0;
      if (count > 0) addCount(out, labelText(facet, source.label(code)), count);
    }
  }
  return facets;
}

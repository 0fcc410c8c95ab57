import { FIRST_NAMES, LAST_NAMES, MODELS } from '../tenant/catalog.ts';
import * as ids from '../tenant/identifiers.ts';
import type { Tenant } from '../tenant/tenant.ts';
import { Bitset } from './bitset.ts';
import { SortedIndex } from './sorted-index.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const WORD_SPLIT = /[\s:,()/-]+/;

const digitsOnly = (text: string | null): string | null => {
  if (text === null) return null;
  const digits = text.replace(/\D/g, '');
  return digits === '' ? null : digits;
};

function prefixLookup(words: readonly string[], prefix: string): Uint8Array {
  const lookup = new Uint8Array(words.length);
  words.forEach((word, code) => {
    const parts = [word.toLowerCase(), ...word.toLowerCase().split(WORD_SPLIT)];
    if (parts.some((part) => part.startsWith(prefix))) lookup[code] = 1;
  });
  return lookup;
}

/**
 * The free-text `q` (assumption 2): each word of the query must be the prefix of a word of the device's name,
 * owner name, e-mail or uid, serial number, IMEI, phone number or model, or equal the device's id or GUID.
 */
export class TextIndex {
  private readonly tenant: Tenant;
  readonly guids: SortedIndex;
  readonly serials: SortedIndex;
  readonly imeis: SortedIndex;
  readonly phones: SortedIndex;
  readonly emails: SortedIndex;

  constructor(tenant: Tenant) {
    this.tenant = tenant;
    const n = tenant.devices.count;
    this.guids = SortedIndex.build(n, (i) => ids.deviceGuid(tenant, i));
    this.serials = SortedIndex.build(n, (i) => ids.serialNumber(tenant, i).toLowerCase());
    this.imeis = SortedIndex.build(n, (i) => digitsOnly(ids.imei(tenant, i)));
    this.phones = SortedIndex.build(n, (i) => digitsOnly(ids.phoneNumber(tenant, i)));
    this.emails = SortedIndex.build(tenant.users.count, (u) => tenant.users.email[u]?.toLowerCase() ?? null);
  }

  /** Devices matching every word of `q`; null when `q` has no words (no text filter). */
  match(q: string): Bitset | null {
    const words = q
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== '');
    let result: Bitset | null = null;
    for (const word of words) {
      const matches = this.matchWord(word);
      result = result === null ? matches : result.andInPlace(matches);
    }
    return result;
  }

  private matchWord(word: string): Bitset {
    const { devices, users } = this.tenant;
    const modelLookup = prefixLookup(
      MODELS.map((m) => `${m.prettyModel} ${m.deviceModel} ${m.kind}`),
      word,
    );
    const firstLookup = prefixLookup(FIRST_NAMES, word);
    const lastLookup = prefixLookup(LAST_NAMES, word);
    const ownerLookup = new Uint8Array(users.count);
    for (let u = 0; u < users.count; u += 1) {
      if (firstLookup[users.firstName[u] ?? 0] === 1 || lastLookup[users.lastName[u] ?? 0] === 1) ownerLookup[u] = 1;
    }
    this.emails.forPrefix(word, (u) => {
      ownerLookup[u] = 1;
    });
    const result = new Bitset(devices.count);
    const words = result.words;
    const { model, nameFirst, owner } = devices;
    for (let i = 0; i < devices.count; i += 1) {
      if (
        modelLookup[model[i] ?? 0] === 1 ||
        firstLookup[nameFirst[i] ?? 0] === 1 ||
        ownerLookup[owner[i] ?? 0] === 1
      ) {
        words[i >>> 5] = ((words[i >>> 5] ?? 0) | (1 << (i & 31))) >>> 0;
      }
    }
    const add = (i: number): void => {
      result.add(i);
    };
    this.serials.forPrefix(word, add);
    const digits = /^[+\d][\d\s-]*$/.test(word) ? digitsOnly(word) : null;
    if (digits !== null) {
      this.imeis.forPrefix(digits, add);
      this.phones.forPrefix(digits, add);
    }
    if (/^\d+$/.test(word)) {
      const index = this.tenant.indexOfDeviceId(Number(word));
      if (index >= 0) result.add(index);
    }
    if (GUID.test(word)) for (const i of this.guids.exact(word)) result.add(i);
    return result;
  }

  /** Exact look-ups for the unique identifier fields of the fq. */
  exactLookups(): Record<
    'guid' | 'serialNumber' | 'imei' | 'phoneNumber' | 'email',
    (value: string) => readonly number[]
  > {
    return {
      email: (value) => this.emails.exact(value.toLowerCase()),
      guid: (value) => this.guids.exact(value.toLowerCase()),
      serialNumber: (value) => this.serials.exact(value.toLowerCase()),
      imei: (value) => this.imeis.exact(digitsOnly(value) ?? ''),
      phoneNumber: (value) => this.phones.exact(digitsOnly(value) ?? ''),
    };
  }
}

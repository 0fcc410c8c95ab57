import { eq, or, withinLast, and } from '@mdm-console/mdm-api';

/** A deterministic pseudo-random source for the query mix (mulberry32). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MixContext {
  emails: readonly string[];
  deepCursors: readonly string[];
}

export type QueryKind = 'free text' | 'facet filters' | 'email look-up' | 'time window' | 'sorted' | 'deep page';

const FACETS: Record<string, readonly string[]> = {
  platformType: ['IOS', 'ANDROID', 'WINDOWS_PHONE', 'OSX'],
  registrationState: ['ACTIVE', 'RETIRED', 'WIPED', 'RETIRE_PENDING'],
  complianceState: ['true', 'false'],
  ownershipType: ['COMPANY', 'EMPLOYEE'],
  ACCOUNTGROUP: ['Sales', 'Engineering', 'EMEA', 'APAC', 'Field Service', 'Marketing'],
  supervised: ['true', 'false'],
  kioskState: ['ACTIVE', 'NOT_CONFIGURED'],
  prettyModel: ['iPhone 15', 'Galaxy S23', 'Zebra TC52', 'Pixel 8', 'MacBook Air (M2, 2022)'],
};
const WORDS = [
  'ann',
  'james',
  'maria',
  'smith',
  'galaxy',
  'iphone',
  'pixel',
  'tc5',
  'mueller',
  'sato',
  'lee',
  'macbook',
  'R5C',
  '35',
];
const SORTS = ['lastCheckin', 'lastRegistrationTime', 'prettyModel', 'emailAddress', 'registrationState'];

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** One realistic console search as a query string, with its kind. */
export function nextQuery(random: () => number, context: MixContext): { kind: QueryKind; query: string } {
  const params = new URLSearchParams({ rows: '50' });
  const facetFilters = (count: number): void => {
    const fields = Object.keys(FACETS)
      .sort(() => random() - 0.5)
      .slice(0, count);
    for (const field of fields) {
      const values = FACETS[field] ?? [];
      params.append(
        'fq',
        random() < 0.3
          ? or(eq(field, pick(random, values)), eq(field, pick(random, values)))
          : eq(field, pick(random, values)),
      );
    }
  };
  const r = random();
  if (r < 0.25) {
    params.set('q', pick(random, WORDS));
    if (random() < 0.5) facetFilters(1);
    return { kind: 'free text', query: params.toString() };
  }
  if (r < 0.5) {
    facetFilters(1 + Math.floor(random() * 3));
    return { kind: 'facet filters', query: params.toString() };
  }
  if (r < 0.65) {
    params.append('fq', eq('EMAILADDRESS', pick(random, context.emails)));
    return { kind: 'email look-up', query: params.toString() };
  }
  if (r < 0.75) {
    const days = 1 + Math.floor(random() * 30);
    params.append(
      'fq',
      random() < 0.5
        ? withinLast('lastCheckin', days * 86_400_000)
        : and(
            withinLast('lastRegistrationTime', days * 86_400_000),
            eq('platformType', pick(random, FACETS.platformType ?? [])),
          ),
    );
    return { kind: 'time window', query: params.toString() };
  }
  if (r < 0.9) {
    params.set('sortFields[0].name', pick(random, SORTS));
    params.set('sortFields[0].order', random() < 0.5 ? 'ASC' : 'DESC');
    if (random() < 0.6) facetFilters(1);
    return { kind: 'sorted', query: params.toString() };
  }
  params.set('sortFields[0].name', 'lastCheckin');
  params.set('sortFields[0].order', 'DESC');
  params.set('searchAfterValues', pick(random, context.deepCursors));
  return { kind: 'deep page', query: params.toString() };
}

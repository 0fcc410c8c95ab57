import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detailsDocument, searchDocument } from '../src/tenant/device-document.ts';
import { generateTenant } from '../src/tenant/generate.ts';

const SEED = fileURLToPath(new URL('../../../../shared/seeds/000_c9823482042f1a20.txt', import.meta.url));
const text = readFileSync(SEED, 'utf8').replaceAll('\u00a0', ' ');

/** The field names listed under "Response Fields" of the section headed `heading`. */
function documentedFields(heading: string): string[] {
  const section = text.indexOf(`\n${heading}\n`);
  const start = text.indexOf('Response Fields', section);
  const ends = ['Example Request', 'Example Response']
    .map((marker) => text.indexOf(marker, start))
    .filter((at) => at > 0);
  expect(section).toBeGreaterThanOrEqual(0);
  // A field line is indented, or a single word; unindented lines with more words are descriptions.
  const lines = text
    .slice(start, Math.min(...ends))
    .split('\n')
    .filter((line) => /^\s/.test(line) || line.trim().split(' ').length === 1);
  const words = lines.map((line) => line.trim().split(' ')[0] ?? '').filter((word) => /^[a-z][A-Za-z0-9]*$/.test(word));
  return [...new Set(words)].filter((word) => !['errors', 'result', 'null', 'true', 'false'].includes(word));
}

function keysDeep(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysDeep(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysDeep(inner, into);
    }
  }
  return into;
}

const tenant = generateTenant({ seed: 42, devices: 400, anchor: Date.UTC(2026, 10, 1) });

describe('documented fields', () => {
  it('when a device is detailed, then it carries every field the "Get Device Details" list names', () => {
    const fields = documentedFields('Get Device Details');
    expect(fields.length).toBeGreaterThan(150);
    const keys = new Set<string>();
    for (let i = 0; i < tenant.devices.count; i += 1) keysDeep(detailsDocument(tenant, i), keys);
    expect(fields.filter((field) => !keys.has(field))).toEqual([]);
  });

  it.each([
    'Get Device Details Based on Attribute',
    'Get List of Devices Checked In Within x Amount of Time',
    'Get List of Devices Registered Within x Amount of Time',
  ])('when devices are searched, then each row carries every device field that "%s" lists', (heading) => {
    const facetOrPage = new Set([
      'totalCount',
      'searchResults',
      'offset',
      'queryTime',
      'facetedResults',
      'totalUnfilteredResultCount',
      'limit',
      'attrs',
    ]);
    const fields = documentedFields(heading).filter((field) => !facetOrPage.has(field));
    const row = searchDocument(tenant, 0);
    expect(fields.filter((field) => !(field in row))).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  actionResponseSchema,
  certificatesResponseSchema,
  coreUsersResponseSchema,
  countResponseSchema,
  customAttributesResponseSchema,
  depProfilesResponseSchema,
  deviceConfigsResponseSchema,
  deviceDetailsResponseSchema,
  devicePoliciesResponseSchema,
  deviceSearchResponseSchema,
  parseCustomAttributes,
  partitionsResponseSchema,
  readFacet,
  reassignResponseSchema,
  viabilityResponseSchema,
} from '../src/index.ts';
import { FIXTURES_DIR, seedExamples } from './seed-examples.ts';

/** Which schema each documented call's example answers to, by its heading. */
const SCHEMA_BY_SECTION: readonly (readonly [RegExp, z.ZodType])[] = [
  [/^Assign a Device to a User$/, reassignResponseSchema],
  [/^Get Custom Attributes Per Device$/, customAttributesResponseSchema],
  [/^Patch custom attributes per device$/, z_union(customAttributesResponseSchema, actionResponseSchema)],
  [/^Remove custom attributes/, actionResponseSchema],
  [/^Get Device Details$/, deviceDetailsResponseSchema],
  [/^Get Device Details Based on Attribute$|^Get List of Devices|^List Devices by UID/, deviceSearchResponseSchema],
  [/^Get Device Configuration$/, deviceConfigsResponseSchema],
  [/Configuration (from|to) a Device$|excluded configuration/, actionResponseSchema],
  [/^Get Compliance Status/, devicePoliciesResponseSchema],
  [/^Sync Compliance/, actionResponseSchema],
  [/^Get certificates/, certificatesResponseSchema],
  [/^Check Relinquish Viability/, countResponseSchema],
  [/^Check /, viabilityResponseSchema],
  [
    /^(Update Operating|Restart|Force|Wipe|Lock|Unlock|Retire|Delete|Send|Enter|Remove Device from|Enable|Disable|Relinquish|Cancel)/,
    actionResponseSchema,
  ],
  [/^Get Device Enrollment Program/, depProfilesResponseSchema],
  [/^Find authorized users$/, coreUsersResponseSchema],
];

function z_union(a: z.ZodType, b: z.ZodType): z.ZodType {
  return a.or(b);
}

function schemaFor(section: string): z.ZodType | undefined {
  return SCHEMA_BY_SECTION.find(([pattern]) => pattern.test(section))?.[1];
}

describe('the seed documents', () => {
  const device = seedExamples('000_c9823482042f1a20.txt');
  const core = seedExamples('002_614c1cd1ab0b2870.txt');

  it('when the documents are read, then every documented call with an example yields one', () => {
    expect(device.length).toBe(44);
    expect(core.length).toBe(1);
    expect(new Set(device.map((example) => example.section)).size).toBe(43);
  });

  it.each([...device, ...core].map((example) => [example.section, example] as const))(
    'when the example of "%s" is parsed, then its schema accepts it',
    (_section, example) => {
      const schema = schemaFor(example.section);
      expect(schema, `no schema for "${example.section}"`).toBeDefined();
      const result = schema?.safeParse(JSON.parse(example.text));
      expect(result?.success, JSON.stringify(result?.error?.issues.slice(0, 3))).toBe(true);
    },
  );

  it('when custom attributes come enveloped or bare, then both read the same way', () => {
    expect(
      parseCustomAttributes({ errors: null, result: { deviceId: 22000, guid: 'g', attrs: { a: ['1'] } } }),
    ).toEqual({ deviceId: 22000, guid: 'g', attrs: { a: ['1'] } });
    expect(parseCustomAttributes({ attrs: { cityId: 'SF' } })).toEqual({
      deviceId: null,
      guid: null,
      attrs: { cityId: ['SF'] },
    });
    expect(() => parseCustomAttributes({ attrs: 3 })).toThrow();
  });

  it('when a parsed example carries fields the schema does not name, then they are kept', () => {
    const details = device.find((example) => example.section === 'Get Device Details');
    const parsed = deviceDetailsResponseSchema.parse(JSON.parse(details?.text ?? '{}'));
    expect(parsed.result).toHaveProperty('osxFdeEnabled', false);
    expect(parsed.result).toHaveProperty('itunesAccountActive', true);
  });
});

describe('the third-party fixtures', () => {
  const dir = `${FIXTURES_DIR}mobileiron-cloud/`;
  const read = (name: string): unknown => JSON.parse(readFileSync(`${dir}${name}`, 'utf8'));
  const schemas: Record<string, z.ZodType> = {
    'device_response.json': deviceDetailsResponseSchema,
    'get_devices_response_page.json': deviceSearchResponseSchema,
    'get_devices_response_page2.json': deviceSearchResponseSchema,
    'tenant_spaces.json': partitionsResponseSchema,
  };

  it('when the fixtures folder is listed, then every file has a schema', () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(schemas).sort());
  });

  it.each(Object.entries(schemas))('when %s is parsed, then its schema accepts it', (name, schema) => {
    const result = schema.safeParse(read(name));
    expect(result.success, JSON.stringify(result.error?.issues.slice(0, 3))).toBe(true);
  });

  it('when facet values come in mixed case, then reading a facet adds them up per value', () => {
    const page = deviceSearchResponseSchema.parse(read('get_devices_response_page.json'));
    const facets = page.result.facetedResults ?? {};
    for (const [name, values] of Object.entries(facets)) {
      const counted = readFacet(facets, name.toLowerCase(), (value) => value.toUpperCase());
      const total = Object.values(values ?? {}).reduce((sum, count) => sum + count, 0);
      expect(counted.reduce((sum, entry) => sum + entry.count, 0)).toBe(total);
      for (const entry of counted) expect(entry.value).toBe(entry.value.toUpperCase());
    }
    expect(
      readFacet({ KIOSKSTATE: { not_configured: 4, NOT_CONFIGURED: 1, ACTIVE: 0 } }, 'kioskState', (v) =>
        v.toUpperCase(),
      ),
    ).toEqual([{ value: 'NOT_CONFIGURED', count: 5 }]);
    expect(readFacet({ PRETTYMODEL: { 'iPhone 15': 2, 'IPHONE 15': 1, 'Pixel 8': 4 } }, 'PRETTYMODEL')).toEqual([
      { value: 'Pixel 8', count: 4 },
      { value: 'iPhone 15', count: 3 },
    ]);
    expect(readFacet(null, 'PLATFORMTYPE')).toEqual([]);
  });
});

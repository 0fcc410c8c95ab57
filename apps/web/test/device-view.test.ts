import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMN_IDS, columnsOf, parseColumnIds } from '../src/features/devices/components/device-columns.tsx';
import { facetValueLabel, splitFilter } from '../src/features/devices/components/facet-labels.ts';
import { devicesSearchSchema } from '../src/features/devices/search-params.ts';

describe('the Devices view in the URL', () => {
  it('when the URL has no parameters, then the defaults apply', () => {
    expect(devicesSearchSchema.parse({})).toEqual({ q: '', f: [], sort: 'lastCheckin', order: 'desc' });
  });

  it('when a parameter is invalid, then it falls back to its default instead of breaking the page', () => {
    const view = devicesSearchSchema.parse({ sort: 'password', order: 'sideways', device: -4, f: 'not-a-list' });
    expect(view).toEqual({ q: '', f: [], sort: 'lastCheckin', order: 'desc' });
  });

  it('when columns are listed, then unknown ones and repeats are dropped and the order is kept', () => {
    expect(parseColumnIds('serialNumber,nope,deviceName,serialNumber')).toEqual(['serialNumber', 'deviceName']);
    expect(parseColumnIds('nope,,')).toBeUndefined();
    expect(columnsOf(DEFAULT_COLUMN_IDS).map((column) => column.id)).toEqual([...DEFAULT_COLUMN_IDS]);
  });

  it('when a filter names a facet, then it splits into facet and value, a value with colons kept whole', () => {
    expect(splitFilter('model:iPhone 15: Pro')).toEqual({ facet: 'model', value: 'iPhone 15: Pro' });
    expect(splitFilter('password:x')).toBeUndefined();
    expect(facetValueLabel('platform', 'OSX')).toBe('macOS');
    expect(facetValueLabel('compliance', 'false')).toBe('Not compliant');
    expect(facetValueLabel('registrationState', 'RETIRE_PENDING')).toBe('Retire pending');
  });
});

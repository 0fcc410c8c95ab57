import {
  ATTRIBUTE_COLUMN_PREFIX,
  DEVICE_FIELD_LABELS,
  isDeviceField,
  type DeviceExportQuery,
  type DeviceRow,
} from '@mdm-console/contract';
import type { DeviceSearchResult } from '@mdm-console/mdm-api';
import { upstream, type Vendor } from '../upstream/vendor.ts';
import { accessOf } from './access.ts';
import type { DeviceScope } from './device-scope.ts';
import { filterParams } from './device-search.ts';
import { toDeviceRow } from './device-rows.ts';
import type { ActiveSession } from './sessions.ts';

type Cell = string | number | boolean | null;

/** Pages of rows the vendor walk may run ahead of what the browser has taken. */
const PAGES_AHEAD = 2;

const DATE_FIELDS = new Set(['lastCheckin', 'lastRegistrationTime']);

/** A column's header: a field's label, or the attribute's name. */
const labelOf = (column: string): string =>
  isDeviceField(column) ? DEVICE_FIELD_LABELS[column] : column.slice(ATTRIBUTE_COLUMN_PREFIX.length);

/** A column's cell for a device: dates in ISO 8601, several attribute values joined by "; ". */
function cellOf(row: DeviceRow, column: string): Cell {
  if (!isDeviceField(column))
    return (row.customAttributes[column.slice(ATTRIBUTE_COLUMN_PREFIX.length)] ?? []).join('; ') || null;
  const value = row[column];
  if (DATE_FIELDS.has(column) && typeof value === 'number') return new Date(value).toISOString();
  return value;
}

export interface DeviceExportRun {
  header: string[];
  /** How many devices match (the vendor's count when the walk began). */
  total: number;
  /** The rows, page by page, walked from the vendor as they are asked for (stop asking: the walk stops). */
  pages: AsyncGenerator<Cell[][]>;
}

/** Every device of a view, for the person asking (their space and role), walked with searchAfterValues. */
export class DeviceExport {
  private readonly vendor: Vendor;
  private readonly scope: DeviceScope;

  constructor(vendor: Vendor, scope: DeviceScope) {
    this.vendor = vendor;
    this.scope = scope;
  }

  async start(session: ActiveSession, query: DeviceExportQuery): Promise<DeviceExportRun> {
    const spaceId = await this.scope.space(session, query.space, 'devices:export');
    const { params } = filterParams(query, spaceId, accessOf(session.account).can('devices:fq', spaceId));
    // The vendor ends every sort with the id (vendor-api.md), so the walk's cursor is total: no device is skipped.
    const sort = [{ field: query.sort, order: query.order === 'asc' ? ('ASC' as const) : ('DESC' as const) }];
    const walk = this.vendor.client.walkDevices({ ...params, sort });
    const first = await upstream(() => walk.next());
    const columns = query.columns;
    const toCells = (page: DeviceSearchResult): Cell[][] =>
      page.searchResults.map((device) => {
        const row = toDeviceRow(device);
        return columns.map((column) => cellOf(row, column));
      });
    // The walk runs up to two pages ahead of the writing (an async generator queues the pages asked for), so that the
    // next vendor request never waits for the browser to take the page before: the walk, not the writing, sets the
    // pace. The browser's back-pressure still holds it there; when the writing stops, the walk ends.
    // Each page becomes its rows of cells as it arrives: the vendor's page, many times larger, is let go at once.
    const nextRows = (): Promise<Cell[][] | null> => {
      const next = upstream(() => walk.next()).then((page) => (page.done === true ? null : toCells(page.value)));
      next.catch(() => undefined);
      return next;
    };
    async function* pages(): AsyncGenerator<Cell[][]> {
      const asked: Promise<Cell[][] | null>[] = [];
      try {
        let rows = first.done === true ? null : toCells(first.value);
        while (rows !== null) {
          while (asked.length < PAGES_AHEAD) asked.push(nextRows());
          yield rows;
          rows = await (asked.shift() ?? nextRows());
        }
      } finally {
        await walk.return(undefined);
      }
    }
    return {
      header: columns.map(labelOf),
      total: first.done === true ? 0 : first.value.totalCount,
      pages: pages(),
    };
  }
}

import type { DeviceRow } from '@mdm-console/contract';
import { defaultParseSearch } from '@tanstack/react-router';
import { isRecord } from '../../lib/is-record.ts';
import { element } from '../../lib/paint.ts';
import { storedColumns, storedWidths, visibleColumnIds } from './column-preferences.ts';
import {
  columnWidths,
  DEVICE_COLUMN_SPECS,
  ROW_HEIGHT,
  SELECT_WIDTH,
  sortMark,
  tableWidth,
  type DeviceCell,
  type DeviceColumnSpec,
} from './device-cells.ts';
import { resultCountText, SEARCH_PLACEHOLDER } from './page-text.ts';
import { DEFAULT_ORDER, DEFAULT_SORT } from './view-defaults.ts';

/**
 * The devices page's first rows, painted from the early search answer before the app has loaded (the inline first
 * script, app/first-screen-paint.ts): the same columns, widths, cells and classes as the table the app then draws in
 * its place. Only for the page's plain view (no filter, no open device), whose layout is known before the app runs.
 */

export interface PlainView {
  sort: string;
  order: 'asc' | 'desc';
  cols: string | undefined;
}

const PLAIN_KEYS = new Set(['sort', 'order', 'cols']);

/** The view an address's search string names, when it is the plain one (sorting and columns only); else undefined. */
export function plainViewOf(search: string): PlainView | undefined {
  const view: Record<string, unknown> = defaultParseSearch(search);
  if (!Object.keys(view).every((key) => PLAIN_KEYS.has(key))) return undefined;
  const { sort = DEFAULT_SORT, order = DEFAULT_ORDER, cols } = view;
  if (typeof sort !== 'string' || (order !== 'asc' && order !== 'desc')) return undefined;
  if (cols !== undefined && typeof cols !== 'string') return undefined;
  return { sort, order, cols };
}

export interface FirstPage {
  rows: DeviceRow[];
  total: number;
  unfilteredTotal: number;
}

type FieldKind = 'string' | 'number' | 'boolean' | 'attributes';

/** Every field of a row and its type (the contract's deviceRowSchema; `satisfies` keeps the keys in step with it). */
const ROW_FIELDS = {
  id: 'number',
  guid: 'string',
  deviceName: 'string',
  platformType: 'string',
  platformVersion: 'string',
  osBuildVersion: 'string',
  prettyModel: 'string',
  manufacturer: 'string',
  serialNumber: 'string',
  imei: 'string',
  phoneNumber: 'string',
  registrationState: 'string',
  complianceState: 'boolean',
  policyViolationCount: 'number',
  ownershipType: 'string',
  displayName: 'string',
  emailAddress: 'string',
  ownerId: 'number',
  lastCheckin: 'number',
  lastRegistrationTime: 'number',
  supervised: 'boolean',
  jailbroken: 'boolean',
  lostModeEnabled: 'boolean',
  kioskState: 'string',
  subscriberCarrierNetwork: 'string',
  dmPartitionId: 'number',
  customAttributes: 'attributes',
} as const satisfies Record<keyof DeviceRow, FieldKind>;

function fitsKind(value: unknown, kind: FieldKind, nullable: boolean): boolean {
  if (value === null) return nullable;
  if (kind !== 'attributes') return typeof value === kind;
  return (
    isRecord(value) &&
    Object.values(value).every((list) => Array.isArray(list) && list.every((item) => typeof item === 'string'))
  );
}

/**
 * Whether a value has a row's shape, checked without the app's schemas (too large for the inline script). The app
 * still checks the whole answer against the contract when it takes it, and shows an error in place of this copy if
 * the answer fails.
 */
function isDeviceRow(value: unknown): value is DeviceRow {
  if (!isRecord(value)) return false;
  return Object.entries(ROW_FIELDS).every(([field, kind]) =>
    fitsKind(value[field], kind, field !== 'id' && field !== 'customAttributes'),
  );
}

export function firstPageOf(answer: unknown): FirstPage | undefined {
  if (!isRecord(answer)) return undefined;
  const { rows, total, unfilteredTotal } = answer;
  if (typeof total !== 'number' || typeof unfilteredTotal !== 'number') return undefined;
  if (!Array.isArray(rows) || !rows.every(isDeviceRow)) return undefined;
  return { rows, total, unfilteredTotal };
}

function cellContent(cell: DeviceCell): Node {
  if ('badge' in cell) return element('span', { className: cell.badge.className, text: cell.badge.text });
  if ('time' in cell) {
    const { dateTime, title, text } = cell.time;
    return element('time', { text, attributes: { title, ...(dateTime === undefined ? {} : { datetime: dateTime }) } });
  }
  return document.createTextNode(cell.text);
}

const px = (value: number): string => `${String(value)}px`;

function headerCell(column: DeviceColumnSpec, width: number, view: PlainView): HTMLElement {
  const sorted = column.id === view.sort ? view.order : undefined;
  const label =
    column.sortField === undefined
      ? element('span', { className: 'header-label', text: column.label })
      : element('button', { className: 'sort-button', attributes: { type: 'button', tabindex: '-1' } }, [
          document.createTextNode(column.label),
          element('span', { className: 'sort-mark', text: sortMark(sorted) }),
        ]);
  return element('th', { style: { width: px(width) } }, [label, element('div', { className: 'resizer' })]);
}

function table(page: FirstPage, columns: readonly DeviceColumnSpec[], widths: readonly number[], view: PlainView) {
  const width = tableWidth(widths);
  const selectCell = (tag: 'th' | 'td', content: Node) =>
    element(tag, { className: 'select-cell', style: { width: px(SELECT_WIDTH) } }, [content]);
  const head = element('thead', {}, [
    element('tr', {}, [
      selectCell('th', element('input', { attributes: { type: 'checkbox', tabindex: '-1' } })),
      ...columns.map((column, k) => headerCell(column, widths[k] ?? column.size, view)),
    ]),
  ]);
  // The rows the window shows, as the table's virtual body would draw them first.
  const shown = page.rows.slice(0, Math.ceil(window.innerHeight / ROW_HEIGHT));
  const body = element(
    'tbody',
    { style: { height: px(page.rows.length * ROW_HEIGHT) } },
    shown.map((row, index) =>
      element('tr', { style: { transform: `translateY(${px(index * ROW_HEIGHT)})`, width: px(width) } }, [
        selectCell('td', element('span', { className: 'row-check' })),
        ...columns.map((column, k) =>
          element('td', { style: { width: px(widths[k] ?? column.size) } }, [cellContent(column.cell(row))]),
        ),
      ]),
    ),
  );
  return element(
    'table',
    { className: 'grid-table', attributes: { 'aria-label': 'Devices' }, style: { width: px(width) } },
    [head, body],
  );
}

/** The devices page with its first rows, for the first screen's main area. */
export function paintDevicesPage(
  main: HTMLElement,
  options: { userId: number; mayUseFq: boolean; view: PlainView; page: FirstPage },
): void {
  const { userId, view, page } = options;
  const byId = new Map<string, DeviceColumnSpec>(DEVICE_COLUMN_SPECS.map((column) => [column.id, column]));
  const columns = visibleColumnIds(view.cols, storedColumns(userId)).flatMap((id) => byId.get(id) ?? []);
  const widths = columnWidths(columns, storedWidths(userId) ?? {});
  const inert = { tabindex: '-1' };
  const searchRow = element('div', { className: 'search-row' }, [
    element('input', { attributes: { type: 'search', placeholder: SEARCH_PLACEHOLDER, readonly: '', ...inert } }),
    ...(options.mayUseFq
      ? [element('button', { text: 'Advanced (fq)', attributes: { type: 'button', ...inert } })]
      : []),
  ]);
  const toolbar = element('div', { className: 'table-toolbar' }, [
    element('p', { className: 'result-count', text: resultCountText(page.total, page.unfilteredTotal) }),
    element('button', { text: 'Export CSV', attributes: { type: 'button', ...inert } }),
    element('div', { className: 'popover-anchor' }, [
      element('button', { text: 'Columns', attributes: { type: 'button', ...inert } }),
    ]),
  ]);
  main.append(
    element('div', { className: 'devices-layout' }, [
      element('div', { className: 'facet-sidebar' }),
      element('section', { className: 'devices-main' }, [
        element('div', { className: 'search-bar' }, [searchRow]),
        toolbar,
        element('div', { className: 'table-scroll' }, [table(page, columns, widths, view)]),
      ]),
    ]),
  );
}

import { ATTRIBUTE_COLUMN_PREFIX, OWNER_COLUMN, type ImportFieldChange, type ImportKey } from '@mdm-console/contract';
import {
  anyOf,
  USERS_MAX_LIMIT,
  USERS_QUERY_MAX_LENGTH,
  type CoreUser,
  type Device,
  type MdmClient,
} from '@mdm-console/mdm-api';
import pLimit from 'p-limit';
import type { NewImportEntry } from '../../store/imports-repository.ts';
import { upstream } from '../../upstream/vendor.ts';
import { toDeviceRow } from '../device-rows.ts';
import type { ImportFile, ImportRow } from './import-file.ts';

/** The vendor calls a preview makes: device searches and user look-ups. */
export type PreviewClient = Pick<MdmClient, 'walkDevices' | 'findUsers'>;

/** The vendor's search field for each key. */
const KEY_FIELDS: Record<ImportKey, 'serialNumber' | 'imei' | 'guid' | 'id' | 'emailAddress'> = {
  serialNumber: 'serialNumber',
  imei: 'imei',
  guid: 'guid',
  id: 'id',
  email: 'emailAddress',
};
/** Keys per device search (an OR of equalities in one fq). */
const KEYS_PER_SEARCH = 100;
/** Vendor calls of one preview in flight at once. */
const CONCURRENCY = 4;
/** Rows matched at once (their devices are held until their entries are made). */
const ROWS_PER_BATCH = 1_000;
/** Pages of users read to find one e-mail or UID longer than the users API's query. */
const MAX_USER_PAGES = 5;

/** A key as the file and the vendor are compared: case does not matter, except for ids, which are numbers. */
const normalKey = (key: string): string => key.trim().toLowerCase();

/** A value the export made inert against formulas ('=…) comes back as it was. */
const restoreInert = (value: string): string => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

/** An attribute cell's values: several are separated by ";" (as the export writes them). */
const valuesOf = (cell: string): string[] =>
  restoreInert(cell)
    .split(';')
    .map((value) => value.trim())
    .filter((value) => value !== '');

const NUMBER = /^-?\d+(?:[.,]\d+)?$/;

interface RowPlan {
  row: ImportRow;
  /** The attributes the row sets, by name. */
  attrs: Map<string, string[]>;
  /** The new owner's e-mail or UID, as written. */
  owner: string | undefined;
}

/** A row's values checked one by one; the problems, or the plan. */
function planRow(row: ImportRow, columns: ImportFile['columns']): { plan?: RowPlan; problems: string[] } {
  const problems: string[] = [];
  const attrs = new Map<string, string[]>();
  let owner: string | undefined;
  for (const [at, { header, column }] of columns.entries()) {
    const cell = row.cells[at] ?? '';
    // An empty cell leaves the value as it is: a column filled for some devices does not clear the others.
    if (cell === '') continue;
    if (column.kind === 'owner') {
      owner = cell;
      continue;
    }
    const values = valuesOf(cell);
    if (column.numeric) {
      const bad = values.find((value) => !NUMBER.test(value));
      if (bad !== undefined) {
        problems.push(`${header}: "${bad}" is not a number`);
        continue;
      }
      attrs.set(
        column.name,
        values.map((value) => value.replace(',', '.')),
      );
    } else attrs.set(column.name, values);
  }
  return problems.length > 0 ? { problems } : { plan: { row, attrs, owner }, problems };
}

const lower = (value: string | null | undefined): string => (value ?? '').toLowerCase();

/** The one user whose e-mail or UID is `identifier`; undefined when none is. */
async function findOwner(client: PreviewClient, spaceId: number, identifier: string): Promise<CoreUser | undefined> {
  const wanted = identifier.toLowerCase();
  const query = wanted.slice(0, USERS_QUERY_MAX_LENGTH);
  for (let page = 0; page < MAX_USER_PAGES; page++) {
    const found = await upstream(() =>
      client.findUsers({
        adminDeviceSpaceId: spaceId,
        query,
        limit: USERS_MAX_LIMIT,
        offset: page * USERS_MAX_LIMIT,
      }),
    );
    const user = found.results.find(
      (candidate) => lower(candidate.email) === wanted || lower(candidate.principal) === wanted,
    );
    if (user || !found.hasMore) return user;
  }
  return undefined;
}

/** The devices of the space whose key field is one of `keys`, grouped by normalised key. */
async function devicesByKey(
  client: PreviewClient,
  spaceId: number,
  key: ImportKey,
  keys: readonly string[],
): Promise<Map<string, Device[]>> {
  const field = KEY_FIELDS[key];
  const found = new Map<string, Device[]>();
  const limit = pLimit(CONCURRENCY);
  const searches: Promise<void>[] = [];
  for (let k = 0; k < keys.length; k += KEYS_PER_SEARCH) {
    const part = keys.slice(k, k + KEYS_PER_SEARCH);
    searches.push(
      limit(async () => {
        // A user may have many devices: the e-mail key walks every page; the other keys fit one page.
        for await (const page of client.walkDevices({
          fq: [anyOf(field, part)],
          dmPartitionId: spaceId,
          sort: [{ field: 'id', order: 'ASC' }],
        })) {
          for (const device of page.searchResults) {
            const value = normalKey(String(device[field] ?? ''));
            found.set(value, [...(found.get(value) ?? []), device]);
          }
        }
      }),
    );
  }
  await upstream(() => Promise.all(searches));
  return found;
}

function attributeChanges(device: Device, attrs: Map<string, string[]>) {
  const current = toDeviceRow(device).customAttributes;
  const byLowerName = new Map(Object.keys(current).map((name) => [name.toLowerCase(), name]));
  const changes: ImportFieldChange[] = [];
  const send: Record<string, string[]> = {};
  for (const [written, values] of attrs) {
    // The tenant's spelling of an existing attribute wins over the file's case.
    const name = byLowerName.get(written.toLowerCase()) ?? written;
    const before = current[name] ?? [];
    if (before.length === values.length && before.every((value, k) => value === values[k])) continue;
    changes.push({
      field: `${ATTRIBUTE_COLUMN_PREFIX}${name}`,
      from: before.length === 0 ? null : before.join('; '),
      to: values.join('; '),
    });
    send[name] = values;
  }
  return { changes, send };
}

/** An entry for a row that cannot be applied. */
const problem = (row: ImportRow, category: NewImportEntry['category'], message: string): NewImportEntry => ({
  category,
  row: row.line,
  key: row.key,
  deviceId: null,
  deviceName: null,
  kind: null,
  changes: [],
  values: null,
  message,
});

/** The rows whose key and values can be used, as plans; the others as entries saying why not. */
function planRows(file: ImportFile, key: ImportKey, entries: NewImportEntry[]): RowPlan[] {
  const plans: RowPlan[] = [];
  for (const [normal, rows] of Map.groupBy(file.rows, (row) => normalKey(row.key))) {
    for (const row of rows) {
      if (normal === '') entries.push(problem(row, 'invalid', `The row has no ${key}.`));
      else if (key === 'id' && !/^\d{1,15}$/.test(normal))
        entries.push(problem(row, 'invalid', `"${row.key}" is not a device id.`));
      else if (rows.length > 1)
        entries.push(
          problem(
            row,
            'duplicate',
            `The file names this ${key} on ${String(rows.length)} rows (lines ${rows.map((r) => String(r.line)).join(', ')}); keep one.`,
          ),
        );
      else {
        const { plan, problems } = planRow(row, file.columns);
        if (plan) plans.push(plan);
        else entries.push(problem(row, 'invalid', problems.join('; ')));
      }
    }
  }
  return plans;
}

/** The users the plans name as new owners, by lower-case e-mail or UID (undefined: no such user). */
async function ownersOf(
  client: PreviewClient,
  spaceId: number,
  plans: readonly RowPlan[],
): Promise<Map<string, CoreUser | undefined>> {
  const limit = pLimit(CONCURRENCY);
  const owners = new Map<string, CoreUser | undefined>();
  const wanted = new Set(plans.flatMap((plan) => (plan.owner === undefined ? [] : [plan.owner.toLowerCase()])));
  await Promise.all(
    [...wanted].map((identifier) =>
      limit(async () => {
        owners.set(identifier, await findOwner(client, spaceId, identifier));
      }),
    ),
  );
  return owners;
}

/** What a row does to one device it matched: a change per kind, or unchanged. */
function deviceEntries(plan: RowPlan, device: Device, owner: CoreUser | undefined): NewImportEntry[] {
  const base = {
    row: plan.row.line,
    key: plan.row.key,
    deviceId: device.id,
    deviceName: device.deviceName ?? null,
    message: null,
  };
  const found: NewImportEntry[] = [];
  const attributes = attributeChanges(device, plan.attrs);
  if (attributes.changes.length > 0)
    found.push({
      ...base,
      category: 'change',
      kind: 'attributes',
      changes: attributes.changes,
      values: { attrs: attributes.send },
    });
  if (owner && owner.id !== device.ownerId)
    found.push({
      ...base,
      category: 'change',
      kind: 'owner',
      changes: [
        {
          field: OWNER_COLUMN,
          from: device.emailAddress ?? null,
          to: owner.email ?? owner.principal ?? String(owner.id),
        },
      ],
      values: { accountId: owner.id },
    });
  if (found.length === 0) found.push({ ...base, category: 'unchanged', kind: null, changes: [], values: null });
  return found;
}

/** What the preview says of each row and device, from the file, the tenant's devices and its users. */
export async function previewEntries(
  client: PreviewClient,
  spaceId: number,
  key: ImportKey,
  file: ImportFile & { ragged: ImportRow[] },
): Promise<{ entries: NewImportEntry[]; matchedDevices: number }> {
  const entries: NewImportEntry[] = file.ragged.map((row) =>
    problem(
      row,
      'invalid',
      `The row does not have one cell per column of the header (${String(file.columns.length + 1)}).`,
    ),
  );
  const plans = planRows(file, key, entries);
  const owners = await ownersOf(client, spaceId, plans);
  const ownerOf = (plan: RowPlan) => (plan.owner === undefined ? undefined : owners.get(plan.owner.toLowerCase()));
  const usable = plans.filter((plan) => {
    if (plan.owner === undefined || ownerOf(plan)) return true;
    entries.push(problem(plan.row, 'invalid', `${OWNER_COLUMN}: no user has the e-mail or UID "${plan.owner}".`));
    return false;
  });

  // Rows are matched a batch at a time: the devices found for one batch are let go before the next is looked up, so
  // that a large file never holds the tenant's devices in memory at once.
  const seen = new Map<number, number>();
  for (let start = 0; start < usable.length; start += ROWS_PER_BATCH) {
    const batch = usable.slice(start, start + ROWS_PER_BATCH);
    const devices = await devicesByKey(
      client,
      spaceId,
      key,
      batch.map((plan) => plan.row.key.trim()),
    );
    for (const plan of batch) {
      const matches = devices.get(normalKey(plan.row.key)) ?? [];
      if (matches.length === 0) {
        entries.push(problem(plan.row, 'unmatched', `No device in this space has this ${key}.`));
        continue;
      }
      if (matches.length > 1 && key !== 'email') {
        const ids = matches.map((device) => String(device.id)).join(', ');
        entries.push(
          problem(
            plan.row,
            'ambiguous',
            `${String(matches.length)} devices have this ${key} (ids ${ids}); use their ids.`,
          ),
        );
        continue;
      }
      for (const device of matches) {
        const earlier = seen.get(device.id);
        if (earlier === undefined) {
          seen.set(device.id, plan.row.line);
          entries.push(...deviceEntries(plan, device, ownerOf(plan)));
        } else
          entries.push(
            problem(plan.row, 'duplicate', `Device ${String(device.id)} is also on line ${String(earlier)}.`),
          );
      }
    }
  }
  entries.sort((a, b) => a.row - b.row);
  return { entries, matchedDevices: seen.size };
}

import type { ImportedValues, JobAction, JobParams } from '@mdm-console/contract';
import {
  anyOf,
  DEVICE_ACTIONS,
  MAX_ROWS,
  nextCursor,
  type ActionParams,
  type CursorValue,
  type Device,
  type DeviceAction,
  type DeviceSearchParams,
  type DeviceSummary,
  type MdmClient,
  VendorApiError,
} from '@mdm-console/mdm-api';
import pRetry from 'p-retry';

/** What a job keeps of a device: enough to say which device an outcome is about. */
export interface DeviceSnapshot {
  id: number;
  name: string | null;
  platform: string | null;
  owner: string | null;
  registrationState: string | null;
  /** The OS version it reports (an OS update is followed until it is the one asked for). */
  osVersion: string | null;
  /** The model as people know it ("iPad Air"): a first wave is sampled across platforms and models. */
  model: string | null;
  /** What the vendor's reassignment rule reads (vendor-rules `reassignmentRefusal`). */
  supervised: boolean | null;
  androidWorkEnabled: boolean | null;
  /** The last reassignment's status (INITIATED, SUCCESS, FAILED), if any. */
  reassignment: string | null;
}

/** What the vendor answered to an action: how many devices it acted on (null: it did not say), and which it refused. */
export interface SendResult {
  acted: number | null;
  refused: Map<number, string[]>;
}

/**
 * The vendor calls jobs make; the runner's tests script them. Reads are retried by the client's retry policy, then
 * again patiently (`patiently`); sends never are (the runner decides from what the vendor may have done).
 */
export interface JobVendor {
  /** Sends the action to `ids`. */
  send(action: JobAction, ids: readonly number[], params: JobParams, spaceId: number): Promise<SendResult>;
  /** Sends each of `ids` its own values from an import; a device without values is refused as NOT_IN_IMPORT. */
  sendImported(ids: readonly number[], values: ReadonlyMap<number, ImportedValues>): Promise<SendResult>;
  /** The devices among `ids` that cannot take `action`, with the vendor's reason codes. */
  viability(action: DeviceAction, ids: readonly number[]): Promise<Map<number, string[]>>;
  /** The devices among `ids` that exist in the space, as they are now. */
  snapshots(ids: readonly number[], spaceId: number): Promise<Map<number, DeviceSnapshot>>;
  /** The lowest and highest device id a search matches; null when it matches nothing. */
  idBounds(params: Omit<DeviceSearchParams, 'start' | 'searchAfterValues' | 'rows' | 'sort'>): Promise<{
    min: number;
    max: number;
  } | null>;
  /** Every device a search matches, page by page (searchAfterValues, never offsets). */
  walk(params: Omit<DeviceSearchParams, 'start' | 'searchAfterValues' | 'rows'>): AsyncIterable<DeviceSnapshot[]>;
}

/** Failures of a read that a later try may not meet: the vendor busy, slow, or briefly unreachable. */
const TRANSIENT = new Set<string>(['rate-limited', 'server', 'network', 'timeout', 'malformed']);

/**
 * A job's read, tried again over about half a minute when the client's own retries were not enough. A job works in
 * the background, where nobody waits on one answer: waiting out a bad minute of the vendor beats failing the
 * preparation of 10,000 devices over one page of them.
 */
function patiently<T>(read: () => Promise<T>): Promise<T> {
  return pRetry(read, {
    retries: 4,
    minTimeout: 1_000,
    maxTimeout: 15_000,
    shouldRetry: ({ error }) => error instanceof VendorApiError && TRANSIENT.has(error.kind),
  });
}

/** Ids per search when looking devices up by id (an OR of equalities in one fq). */
const IDS_PER_LOOKUP = 100;

export const isVendorCheckedAction = (action: JobAction): action is DeviceAction =>
  (DEVICE_ACTIONS as readonly string[]).includes(action);

function snapshot(device: DeviceSummary): DeviceSnapshot {
  const name = device.deviceName ?? device.prettyModel ?? null;
  return {
    id: device.id,
    name: typeof name === 'string' ? name : null,
    platform: typeof device.platformType === 'string' ? device.platformType : null,
    owner: typeof device.emailAddress === 'string' ? device.emailAddress : null,
    registrationState: typeof device.registrationState === 'string' ? device.registrationState : null,
    model: typeof device.prettyModel === 'string' ? device.prettyModel : null,
    osVersion: typeof device.platformVersion === 'string' ? device.platformVersion : null,
    supervised: device.supervised ?? null,
    androidWorkEnabled: device.androidWorkEnabled ?? null,
    reassignment: device.lastReassignmentStatus ?? null,
  };
}

/** The devices the vendor refused, each with its reason codes. */
const codesOf = (refused: readonly Device[]): Map<number, string[]> =>
  new Map(
    refused.map((device) => [
      device.id,
      (device.actionExceptionCodes ?? []).filter((code): code is string => typeof code === 'string'),
    ]),
  );

/** The vendor's parameter names and encodings for each action (as the documents show them). */
export function vendorParams(action: JobAction, params: JobParams): ActionParams {
  if (action === 'unlock' && 'pin' in params) return { deviceUnlockPin: params.pin };
  if (action === 'enableLostMode' && 'footnote' in params)
    return {
      message: params.message,
      phoneNumber: params.phoneNumber,
      changeFootnote: params.footnote !== '',
      footnote: params.footnote,
    };
  if (action === 'scheduleOSUpdate' && 'version' in params) return { version: params.version };
  if (action === 'wipe' && 'returnToServiceEnabled' in params)
    return {
      iosDisallowProximitySetup: params.iosDisallowProximitySetup,
      iosPreserveDataPlan: params.iosPreserveDataPlan,
      returnToServiceEnabled: params.returnToServiceEnabled,
      ...(params.wifiPolicyId === undefined ? {} : { wifiPolicyId: params.wifiPolicyId }),
      message: params.message,
    };
  return {};
}

/** JobVendor over the typed client. */
export function clientJobVendor(client: MdmClient): JobVendor {
  return {
    async send(action, ids, params, spaceId) {
      const none = new Map<number, string[]>();
      if (action === 'delete') return { acted: await client.deleteDevices(ids), refused: none };
      if (action === 'message' && 'emailSubject' in params) {
        await client.sendMessage({
          deviceIds: ids,
          dmPartitionId: spaceId,
          pushNotificationMessage: params.message,
          emailSubject: params.emailSubject,
          emailBody: params.emailBody,
        });
        return { acted: null, refused: none };
      }
      if (action === 'reassign' && 'userId' in params) {
        const refused = codesOf(await client.reassign(params.userId, ids));
        return { acted: ids.length - refused.size, refused };
      }
      if (!isVendorCheckedAction(action)) throw new TypeError(`no vendor call for ${action}`);
      return { acted: await client.performAction(action, ids, vendorParams(action, params)), refused: none };
    },
    async sendImported(ids, values) {
      const refused = new Map<number, string[]>();
      const owners = new Map<number, number[]>();
      let acted = 0;
      for (const id of ids) {
        const value = values.get(id);
        if (!value) refused.set(id, ['NOT_IN_IMPORT']);
        else if ('attrs' in value) {
          await client.patchCustomAttributes(id, value.attrs, true);
          acted += 1;
        } else owners.set(value.accountId, [...(owners.get(value.accountId) ?? []), id]);
      }
      for (const [accountId, group] of owners) {
        const notEligible = codesOf(await client.reassign(accountId, group));
        for (const [id, codes] of notEligible) refused.set(id, codes);
        acted += group.length - notEligible.size;
      }
      return { acted, refused };
    },
    async viability(action, ids) {
      return codesOf(await patiently(() => client.checkViability(action, ids)));
    },
    async snapshots(ids, spaceId) {
      const found = new Map<number, DeviceSnapshot>();
      for (let k = 0; k < ids.length; k += IDS_PER_LOOKUP) {
        const part = ids.slice(k, k + IDS_PER_LOOKUP);
        const page = await patiently(() =>
          client.searchDevices({
            fq: [anyOf('id', part.map(String))],
            dmPartitionId: spaceId,
            rows: part.length,
            start: 0,
          }),
        );
        for (const device of page.searchResults) found.set(device.id, snapshot(device));
      }
      return found;
    },
    async idBounds(params) {
      const first = (order: 'ASC' | 'DESC') =>
        patiently(() => client.searchDevices({ ...params, rows: 1, start: 0, sort: [{ field: 'id', order }] }));
      const [low, high] = await Promise.all([first('ASC'), first('DESC')]);
      const min = low.searchResults[0]?.id;
      const max = high.searchResults[0]?.id;
      return min === undefined || max === undefined ? null : { min, max };
    },
    async *walk(params) {
      let cursor: CursorValue[] | undefined;
      for (;;) {
        const after = cursor;
        const page = await patiently(() =>
          client.searchDevices({
            ...params,
            rows: MAX_ROWS,
            start: 0,
            ...(after ? { searchAfterValues: after } : {}),
          }),
        );
        yield page.searchResults.map(snapshot);
        cursor = page.searchResults.length < MAX_ROWS ? undefined : nextCursor(page, params.sort);
        if (!cursor) return;
      }
    },
  };
}

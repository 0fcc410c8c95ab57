import { z } from 'zod';
import {
  actionResponseSchema,
  certificatesResponseSchema,
  countResponseSchema,
  customAttributesResponseSchema,
  depProfilesResponseSchema,
  depServersResponseSchema,
  deviceConfigsResponseSchema,
  devicePoliciesResponseSchema,
  parseCustomAttributes,
  partitionsResponseSchema,
  reassignResponseSchema,
  tenantMetadataResponseSchema,
  viabilityResponseSchema,
} from '../schemas/device-resources.ts';
import type { AttributeMap, Device } from '../schemas/device.ts';
import { deviceDetailsResponseSchema, deviceSearchResponseSchema, type DeviceSearchResult } from '../schemas/search.ts';
import { coreUsersResponseSchema } from '../schemas/users.ts';
import type { DeviceAction } from '../vendor-facts.ts';
import { MAX_ROWS } from '../vendor-facts.ts';
import { walkPages } from './device-walk.ts';
import { readSearchPage } from './search-answer.ts';
import { Transport, type TransportOptions } from './transport.ts';

export type SortOrder = 'ASC' | 'DESC';
export type CursorValue = string | number | boolean | null;

export interface DeviceSearchParams {
  q?: string;
  /** Each is ANDed; build them with the fq builder, never by concatenation. */
  fq?: readonly string[];
  dmPartitionId?: number;
  rows?: number;
  start?: number;
  sort?: readonly { field: string; order: SortOrder }[];
  searchAfterValues?: readonly CursorValue[];
}

export type ActionParams = Record<string, string | number | boolean | null | undefined>;

const acceptedSchema = z.looseObject({ errors: z.unknown().optional(), result: z.unknown().optional() });

function searchQuery(params: DeviceSearchParams): URLSearchParams {
  const query = new URLSearchParams();
  query.set('q', params.q ?? '');
  for (const fq of params.fq ?? []) query.append('fq', fq);
  if (params.dmPartitionId !== undefined) query.set('dmPartitionId', String(params.dmPartitionId));
  query.set('rows', String(params.rows ?? 50));
  query.set('start', String(params.start ?? 0));
  (params.sort ?? []).forEach((sort, k) => {
    query.set(`sortFields[${String(k)}].name`, sort.field);
    query.set(`sortFields[${String(k)}].order`, sort.order);
  });
  if (params.searchAfterValues && params.searchAfterValues.length > 0) {
    query.set(
      'searchAfterValues',
      params.searchAfterValues.map((value) => (value === null ? 'null' : String(value))).join(','),
    );
  }
  return query;
}

function form(
  fields: Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>,
): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly (string | number)[]) body.append(name, String(item));
    else body.set(name, value === null ? '' : String(value));
  }
  return body;
}

const idsQuery = (ids: readonly number[]): URLSearchParams => new URLSearchParams({ ids: ids.join(',') });
const device = (idOrGuid: number | string): string => encodeURIComponent(String(idOrGuid));

/** One typed function per vendor call, encoded as the documents show. */
export class MdmClient {
  readonly transport: Transport;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
  }

  async searchDevices(params: DeviceSearchParams): Promise<DeviceSearchResult> {
    return (
      await this.transport.call(
        'GET',
        'api/v1/device',
        { query: searchQuery(params), readAnswer: readSearchPage },
        deviceSearchResponseSchema,
      )
    ).result;
  }

  /**
   * Every device matching `params`, page by page with searchAfterValues (never large offsets); `params.rows` is the
   * page size (default and maximum 500).
   */
  walkDevices(params: Omit<DeviceSearchParams, 'start' | 'searchAfterValues'>): AsyncGenerator<DeviceSearchResult> {
    const rows = Math.min(params.rows ?? MAX_ROWS, MAX_ROWS);
    return walkPages(
      (cursor, readAnswer) =>
        this.transport
          .call(
            'GET',
            'api/v1/device',
            {
              query: searchQuery({ ...params, rows, start: 0, ...(cursor ? { searchAfterValues: cursor } : {}) }),
              readAnswer,
            },
            deviceSearchResponseSchema,
          )
          .then((answer) => answer.result),
      rows,
      params.sort ?? [],
    );
  }

  async getDevice(idOrGuid: number | string): Promise<Device> {
    return (await this.transport.call('GET', `api/v1/device/${device(idOrGuid)}`, {}, deviceDetailsResponseSchema))
      .result;
  }

  async getCustomAttributes(idOrGuid: number | string): Promise<AttributeMap> {
    return parseCustomAttributes(
      await this.transport.call(
        'GET',
        `api/v1/device/${device(idOrGuid)}/customattributes`,
        {},
        customAttributesResponseSchema,
      ),
    ).attrs;
  }

  /** POST: the device's attributes become exactly `attrs`. */
  async replaceCustomAttributes(idOrGuid: number | string, attrs: Record<string, readonly string[]>): Promise<void> {
    await this.transport.call(
      'POST',
      `api/v1/device/${device(idOrGuid)}/customattributes`,
      { json: { attrs } },
      actionResponseSchema,
    );
  }

  /** PATCH: adds or updates `attrs`, keeps the rest; `forceOverwrite: false` appends values instead of replacing. */
  async patchCustomAttributes(
    idOrGuid: number | string,
    attrs: Record<string, readonly string[]>,
    forceOverwrite: boolean,
  ): Promise<void> {
    await this.transport.call(
      'PATCH',
      `api/v1/device/${device(idOrGuid)}/customattributes`,
      { json: { attrs, forceOverwrite } },
      actionResponseSchema,
    );
  }

  /** DELETE (method 2): removes the named attributes of one device. */
  async removeCustomAttributes(idOrGuid: number | string, names: readonly string[]): Promise<void> {
    const attrs = Object.fromEntries(names.map((name) => [name, []]));
    await this.transport.call(
      'DELETE',
      `api/v1/device/${device(idOrGuid)}/customattributes`,
      { json: { attrs } },
      actionResponseSchema,
    );
  }

  /** DELETE (method 1): removes the named attributes from several devices. */
  async removeCustomAttributesFrom(ids: readonly number[], names: readonly string[]): Promise<void> {
    await this.transport.call(
      'DELETE',
      'api/v1/device/customattributes',
      { json: { ids: ids.map(String), attrKeys: names } },
      actionResponseSchema,
    );
  }

  async getConfigs(id: number) {
    return (await this.transport.call('GET', `api/v1/device/${device(id)}/configs`, {}, deviceConfigsResponseSchema))
      .result.searchResults;
  }

  async excludeConfigs(id: number, policyIds: readonly number[]): Promise<void> {
    await this.transport.call(
      'PUT',
      `api/v1/device/${device(id)}/uninstallconfigs`,
      { form: form({ policyIds: policyIds.join(',') }) },
      actionResponseSchema,
    );
  }

  async pushBackConfigs(id: number, policyIds: readonly number[]): Promise<void> {
    await this.transport.call(
      'DELETE',
      `api/v1/device/${device(id)}/uninstallconfigs`,
      { query: new URLSearchParams({ policyIds: policyIds.join(',') }) },
      actionResponseSchema,
    );
  }

  async reinstallConfigs(id: number, policyIds: readonly number[]): Promise<void> {
    await this.transport.call(
      'PUT',
      `api/v1/device/${device(id)}/reinstallconfigs`,
      { form: form({ policyIds: policyIds.join(',') }) },
      actionResponseSchema,
    );
  }

  async getPolicies(id: number) {
    return (await this.transport.call('GET', `api/v1/device/${device(id)}/policies`, {}, devicePoliciesResponseSchema))
      .result.searchResults;
  }

  async syncCompliance(vendor: 'GoogleBC' | 'Intune', ids: readonly number[]): Promise<number> {
    const result = (
      await this.transport.call(
        'POST',
        'api/v1/device/compliance/sync',
        { query: new URLSearchParams({ vendor }), form: form({ ids }) },
        actionResponseSchema,
      )
    ).result;
    return typeof result === 'number' ? result : ids.length;
  }

  async getCertificates(id: number, ownerId: number) {
    return (
      await this.transport.call(
        'GET',
        `api/v1/device/${device(id)}/certs/search`,
        { query: new URLSearchParams({ accountId: String(ownerId) }) },
        certificatesResponseSchema,
      )
    ).result.searchResults;
  }

  /** The devices among `ids` that CANNOT take `action`, each with its `actionExceptionCodes`. */
  async checkViability(action: DeviceAction, ids: readonly number[]): Promise<Device[]> {
    const query = idsQuery(ids);
    query.set('checkViability', 'true');
    return (await this.transport.call('GET', `api/v1/device/${action}`, { query }, viabilityResponseSchema)).result
      .searchResults;
  }

  /** Sends `action` to `ids`; the vendor acts on the eligible ones and answers their count. */
  async performAction(action: DeviceAction, ids: readonly number[], params: ActionParams = {}): Promise<number> {
    // relinquishOwnership and its cancel take their ids on the query string (documented).
    const onQuery = action === 'relinquishOwnership' || action === 'relinquishOwnershipCancel';
    const options = onQuery ? { query: idsQuery(ids), form: form(params) } : { form: form({ ids, ...params }) };
    const result = (await this.transport.call('PUT', `api/v1/device/${action}`, options, actionResponseSchema)).result;
    return typeof result === 'number' ? result : result ? ids.length : 0;
  }

  /** relinquishOwnership's documented check: the number of eligible devices. */
  async countRelinquishable(ids: readonly number[]): Promise<number> {
    const query = idsQuery(ids);
    query.set('checkViability', 'true');
    return (await this.transport.call('PUT', 'api/v1/device/relinquishOwnership', { query }, countResponseSchema))
      .result;
  }

  async deleteDevices(ids: readonly number[]): Promise<number> {
    const result = (
      await this.transport.call(
        'DELETE',
        'api/v1/device',
        { query: new URLSearchParams({ deviceIds: ids.join(',') }) },
        actionResponseSchema,
      )
    ).result;
    return typeof result === 'number' ? result : ids.length;
  }

  async sendMessage(message: {
    deviceIds: readonly number[];
    dmPartitionId: number;
    pushNotificationMessage: string;
    emailSubject?: string;
    emailBody?: string;
  }): Promise<void> {
    const email = message.emailSubject !== undefined && message.emailSubject !== '';
    await this.transport.call(
      'PUT',
      'api/v1/device/message',
      {
        form: form({
          sendPushNotification: true,
          pushNotificationMessage: message.pushNotificationMessage,
          sendEmail: email,
          emailSubject: message.emailSubject ?? '',
          emailBody: message.emailBody ?? '',
          dmPartitionId: message.dmPartitionId,
          deviceIds: message.deviceIds.join(','),
        }),
      },
      acceptedSchema,
    );
  }

  /** Starts reassignment; answers the devices that were NOT eligible. */
  async reassign(accountId: number, deviceIds: readonly number[]): Promise<Device[]> {
    return (
      await this.transport.call(
        'PUT',
        'api/v1/device/updateAccount',
        { form: form({ accountId, deviceIds: deviceIds.join(',') }) },
        reassignResponseSchema,
      )
    ).result.searchResults;
  }

  async getTenantMetadata() {
    return (await this.transport.call('GET', 'api/v1/metadata/tenant', {}, tenantMetadataResponseSchema)).result;
  }

  async getSpaces() {
    return (await this.transport.call('GET', 'api/v1/tenant/partition/device', {}, partitionsResponseSchema)).result
      .searchResults;
  }

  async getDepServers() {
    return (await this.transport.call('GET', 'api/v1/depServer', {}, depServersResponseSchema)).result.searchResults;
  }

  async getDepProfiles(serverId: number) {
    return (
      await this.transport.call('GET', `api/v1/depServer/${String(serverId)}/profiles`, {}, depProfilesResponseSchema)
    ).result;
  }

  /** Core V2 users: `query` 1..20 characters against first name, last name and principal. */
  async findUsers(params: {
    adminDeviceSpaceId: number;
    query?: string;
    limit?: number;
    offset?: number;
    sortOrder?: SortOrder;
  }) {
    const query = new URLSearchParams({ adminDeviceSpaceId: String(params.adminDeviceSpaceId) });
    if (params.query !== undefined) query.set('query', params.query);
    if (params.limit !== undefined) query.set('limit', String(params.limit));
    if (params.offset !== undefined) query.set('offset', String(params.offset));
    if (params.sortOrder !== undefined) query.set('sortOrder', params.sortOrder);
    return this.transport.call('GET', 'api/v2/authorized/users', { query }, coreUsersResponseSchema);
  }
}

export { Transport, type TransportOptions };
export { callTemplate, type VendorAttempt } from './transport.ts';

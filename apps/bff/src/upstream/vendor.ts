import { z } from 'zod';
import {
  attributeMapSchema,
  certificateSchema,
  deviceConfigSchema,
  devicePolicySchema,
  deviceSchema,
  deviceSearchResultSchema,
  MdmClient,
  VendorApiError,
  type Device,
  type DeviceSearchParams,
  type DeviceSearchResult,
  type VendorAttempt,
  type VendorBudget,
} from '@mdm-console/mdm-api';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { jsonText } from '../json-text.ts';
import type { SharedAnswers } from '../store/shared-answers.ts';
import type { TenantChanges } from '../store/tenant-changes.ts';
import { ReadCache } from './read-cache.ts';

/**
 * Maps a vendor failure to the BFF's own error. The vendor's body never reaches the browser: only field names of
 * a refused parameter are passed on, with our own words.
 */
export function mapVendorError(error: unknown, notFound = 'No device has this id or GUID.'): AppError {
  if (!(error instanceof VendorApiError))
    return error instanceof AppError
      ? error
      : new AppError(500, 'INTERNAL_ERROR', 'Something went wrong on our side; it has been logged.', {
          operational: false,
          cause: error,
        });
  const fields = error.fieldErrors
    .map((field) => field.field)
    .filter((field): field is string => typeof field === 'string');
  switch (error.kind) {
    case 'timeout':
      return new AppError(504, 'UPSTREAM_TIMEOUT', 'The MDM service did not answer in time. Try again in a moment.', {
        cause: error,
        details: { ambiguous: error.ambiguous },
      });
    case 'network':
      return new AppError(502, 'UPSTREAM_UNREACHABLE', 'The MDM service cannot be reached. Try again in a moment.', {
        cause: error,
        details: { ambiguous: error.ambiguous },
      });
    case 'rate-limited':
      return new AppError(503, 'UPSTREAM_BUSY', 'The MDM service is rate-limiting us. Try again shortly.', {
        cause: error,
        headers: { 'Retry-After': String(error.retryAfterSeconds ?? 5) },
      });
    case 'unauthorized':
    case 'forbidden':
      return new AppError(
        502,
        'UPSTREAM_CREDENTIAL_REJECTED',
        'The MDM service refused the console’s credential. An administrator must check the tenant API user.',
        { cause: error },
      );
    case 'not-found':
      return new AppError(404, 'NOT_FOUND', notFound, { cause: error });
    case 'bad-request':
      return new AppError(
        400,
        'UPSTREAM_REJECTED',
        fields.length > 0
          ? `The MDM service refused the value of: ${fields.join(', ')}.`
          : 'The MDM service refused the request.',
        { cause: error, details: { fields } },
      );
    case 'malformed':
      return new AppError(
        502,
        'UPSTREAM_MALFORMED',
        'The MDM service sent an answer we could not read. Try again; if it persists, an administrator should check the service.',
        { cause: error, details: { ambiguous: error.ambiguous } },
      );
    default:
      return new AppError(502, 'UPSTREAM_ERROR', 'The MDM service had an error. Try again in a moment.', {
        cause: error,
        details: { ambiguous: error.ambiguous },
      });
  }
}

/** Runs a vendor call; any failure becomes an AppError. */
export async function upstream<T>(call: () => Promise<T>, notFound?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapVendorError(error, notFound);
  }
}

/** A device's details weigh in the read cache about what four search rows do (113 fields against 31). */
const DEVICE_RECORDS = 4;

/**
 * While a change made through another process might go unheard (its database connection is being replaced), answers
 * are kept only long enough to merge the same reads of many people.
 */
const UNHEARD_CHANGES_TTL_MS = 3_000;

/** How each kind of answer kept in the store for the other processes is read back: its JSON text, checked. */
const STORED = {
  search: jsonText(deviceSearchResultSchema),
  device: jsonText(deviceSchema),
  configs: jsonText(z.array(deviceConfigSchema)),
  policies: jsonText(z.array(devicePolicySchema)),
  certificates: jsonText(z.array(certificateSchema)),
  attributes: jsonText(attributeMapSchema),
};

/** The tenant: the client, the default device space (configured or discovered), readiness. */
export class Vendor {
  readonly client: MdmClient;
  readonly cache: ReadCache;
  private readonly configuredPartition: number | undefined;
  private defaultPartition: Promise<number> | undefined;
  private readyCache: { at: number; ok: boolean } | undefined;

  constructor(
    config: Config['mdm'],
    options: {
      budget?: VendorBudget;
      onAttempt?: (attempt: VendorAttempt) => void;
      /** Changes made through the other processes (none by default: this process is the only one). */
      changes?: TenantChanges;
      /** The answers every process keeps in the store (several processes on PostgreSQL). */
      shared?: SharedAnswers;
    } = {},
  ) {
    const { changes, shared, ...clientOptions } = options;
    this.cache = new ReadCache({
      ttlMs: () =>
        !changes || changes.live ? config.readCacheMs : Math.min(config.readCacheMs, UNHEARD_CHANGES_TTL_MS),
      // Measured in search rows (31 fields each): at most some 20 MB of answers.
      maxRecords: 10_000,
      ...(shared ? { shared } : {}),
    });
    changes?.subscribe(() => {
      this.cache.clear();
    });
    this.client = new MdmClient({
      ...clientOptions,
      baseUrl: config.baseUrl,
      username: config.username,
      password: config.password,
      timeoutMs: config.timeoutMs,
      maxInFlight: config.maxInFlight,
      maxPerSecond: config.maxPerSecond,
      // Any change through the console (a route or a job, in any process) makes kept answers suspect.
      onStateChange: async () => {
        this.cache.clear();
        await changes?.announce();
      },
    });
    this.configuredPartition = config.partitionId;
  }

  /** A device search, through the read cache. */
  searchDevices(params: DeviceSearchParams): Promise<DeviceSearchResult> {
    return this.cache.get(`search:${JSON.stringify(params)}`, () => this.client.searchDevices(params), {
      recordsOf: (page) => page.searchResults.length,
      stored: STORED.search,
    });
  }

  /** A device's details, through the read cache. */
  getDevice(ref: number | string): Promise<Device> {
    return this.cache.get(`device:${String(ref)}`, () => this.client.getDevice(ref), {
      recordsOf: () => DEVICE_RECORDS,
      stored: STORED.device,
    });
  }

  /** A device's configurations, through the read cache. */
  getConfigs(id: number) {
    return this.cache.get(`configs:${String(id)}`, () => this.client.getConfigs(id), {
      stored: STORED.configs,
    });
  }

  /** A device's policies, through the read cache. */
  getPolicies(id: number) {
    return this.cache.get(`policies:${String(id)}`, () => this.client.getPolicies(id), {
      stored: STORED.policies,
    });
  }

  /** The certificates of a device and its owner, through the read cache. */
  getCertificates(id: number, ownerId: number) {
    return this.cache.get(`certs:${String(id)}:${String(ownerId)}`, () => this.client.getCertificates(id, ownerId), {
      stored: STORED.certificates,
    });
  }

  /** A device's custom attributes, through the read cache. */
  getCustomAttributes(ref: number | string) {
    return this.cache.get(`attrs:${String(ref)}`, () => this.client.getCustomAttributes(ref), {
      stored: STORED.attributes,
    });
  }

  /** MDM_PARTITION_ID, or the tenant's default space (asked once). */
  partitionId(): Promise<number> {
    if (this.configuredPartition !== undefined) return Promise.resolve(this.configuredPartition);
    this.defaultPartition ??= upstream(() => this.client.getTenantMetadata()).then(
      (metadata) => metadata.defaultDmPartitionId,
    );
    this.defaultPartition.catch(() => {
      this.defaultPartition = undefined;
    });
    return this.defaultPartition;
  }

  /** Whether the tenant answers (cached a few seconds). */
  async ready(): Promise<boolean> {
    const now = Date.now();
    if (this.readyCache && now - this.readyCache.at < 5_000) return this.readyCache.ok;
    let ok = true;
    try {
      await this.client.getSpaces();
    } catch {
      ok = false;
    }
    this.readyCache = { at: now, ok };
    return ok;
  }
}

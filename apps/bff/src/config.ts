import { readFileSync } from 'node:fs';
import { roleSchema, type RoleAssignment } from '@mdm-console/contract';
import { z } from 'zod';
import { jsonText } from './json-text.ts';
import { DEFAULT_JOB_SETTINGS, type JobSettings } from './domain/jobs/job-context.ts';
import type { WebhookSettings } from './domain/webhooks/webhook-events.ts';

const positiveInt = (max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(max);

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** An http URL of this machine: the only place an OpenID provider may be reached without TLS. */
export function isLoopbackHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && LOOPBACK_HOSTS.includes(parsed.hostname);
}

/** OIDC_ROLE_MAP: group name → a role over every space, or a role limited to spaces. */
const roleMapSchema = z.record(
  z.string().min(1),
  z.union([
    roleSchema,
    z.strictObject({ role: roleSchema, spaces: z.array(z.number().int().positive()).min(1).optional() }),
  ]),
);
export type RoleMap = Record<string, RoleAssignment>;

const normalizedRoleMap = roleMapSchema.transform((map): RoleMap =>
  Object.fromEntries(
    Object.entries(map).map(([group, entry]) => [
      group,
      typeof entry === 'string' ? { role: entry, spaces: 'all' } : { role: entry.role, spaces: entry.spaces ?? 'all' },
    ]),
  ),
);

/** A role map as OIDC_ROLE_MAP writes it, each entry as an assignment. */
export const parseRoleMap = (map: unknown): RoleMap => normalizedRoleMap.parse(map);

/** WEBHOOK_URLS: http(s) URLs separated by commas. */
const urlListSetting = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== ''),
  )
  .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must list http(s) URLs separated by commas' })));

/** The shortest webhook secret accepted: a short one could be guessed from signed bodies. */
const MIN_WEBHOOK_SECRET = 16;

const roleMapSetting = jsonText(normalizedRoleMap, 'is not JSON, such as {"mdm-admins":"admin"}');

const settingsSchema = z
  .object({
    MDM_BASE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL of the tenant' })
      .describe('the tenant, `https://…`'),
    MDM_USERNAME: z.string().min(1, 'is required').describe('the tenant API user (Device Management role to act)'),
    MDM_PASSWORD: z.string().min(1).optional().describe('its password (or `MDM_PASSWORD_FILE`: one is required)'),
    MDM_PASSWORD_FILE: z.string().min(1).optional().describe('a file holding the password (a mounted secret)'),
    MDM_PARTITION_ID: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .describe('the default device space (discovered when unset)'),
    MDM_TIMEOUT_MS: positiveInt(300_000).default(15_000).describe('per request to the tenant'),
    MDM_MAX_IN_FLIGHT: positiveInt(256).default(8).describe('requests to the tenant at once, all processes together'),
    MDM_MAX_PER_SECOND: positiveInt(10_000)
      .default(500)
      .describe('requests to the tenant started per second, all processes together'),
    MDM_READ_CACHE_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(0)
      .max(300)
      .default(10)
      .describe('seconds a tenant read (search, device) is reused; any change through the console drops it'),
    HOST: z.string().min(1).default('127.0.0.1').describe('where the console listens (TLS in a proxy in front)'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('its port (`0`: any free port)'),
    DATABASE_URL: z
      .string()
      .min(1)
      .default('./data/mdm-console.sqlite')
      .describe('a SQLite file, or `postgres://…`: accounts, sessions, audit log, jobs'),
    DATABASE_POOL_SIZE: positiveInt(200).default(10).describe('PostgreSQL connections per process'),
    SESSION_IDLE_MINUTES: positiveInt(24 * 60)
      .default(30)
      .describe('a session ends after this long unused'),
    SESSION_ABSOLUTE_HOURS: positiveInt(24 * 30)
      .default(8)
      .describe('and after this long in any case'),
    TRUST_PROXY: z.string().default('false').describe("Express's trust proxy: `true`, a hop count, or addresses"),
    METRICS_PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .optional()
      .describe('serves Prometheus `GET /metrics` on this port (off when unset)'),
    METRICS_HOST: z.string().min(1).default('127.0.0.1').describe("the metrics listener's address"),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino level; JSON lines on stdout, never a credential'),
    JOB_APPROVAL_THRESHOLD: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(25)
      .describe('destructive devices per 24 h above which a second admin approves'),
    JOB_UNDO_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(600)
      .default(10)
      .describe('the undo window between confirmation and the first vendor call'),
    JOB_CHUNK_SIZE: positiveInt(500).default(50).describe('devices per vendor call'),
    JOB_CONCURRENCY: positiveInt(64).default(4).describe('vendor calls of one job in flight at once'),
    JOB_FOLLOW_MINUTES: positiveInt(24 * 60)
      .default(30)
      .describe('how long wipe, retire and reassignment are followed'),
    JOB_FOLLOW_POLL_MS: positiveInt(600_000).default(5_000).describe('how often their state is read meanwhile'),
    JOB_LEASE_SECONDS: positiveInt(3_600)
      .default(15)
      .describe("a process's claim on a job lapses after this without renewal"),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be the http(s) URL browsers use to reach the console' })
      .optional()
      .describe('the console as browsers reach it, `https://…` (needed for single sign-on)'),
    OIDC_ISSUER_URL: z
      .url({ protocol: /^https?$/, error: 'must be the http(s) URL of the OpenID provider' })
      .optional()
      .describe('the OpenID provider (its discovery document is read): single sign-on is off when unset'),
    OIDC_CLIENT_ID: z.string().min(1).optional().describe("the console's client id at the provider"),
    OIDC_CLIENT_SECRET: z.string().min(1).optional().describe('its client secret (or `OIDC_CLIENT_SECRET_FILE`)'),
    OIDC_CLIENT_SECRET_FILE: z.string().min(1).optional().describe('a file holding the client secret'),
    OIDC_PROVIDER_NAME: z
      .string()
      .min(1)
      .max(60)
      .default('your company')
      .describe('the sign-in button says "Sign in with …"'),
    OIDC_SCOPES: z
      .string()
      .regex(/(^| )openid( |$)/, 'must include openid')
      .default('openid email profile')
      .describe('the scopes asked for (add `groups` where the provider needs it, as Okta does)'),
    OIDC_GROUPS_CLAIM: z.string().min(1).default('groups').describe("the claim that lists the user's groups"),
    OIDC_ROLE_MAP: roleMapSetting
      .optional()
      .describe('JSON: group → role, or → {"role", "spaces": [ids]}; a user with no mapped group is refused'),
    WEBHOOK_URLS: urlListSetting
      .optional()
      .describe('receivers of job events (approval requested, paused, halted, finished), comma-separated'),
    WEBHOOK_SECRET: z
      .string()
      .optional()
      .describe(
        `signs every delivery (HMAC-SHA256), at least ${String(MIN_WEBHOOK_SECRET)} characters (or \`WEBHOOK_SECRET_FILE\`)`,
      ),
    WEBHOOK_SECRET_FILE: z.string().min(1).optional().describe('a file holding the webhook secret'),
    WEBHOOK_FORMAT: z
      .enum(['json', 'chat'])
      .default('json')
      .describe('`json`: the console\'s events; `chat`: `{"text"}` as Slack and Teams incoming webhooks take'),
    LOCAL_LOGIN: z.enum(['true', 'false']).default('true').describe('`false` hides and refuses password sign-in'),
    DEMO_MODE: z
      .enum(['true', 'false'])
      .default('false')
      .describe('`true` creates the demo logins at start (and a demo OpenID provider, unless one is set)'),
  })
  .refine((s) => s.MDM_PASSWORD !== undefined || s.MDM_PASSWORD_FILE !== undefined, {
    message: 'set MDM_PASSWORD or MDM_PASSWORD_FILE',
    path: ['MDM_PASSWORD'],
  })
  .superRefine((s, ctx) => {
    if (s.OIDC_ISSUER_URL === undefined) return;
    const need = (present: boolean, path: string, message: string) => {
      if (!present) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    need(s.OIDC_CLIENT_ID !== undefined, 'OIDC_CLIENT_ID', 'is required with OIDC_ISSUER_URL');
    need(
      s.OIDC_CLIENT_SECRET !== undefined || s.OIDC_CLIENT_SECRET_FILE !== undefined,
      'OIDC_CLIENT_SECRET',
      'set OIDC_CLIENT_SECRET or OIDC_CLIENT_SECRET_FILE with OIDC_ISSUER_URL',
    );
    need(
      s.OIDC_ROLE_MAP !== undefined,
      'OIDC_ROLE_MAP',
      'is required with OIDC_ISSUER_URL: no group would have a role',
    );
    need(
      s.OIDC_ISSUER_URL.startsWith('https:') || isLoopbackHttp(s.OIDC_ISSUER_URL),
      'OIDC_ISSUER_URL',
      'must be https (plain http only for a provider on this machine)',
    );
    need(
      s.PUBLIC_URL !== undefined,
      'PUBLIC_URL',
      'is required with OIDC_ISSUER_URL (the provider sends people back there)',
    );
  })
  .refine((s) => s.LOCAL_LOGIN === 'true' || s.OIDC_ISSUER_URL !== undefined || s.DEMO_MODE === 'true', {
    message: 'with LOCAL_LOGIN=false nobody could sign in: set up single sign-on (OIDC_ISSUER_URL)',
    path: ['LOCAL_LOGIN'],
  });

export interface Config {
  mdm: {
    baseUrl: string;
    username: string;
    password: string;
    partitionId: number | undefined;
    timeoutMs: number;
    maxInFlight: number;
    maxPerSecond: number;
    /** How long a read answer is reused, unless a change through the console drops it sooner. */
    readCacheMs: number;
  };
  host: string;
  port: number;
  databaseUrl: string;
  /** PostgreSQL connections per process (SQLite has one). */
  databasePoolSize: number;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  trustProxy: boolean | number | string;
  logLevel: string;
  /** Where /metrics is served, on a listener of its own; off when port is undefined. */
  metrics: { port: number | undefined; host: string };
  demoMode: boolean;
  jobs: JobSettings;
  /** The console's URL as browsers reach it (single sign-on sends people back to it). */
  publicUrl: string | undefined;
  /** Whether password sign-in is offered. */
  localLogin: boolean;
  /** The company's OpenID provider; undefined when single sign-on is off. */
  oidc: OidcSettings | undefined;
  /** Outgoing webhooks; no receiver when WEBHOOK_URLS is unset. */
  webhooks: WebhookSettings;
}

export interface OidcSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  providerName: string;
  groupsClaim: string;
  scopes: string;
  roleMap: RoleMap;
}

function readSecretFile(setting: string, path: string): string {
  let secret: string;
  try {
    secret = readFileSync(path, 'utf8').trim();
  } catch {
    throw new ConfigError([`${setting}: cannot read ${path}`]);
  }
  if (secret === '') throw new ConfigError([`${setting}: ${path} is empty`]);
  return secret;
}

/** The settings as a Markdown table (setting, default, meaning), generated from the schema for the README. */
export function environmentReference(): string {
  const rows = Object.entries(settingsSchema.shape).map(([name, schema]) => {
    const described = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    const fallback =
      'default' in described
        ? `\`${String(described.default)}\``
        : schema.safeParse(undefined).success
          ? ''
          : '(required)';
    return [`\`${name}\``, fallback, schema.description ?? ''];
  });
  const header = ['setting', 'default', 'meaning'];
  const widths = header.map((title, k) => Math.max(title.length, ...rows.map((row) => (row[k] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, k) => cell.padEnd(widths[k] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`mdm-console cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function trustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Reads and checks every setting at once; a ConfigError lists every wrong one (never its secret value). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`),
    );
  const s = parsed.data;
  const password =
    s.MDM_PASSWORD_FILE === undefined
      ? (s.MDM_PASSWORD ?? '')
      : readSecretFile('MDM_PASSWORD_FILE', s.MDM_PASSWORD_FILE);
  const oidc =
    s.OIDC_ISSUER_URL === undefined
      ? undefined
      : {
          issuerUrl: s.OIDC_ISSUER_URL,
          clientId: s.OIDC_CLIENT_ID ?? '',
          clientSecret:
            s.OIDC_CLIENT_SECRET_FILE === undefined
              ? (s.OIDC_CLIENT_SECRET ?? '')
              : readSecretFile('OIDC_CLIENT_SECRET_FILE', s.OIDC_CLIENT_SECRET_FILE),
          providerName: s.OIDC_PROVIDER_NAME,
          groupsClaim: s.OIDC_GROUPS_CLAIM,
          scopes: s.OIDC_SCOPES,
          roleMap: s.OIDC_ROLE_MAP ?? {},
        };
  const webhookSecret =
    s.WEBHOOK_SECRET_FILE === undefined
      ? (s.WEBHOOK_SECRET ?? '')
      : readSecretFile('WEBHOOK_SECRET_FILE', s.WEBHOOK_SECRET_FILE);
  // Checked once the secret is known, wherever it came from.
  if (webhookSecret.length < MIN_WEBHOOK_SECRET && (s.WEBHOOK_URLS ?? []).length > 0)
    throw new ConfigError([
      `${s.WEBHOOK_SECRET_FILE === undefined ? 'WEBHOOK_SECRET' : 'WEBHOOK_SECRET_FILE'}: must be at least ${String(MIN_WEBHOOK_SECRET)} characters with WEBHOOK_URLS (receivers check the signature)`,
    ]);
  return {
    mdm: {
      baseUrl: s.MDM_BASE_URL,
      username: s.MDM_USERNAME,
      password,
      partitionId: s.MDM_PARTITION_ID,
      timeoutMs: s.MDM_TIMEOUT_MS,
      maxInFlight: s.MDM_MAX_IN_FLIGHT,
      maxPerSecond: s.MDM_MAX_PER_SECOND,
      readCacheMs: s.MDM_READ_CACHE_SECONDS * 1000,
    },
    host: s.HOST,
    port: s.PORT,
    databaseUrl: s.DATABASE_URL,
    databasePoolSize: s.DATABASE_POOL_SIZE,
    sessionIdleMs: s.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: s.SESSION_ABSOLUTE_HOURS * 3_600_000,
    trustProxy: trustProxy(s.TRUST_PROXY),
    logLevel: s.LOG_LEVEL,
    metrics: { port: s.METRICS_PORT, host: s.METRICS_HOST },
    demoMode: s.DEMO_MODE === 'true',
    jobs: {
      ...DEFAULT_JOB_SETTINGS,
      approvalThreshold: s.JOB_APPROVAL_THRESHOLD,
      undoMs: s.JOB_UNDO_SECONDS * 1000,
      chunkSize: s.JOB_CHUNK_SIZE,
      concurrency: s.JOB_CONCURRENCY,
      followMs: s.JOB_FOLLOW_MINUTES * 60_000,
      followPollMs: s.JOB_FOLLOW_POLL_MS,
      leaseMs: s.JOB_LEASE_SECONDS * 1000,
    },
    publicUrl: s.PUBLIC_URL?.replace(/\/+$/, ''),
    localLogin: s.LOCAL_LOGIN === 'true',
    oidc,
    webhooks: { urls: s.WEBHOOK_URLS ?? [], secret: webhookSecret, format: s.WEBHOOK_FORMAT },
  };
}

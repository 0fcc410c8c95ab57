import { z } from 'zod';

const int = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);

const settingsSchema = z.object({
  SIM_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_PORT: int(0, 65535).default(4010),
  SIM_DEVICES: int(0, 2_000_000).default(5000),
  SIM_SEED: int(-2147483648, 2147483647).default(42),
  SIM_ADMIN_USER: z.string().min(1).default('tenant-admin'),
  SIM_ADMIN_PASSWORD: z.string().min(1).default('demo-tenant-password'),
  SIM_READONLY_USER: z.string().min(1).default('tenant-reader'),
  SIM_READONLY_PASSWORD: z.string().min(1).default('demo-reader-password'),
  SIM_ACTION_DELAY_MS: int(0, 3_600_000).default(2000),
  SIM_LATENCY_MS: int(0, 600_000).default(0),
  SIM_RATE_LIMIT: int(0, 1_000_000).default(0),
  /** "Now" of the generated tenant (epoch ms); default: the time of start. Same seed + same clock: same bytes. */
  SIM_CLOCK: int(0, 8_640_000_000_000).optional(),
});

export interface SimSettings {
  host: string;
  port: number;
  devices: number;
  seed: number;
  adminUser: string;
  adminPassword: string;
  readonlyUser: string;
  readonlyPassword: string;
  actionDelayMs: number;
  latencyMs: number;
  rateLimit: number;
  clock: number | undefined;
}

/** Thrown at start when a setting is wrong; says which and why. */
export class SettingsError extends Error {
  constructor(problems: string[]) {
    super(`Invalid simulator settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Reads the SIM_* settings (vendor-api.md, "the simulator's own contract"). */
export function readSettings(env: Record<string, string | undefined>): SimSettings {
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith('SIM_') && value !== undefined && value !== ''),
  );
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success) {
    throw new SettingsError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message} (got "${String(present[String(issue.path[0])])}")`,
      ),
    );
  }
  const s = parsed.data;
  return {
    host: s.SIM_HOST,
    port: s.SIM_PORT,
    devices: s.SIM_DEVICES,
    seed: s.SIM_SEED,
    adminUser: s.SIM_ADMIN_USER,
    adminPassword: s.SIM_ADMIN_PASSWORD,
    readonlyUser: s.SIM_READONLY_USER,
    readonlyPassword: s.SIM_READONLY_PASSWORD,
    actionDelayMs: s.SIM_ACTION_DELAY_MS,
    latencyMs: s.SIM_LATENCY_MS,
    rateLimit: s.SIM_RATE_LIMIT,
    clock: s.SIM_CLOCK,
  };
}

/** Settings with every default, overridden by `overrides` (tests and benchmarks). */
export function defaultSettings(overrides: Partial<SimSettings> = {}): SimSettings {
  return { ...readSettings({}), ...overrides };
}

/**
 * The simulated tenant that `npm start`, the tests and the benchmarks run against: its API users (the simulator's
 * defaults, SIM_ADMIN_USER and friends) and the ports the demo uses. The console's own demo logins are
 * `DEMO_ACCOUNTS` and `DEMO_PASSWORD` in @mdm-console/contract.
 */
export const TENANT_ADMIN = { user: 'tenant-admin', password: 'demo-tenant-password' } as const;
export const TENANT_READER = { user: 'tenant-reader', password: 'demo-reader-password' } as const;

/** The BFF's settings that point it at a simulator as its administrator (MDM_BASE_URL, MDM_USERNAME, MDM_PASSWORD). */
export const tenantSettings = (simUrl: string): Record<string, string> => ({
  MDM_BASE_URL: simUrl,
  MDM_USERNAME: TENANT_ADMIN.user,
  MDM_PASSWORD: TENANT_ADMIN.password,
});

/** The HTTP Basic header of a tenant API user. */
export const basicAuth = (credential: { user: string; password: string }): string =>
  `Basic ${Buffer.from(`${credential.user}:${credential.password}`).toString('base64')}`;

/** Ports of `npm start` (the simulator, the console) and of the end-to-end stack, each overridable by its setting. */
export const DEMO_PORTS = { sim: 4010, bff: 8080, e2e: 18080 } as const;

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, environmentReference, loadConfig } from '../src/config.ts';
import { Accounts } from '../src/domain/accounts.ts';
import { verifyPassword } from '../src/domain/passwords.ts';
import { openStore } from '../src/store/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'mdm-bff-config-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The message of the ConfigError `load` throws; fails the test when it throws none. */
function configErrorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError, and none came');
}

describe('settings', () => {
  it('when the README lists the settings, then its table is the one generated from the configuration schema', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const table = /<!-- settings:start[^>]*-->\s*([\s\S]*?)\s*<!-- settings:end -->/.exec(readme)?.[1];
    // When this fails: npm run env-reference, and paste its table between the README's settings markers.
    expect(table).toBe(environmentReference());
  });

  it('when settings are missing or wrong, then start fails naming each, never echoing a secret', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    const wrong = {
      MDM_BASE_URL: 'ftp://x',
      MDM_USERNAME: 'u',
      MDM_PASSWORD: 'hunter2-secret',
      PORT: 'eighty',
      SESSION_IDLE_MINUTES: '0',
    };
    expect(() => loadConfig(wrong)).toThrow(ConfigError);
    const message = configErrorOf(() => loadConfig(wrong));
    expect(message).toMatch(/MDM_BASE_URL/);
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/SESSION_IDLE_MINUTES/);
    expect(message).not.toContain('hunter2-secret');
    expect(() => loadConfig({ MDM_BASE_URL: 'https://t.example', MDM_USERNAME: 'u' })).toThrow(/MDM_PASSWORD/);
  });

  it('when single sign-on is set up only in part, or unsafely, then start fails naming what to fix', () => {
    const tenant = { MDM_BASE_URL: 'https://t.example', MDM_USERNAME: 'u', MDM_PASSWORD: 'p' };
    const partial = configErrorOf(() => loadConfig({ ...tenant, OIDC_ISSUER_URL: 'https://idp.example' }));
    for (const setting of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP', 'PUBLIC_URL'])
      expect(partial).toContain(setting);
    const sso = {
      ...tenant,
      PUBLIC_URL: 'https://console.example',
      OIDC_CLIENT_ID: 'c',
      OIDC_CLIENT_SECRET: 's',
      OIDC_ROLE_MAP: '{"mdm-admins":"admin"}',
    };
    expect(configErrorOf(() => loadConfig({ ...sso, OIDC_ISSUER_URL: 'http://idp.example' }))).toMatch(
      /OIDC_ISSUER_URL: must be https/,
    );
    expect(
      configErrorOf(() => loadConfig({ ...sso, OIDC_ISSUER_URL: 'https://idp.example', OIDC_SCOPES: 'email' })),
    ).toMatch(/OIDC_SCOPES: must include openid/);
    expect(
      configErrorOf(() =>
        loadConfig({ ...sso, OIDC_ISSUER_URL: 'https://idp.example', OIDC_ROLE_MAP: '{"x":"root"}' }),
      ),
    ).toMatch(/OIDC_ROLE_MAP/);
    expect(configErrorOf(() => loadConfig({ ...tenant, LOCAL_LOGIN: 'false' }))).toMatch(/LOCAL_LOGIN/);
    const config = loadConfig({ ...sso, OIDC_ISSUER_URL: 'http://127.0.0.1:9000' });
    expect(config.oidc).toMatchObject({
      scopes: 'openid email profile',
      groupsClaim: 'groups',
      roleMap: { 'mdm-admins': { role: 'admin', spaces: 'all' } },
    });
    expect(config.localLogin).toBe(true);
  });

  it('when the password comes from a file, then it is read and trimmed; defaults match the issue', () => {
    const file = join(dir, 'password');
    writeFileSync(file, 'from-file-secret\n');
    const config = loadConfig({ MDM_BASE_URL: 'https://t.example', MDM_USERNAME: 'u', MDM_PASSWORD_FILE: file });
    expect(config.mdm.password).toBe('from-file-secret');
    expect(config).toMatchObject({
      port: 8080,
      sessionIdleMs: 30 * 60_000,
      sessionAbsoluteMs: 8 * 3_600_000,
      mdm: { timeoutMs: 15_000, maxInFlight: 8 },
      demoMode: false,
    });
    expect(config.databaseUrl).toMatch(/data\/mdm-console\.sqlite$/);
  });
});

describe('accounts', () => {
  const cli = fileURLToPath(new URL('../src/cli/users.ts', import.meta.url));
  const run = (args: string[], input = '') =>
    spawnSync(process.execPath, [cli, ...args], {
      input,
      env: { ...process.env, DATABASE_URL: join(dir, 'cli.sqlite') },
      encoding: 'utf8',
    });

  it('when the users CLI adds, re-roles and disables an account, then the store follows', async () => {
    expect(run(['add', 'ops@example.com', '--role', 'helpdesk'], 'a-long-enough-password\n').status).toBe(0);
    expect(run(['add', 'ops@example.com', '--role', 'helpdesk'], 'a-long-enough-password\n').stderr).toMatch(
      /exists already/,
    );
    expect(run(['add', 'weak@example.com', '--role', 'viewer'], 'short\n').stderr).toMatch(/at least 12/);
    expect(run(['set-role', 'ops@example.com', '--role', 'boss']).stderr).toMatch(/viewer, helpdesk or admin/);
    expect(run(['set-role', 'ops@example.com', 'helpdesk', '--spaces', '2,x']).stderr).toMatch(/separated by commas/);
    expect(run(['set-role', 'ops@example.com', 'helpdesk', '--spaces', '2,3']).status).toBe(0);
    const scopedStore = await openStore(join(dir, 'cli.sqlite'));
    const scoped = await new Accounts(scopedStore.accounts, Date.now).findByEmail('ops@example.com');
    expect(scoped?.assignments).toEqual([{ role: 'helpdesk', spaces: [2, 3] }]);
    await scopedStore.close();
    expect(run(['set-role', 'ops@example.com', '--role', 'admin']).status).toBe(0);
    expect(run(['set-password', 'ops@example.com'], 'another-long-password\n').status).toBe(0);
    expect(run(['disable', 'ops@example.com']).status).toBe(0);
    const listed = run(['list']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/ops@example\.com\s+admin \(all spaces\)\s+password\s+disabled/);
    const store = await openStore(join(dir, 'cli.sqlite'));
    const account = await new Accounts(store.accounts, Date.now).findByEmail('OPS@example.com');
    expect(account).toMatchObject({ assignments: [{ role: 'admin', spaces: 'all' }], disabled: true });
    expect(await verifyPassword('another-long-password', account?.passwordHash ?? '')).toBe(true);
    expect(account?.passwordHash).toMatch(/^scrypt\$/);
    await store.close();
  });

  it('when migrations run twice, then nothing breaks', async () => {
    const path = join(dir, 'twice.sqlite');
    await (await openStore(path)).close();
    const again = await openStore(path);
    expect(await again.ping()).toBe(true);
    await again.close();
  });
});

import {
  DEMO_EMEA_SPACE,
  DEMO_PASSWORD,
  DEMO_ROLE_MAP,
  DEMO_SSO_USERS,
  logoutResultSchema,
} from '@mdm-console/contract';
import { CookieBrowser, throughProvider } from '@mdm-console/devkit/cookie-browser';
import { freePort } from '@mdm-console/devkit/free-port';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoIdentityProvider, type DemoIdentityProvider } from '../src/demo/identity-provider.ts';
import { call, errorCode, startHarness, type Harness } from './harness.ts';
import { startTamperingProxy, type Tamper } from './tampering-proxy.ts';

/**
 * Single sign-on against a real OpenID provider (oidc-provider, with its own login form) started here, seen through a
 * proxy that can falsify its ID tokens. A small cookie-keeping client plays the browser: it follows the redirects,
 * fills in the provider's form and carries each site's cookies.
 */
const CLIENT = { clientId: 'mdm-console-test', clientSecret: 'a-test-client-secret-of-some-length' };
/** The provider's people, groups changeable by a test (the provider reads them at each sign-in). */
const PEOPLE = DEMO_SSO_USERS.map((person) => ({ ...person, groups: [...person.groups] }));
const [ADA, HUGO, , NOBODY] = DEMO_SSO_USERS;

let provider: DemoIdentityProvider;
let proxy: Awaited<ReturnType<typeof startTamperingProxy>>;
let h: Harness;
let base: string;

const isCallback = (url: string): boolean => url.startsWith(`${base}/auth/oidc/callback`);

/** Through the provider's form as `email`; checks the authorization request; answers the callback URL. */
async function signInAt(browser: CookieBrowser, email: string, returnTo = '/devices'): Promise<string> {
  const { authorizeUrl, callbackUrl } = await throughProvider(
    browser,
    base,
    { email, password: DEMO_PASSWORD },
    returnTo,
  );
  expect(authorizeUrl.startsWith(proxy.url)).toBe(true);
  const params = new URL(authorizeUrl).searchParams;
  expect(params.get('code_challenge_method')).toBe('S256');
  expect([params.get('state'), params.get('nonce'), params.get('code_challenge')].every(Boolean)).toBe(true);
  return callbackUrl;
}

async function sessionOf(browser: CookieBrowser): Promise<{ status: number; json: unknown }> {
  const cookie = browser.cookie(base, '__Host-mdm-session');
  return call(base, 'GET', '/api/session', cookie === undefined ? {} : { cookie: `__Host-mdm-session=${cookie}` });
}

beforeAll(async () => {
  provider = await startDemoIdentityProvider({ host: '127.0.0.1', people: PEOPLE, password: DEMO_PASSWORD });
  proxy = await startTamperingProxy(provider.issuer, provider.signingKey);
  const port = await freePort();
  const publicUrl = `http://localhost:${String(port)}`;
  provider.configure([{ ...CLIENT, publicUrl }]);
  h = await startHarness({
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    OIDC_ISSUER_URL: proxy.url,
    OIDC_CLIENT_ID: CLIENT.clientId,
    OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    OIDC_PROVIDER_NAME: 'Test IdP',
    OIDC_ROLE_MAP: JSON.stringify(DEMO_ROLE_MAP),
  });
  base = h.bff.url;
  expect(base).toBe(publicUrl);
});
afterAll(async () => {
  await h.close();
  await proxy.close();
  await provider.close();
});
beforeEach(() => {
  proxy.setMode('none');
});

describe('single sign-on', () => {
  it('when the sign-in page asks, then it offers the provider beside the password form', async () => {
    const reply = await call(base, 'GET', '/api/sign-in-options');
    expect(reply.json).toEqual({ localLogin: true, sso: { name: 'Test IdP', loginUrl: '/auth/oidc/login' } });
  });

  it('when an admin signs in through the provider, then a session with the groups’ role begins and the page moves on to returnTo', async () => {
    const browser = new CookieBrowser();
    const callback = await signInAt(browser, ADA.email, '/devices?f=platform:IOS');
    const landed = await browser.fetch(callback);
    expect(landed.status).toBe(200);
    expect(await landed.text()).toContain('url=/devices?f=platform:IOS');
    expect(browser.cookie(base, '__Host-mdm-sign-in')).toBeUndefined();
    const session = await sessionOf(browser);
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({
      user: { email: ADA.email, source: 'oidc' },
      role: 'admin',
      spaces: 'all',
    });
    const cookieLine = landed.headers.getSetCookie().find((line) => line.startsWith('__Host-mdm-session='));
    expect(cookieLine).toMatch(/HttpOnly/i);
    expect(cookieLine).toMatch(/SameSite=Strict/i);
    expect(cookieLine).toMatch(/Secure/i);
  });

  it('when a helpdesk of the EMEA group signs in, then the role is limited to that space, and the account lists its subject', async () => {
    const browser = new CookieBrowser();
    await browser.fetch(await signInAt(browser, HUGO.email));
    const session = await sessionOf(browser);
    expect(session.json).toMatchObject({ role: 'helpdesk', spaces: [DEMO_EMEA_SPACE] });
    const accounts = await h.bff.services.accounts.list();
    const hugo = accounts.find((account) => account.email === HUGO.email);
    expect(hugo).toMatchObject({
      identity: { issuer: proxy.url, subject: HUGO.email },
      passwordHash: null,
      assignments: [{ role: 'helpdesk', spaces: [DEMO_EMEA_SPACE] }],
    });
  });

  it('when a person’s groups change at the provider, then the next sign-in gives the new role, and sessions started before keep nothing more', async () => {
    const vera = PEOPLE[2];
    if (!vera) throw new Error('the demo has a viewer');
    const before = new CookieBrowser();
    await before.fetch(await signInAt(before, vera.email));
    expect((await sessionOf(before)).json).toMatchObject({ role: 'viewer', spaces: 'all' });
    vera.groups = ['helpdesk-emea'];
    try {
      const after = new CookieBrowser();
      await after.fetch(await signInAt(after, vera.email));
      expect((await sessionOf(after)).json).toMatchObject({ role: 'helpdesk', spaces: [DEMO_EMEA_SPACE] });
      // The account's roles are those of the latest sign-in, for its older sessions too: no wider than now.
      expect((await sessionOf(before)).json).toMatchObject({ spaces: [DEMO_EMEA_SPACE] });
    } finally {
      vera.groups = ['mdm-viewers'];
    }
  });

  it('when a person is removed from every mapped group, then their next sign-in is refused and their open sessions end', async () => {
    const vera = PEOPLE[2];
    if (!vera) throw new Error('the demo has a viewer');
    const open = new CookieBrowser();
    await open.fetch(await signInAt(open, vera.email));
    expect((await sessionOf(open)).status).toBe(200);
    vera.groups = ['all-staff'];
    try {
      const refused = new CookieBrowser();
      const landed = await refused.fetch(await signInAt(refused, vera.email));
      expect(landed.headers.get('location')).toBe('/sign-in?sso=NO_ROLE');
      expect((await sessionOf(open)).status).toBe(401);
    } finally {
      vera.groups = ['mdm-viewers'];
    }
  });

  it('when a local account has the same e-mail, then the two stay apart: the password still opens the local one only', async () => {
    await h.bff.services.accounts.ensure(ADA.email, 'a-local-password-for-ada', [{ role: 'viewer', spaces: 'all' }]);
    const browser = new CookieBrowser();
    await browser.fetch(await signInAt(browser, ADA.email));
    expect((await sessionOf(browser)).json).toMatchObject({ role: 'admin', user: { source: 'oidc' } });
    const local = await call(base, 'POST', '/api/session', {
      body: { email: ADA.email, password: 'a-local-password-for-ada' },
    });
    expect(local.json).toMatchObject({ role: 'viewer', user: { source: 'local' } });
    const both = (await h.bff.services.accounts.list()).filter((account) => account.email === ADA.email);
    expect(both.map((account) => account.identity === null).sort()).toEqual([false, true]);
  });

  it('when a person’s groups map to no role, then no session is made, the page says so, and the refusal is audited', async () => {
    const browser = new CookieBrowser();
    const landed = await browser.fetch(await signInAt(browser, NOBODY.email));
    expect(landed.status).toBe(303);
    expect(landed.headers.get('location')).toBe('/sign-in?sso=NO_ROLE');
    expect(browser.cookie(base, '__Host-mdm-session')).toBeUndefined();
    expect((await h.bff.services.accounts.list()).some((account) => account.email === NOBODY.email)).toBe(false);
    const audit = await h.bff.services.audit.query({ action: 'session.sso-login', limit: 10 }, null);
    expect(audit.events[0]).toMatchObject({ actorEmail: NOBODY.email, outcome: 'failed:NO_ROLE' });
  });

  const refusedModes: [Tamper, string][] = [
    ['nonce', 'a wrong nonce'],
    ['audience', 'an ID token for another audience'],
    ['issuer', 'an ID token from another issuer'],
    ['expired', 'an expired ID token'],
  ];
  for (const [mode, what] of refusedModes)
    it(`when the provider's answer carries ${what}, then it is refused and no session is made`, async () => {
      proxy.setMode(mode);
      const browser = new CookieBrowser();
      const landed = await browser.fetch(await signInAt(browser, ADA.email));
      expect([landed.status, landed.headers.get('location')]).toEqual([303, '/sign-in?sso=SIGN_IN_REFUSED']);
      expect(browser.cookie(base, '__Host-mdm-session')).toBeUndefined();
      expect((await sessionOf(browser)).status).toBe(401);
    });

  it('when the state is tampered with, then it is refused and no session is made', async () => {
    const browser = new CookieBrowser();
    const callback = new URL(await signInAt(browser, ADA.email));
    callback.searchParams.set('state', 'forged-state');
    const landed = await browser.fetch(callback.toString());
    expect(landed.headers.get('location')).toBe('/sign-in?sso=SIGN_IN_REFUSED');
    expect(browser.cookie(base, '__Host-mdm-session')).toBeUndefined();
  });

  it('when an authorization code is replayed, then it is refused: the sign-in it belonged to is used up', async () => {
    const browser = new CookieBrowser();
    const callback = await signInAt(browser, ADA.email);
    const attempt = browser.cookie(base, '__Host-mdm-sign-in') ?? '';
    expect((await browser.fetch(callback)).status).toBe(200);
    const replay = await fetch(callback, { redirect: 'manual', headers: { cookie: `__Host-mdm-sign-in=${attempt}` } });
    expect(replay.headers.get('location')).toBe('/sign-in?sso=SIGN_IN_EXPIRED');
    expect(replay.headers.getSetCookie().some((line) => line.startsWith('__Host-mdm-session='))).toBe(false);
    // A callback from another browser (no attempt cookie of its own) is refused as well.
    const stranger = await fetch(callback, { redirect: 'manual' });
    expect(stranger.headers.get('location')).toBe('/sign-in?sso=SIGN_IN_EXPIRED');
  });

  it('when returnTo names another site, then the sign-in does not start', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const reply = await fetch(`${base}/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`, {
        redirect: 'manual',
      });
      expect([reply.status, reply.headers.get('location')]).toEqual([303, '/sign-in?sso=INVALID_RETURN_TO']);
    }
    const unknown = await fetch(`${base}/auth/oidc/login?returnTo=/devices&prompt=none`, { redirect: 'manual' });
    expect(unknown.headers.get('location')).toBe('/sign-in?sso=UNKNOWN_FIELD');
  });

  it('when an SSO user signs out, then the answer sends the browser to end the provider session, and it ends there', async () => {
    const browser = new CookieBrowser();
    await browser.fetch(await signInAt(browser, ADA.email));
    const cookie = `__Host-mdm-session=${browser.cookie(base, '__Host-mdm-session') ?? ''}`;
    const out = await call(base, 'DELETE', '/api/session', { cookie });
    const redirectTo = logoutResultSchema.parse(out.json).redirectTo ?? '';
    expect(redirectTo.startsWith(`${proxy.url}/session/end`)).toBe(true);
    expect(new URL(redirectTo).searchParams.get('post_logout_redirect_uri')).toBe(`${base}/sign-in`);
    expect((await call(base, 'GET', '/api/session', { cookie })).status).toBe(401);
    // The provider asks to confirm, as a provider does; once confirmed, it forgets the person.
    const confirm = await browser.follow(redirectTo, () => false);
    const html = await confirm.response.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const action = /action="([^"]+)"/.exec(html)?.[1] ?? '';
    const ended = await browser.fetch(new URL(action, confirm.url).toString(), {
      method: 'POST',
      form: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    const back = await browser.follow(new URL(ended.headers.get('location') ?? '', confirm.url).toString(), (next) =>
      next.startsWith(base),
    );
    expect(back.url).toBe(`${base}/sign-in`);
    // Signing in again needs the password at the provider: its session is gone.
    const again = await browser.fetch(`${base}/auth/oidc/login`);
    const form = await browser.follow(again.headers.get('location') ?? '', isCallback);
    expect(isCallback(form.url)).toBe(false);
    expect(await form.response.text()).toContain('name="password"');
  });

  it('when a password user signs out, then there is nowhere else to go', async () => {
    const signIn = await call(base, 'POST', '/api/session', {
      body: { email: 'viewer@demo.local', password: DEMO_PASSWORD },
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await call(base, 'DELETE', '/api/session', { cookie })).json).toEqual({ ok: true, redirectTo: null });
  });
});

describe('password sign-in turned off', () => {
  it('when LOCAL_LOGIN is false, then passwords are refused with a clear code and the page offers the provider only', async () => {
    const port = await freePort();
    const closedClient = { clientId: 'mdm-console-closed', clientSecret: CLIENT.clientSecret };
    provider.configure([
      { ...CLIENT, publicUrl: base },
      { ...closedClient, publicUrl: `http://localhost:${String(port)}` },
    ]);
    const closed = await startHarness({
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${String(port)}`,
      OIDC_ISSUER_URL: proxy.url,
      OIDC_CLIENT_ID: closedClient.clientId,
      OIDC_CLIENT_SECRET: closedClient.clientSecret,
      OIDC_ROLE_MAP: JSON.stringify(DEMO_ROLE_MAP),
      LOCAL_LOGIN: 'false',
    });
    try {
      const url = closed.bff.url;
      const refused = await call(url, 'POST', '/api/session', {
        body: { email: 'admin@demo.local', password: DEMO_PASSWORD },
      });
      expect([refused.status, errorCode(refused)]).toEqual([403, 'LOCAL_LOGIN_DISABLED']);
      expect((await call(url, 'GET', '/api/sign-in-options')).json).toMatchObject({ localLogin: false });
    } finally {
      await closed.close();
    }
  });
});

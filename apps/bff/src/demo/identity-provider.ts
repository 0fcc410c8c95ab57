import { generateKeyPairSync, randomBytes, timingSafeEqual, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from '../html.ts';
import Provider, { type Adapter, type AdapterPayload, type ClientMetadata } from 'oidc-provider';

/** A person the demo provider knows; each signs in with the one demo password. */
export interface DemoPerson {
  email: string;
  name: string;
  groups: readonly string[];
}

export interface DemoClient {
  clientId: string;
  clientSecret: string;
  /** The console's URL: its callback and its sign-in page (where the provider's sign-out returns). */
  publicUrl: string;
}

export interface DemoIdentityProvider {
  issuer: string;
  /** The provider's signing key (tests sign tokens a real provider would, to prove the console refuses them). */
  signingKey: JsonWebKey;
  /** Registers the consoles that may sign in here; until then the provider answers 503. */
  configure(clients: readonly DemoClient[]): void;
  close(): Promise<void>;
}

type Entry = { payload: AdapterPayload; expiresAt: number | null };

/** The provider's state (sessions, codes, grants) in this process's memory: a demo's provider keeps nothing. */
function memoryAdapter(store: Map<string, Entry>, model: string): Adapter {
  const key = (id: string) => `${model}:${id}`;
  const live = (entry: Entry | undefined) =>
    entry && (entry.expiresAt === null || entry.expiresAt > Date.now()) ? entry.payload : undefined;
  const find = (predicate: (payload: AdapterPayload) => boolean) => {
    for (const [name, entry] of store) if (name.startsWith(`${model}:`) && predicate(entry.payload)) return live(entry);
    return undefined;
  };
  return {
    upsert: (id, payload, expiresIn) => {
      store.set(key(id), { payload, expiresAt: expiresIn === undefined ? null : Date.now() + expiresIn * 1000 });
      return Promise.resolve();
    },
    find: (id) => Promise.resolve(live(store.get(key(id)))),
    findByUserCode: (userCode) => Promise.resolve(find((payload) => payload.userCode === userCode)),
    findByUid: (uid) => Promise.resolve(find((payload) => payload.uid === uid)),
    consume: (id) => {
      const entry = store.get(key(id));
      if (entry) entry.payload = { ...entry.payload, consumed: Math.floor(Date.now() / 1000) };
      return Promise.resolve();
    },
    destroy: (id) => {
      store.delete(key(id));
      return Promise.resolve();
    },
    revokeByGrantId: (grantId) => {
      for (const [name, entry] of store) if (entry.payload.grantId === grantId) store.delete(name);
      return Promise.resolve();
    },
  };
}

/** The provider's pages: plain HTML, nothing loaded from elsewhere. */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui;max-width:24rem;margin:4rem auto;padding:0 1rem}label{display:block;margin:.75rem 0}
input{display:block;width:100%;padding:.4rem;font:inherit}button{padding:.5rem 1rem;font:inherit}</style></head>
<body><main><h1>Demo identity provider</h1>${body}</main></body></html>`;
}

function loginPage(uid: string, message: string | null): string {
  return page(
    'Demo identity provider: sign in',
    `<p>Sign in to continue to mdm-console.</p>
${message === null ? '' : `<p role="alert">${escapeHtml(message)}</p>`}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>E-mail<input name="email" type="email" autocomplete="username" required autofocus></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>`,
  );
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A small OpenID provider (the `oidc-provider` package) for the demo and the tests: its own listener, its own login
 * form with the demo people, a `groups` claim, PKCE required, RP-initiated logout. Not for production: the people
 * and the password are the demo's.
 */
export async function startDemoIdentityProvider(options: {
  host: string;
  port?: number;
  people: readonly DemoPerson[];
  password: string;
}): Promise<DemoIdentityProvider> {
  let provider: Provider | undefined;
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  // Read at each sign-in, so that a change of someone's groups shows at their next sign-in.
  const personOf = (email: string) => options.people.find((person) => person.email === email);

  const interaction = async (req: IncomingMessage, res: ServerResponse, oidc: Provider, path: string) => {
    const details = await oidc.interactionDetails(req, res);
    const uid = details.uid;
    if (req.method === 'POST' && path === `/interaction/${uid}/login`) {
      const form = await formOf(req);
      const email = (form.get('email') ?? '').trim().toLowerCase();
      const person = personOf(email);
      if (!person || !samePassword(form.get('password') ?? '', options.password)) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(loginPage(uid, 'The e-mail or password is not right.'));
        return;
      }
      await oidc.interactionFinished(
        req,
        res,
        { login: { accountId: person.email } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(loginPage(uid, null));
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://provider.invalid').pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!provider || !handle) {
      res.writeHead(503).end('the demo identity provider is starting');
      return;
    }
    if (path.startsWith('/interaction/')) {
      interaction(req, res, provider, path).catch(() => {
        if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain' });
        res.end('This sign-in has expired; start again from mdm-console.');
      });
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${options.host}:${String(port)}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey: JsonWebKey = { ...privateKey.export({ format: 'jwk' }), kid: 'demo-1', alg: 'RS256', use: 'sig' };

  return {
    issuer,
    signingKey,
    configure(clients) {
      const metadata: ClientMetadata[] = clients.map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [`${client.publicUrl}/auth/oidc/callback`],
        post_logout_redirect_uris: [`${client.publicUrl}/sign-in`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      }));
      const state = new Map<string, Entry>();
      provider = new Provider(issuer, {
        adapter: (model: string) => memoryAdapter(state, model),
        clients: metadata,
        findAccount: (_ctx, id) => {
          const person = personOf(id);
          if (!person) return undefined;
          return {
            accountId: id,
            claims: () => ({
              sub: id,
              email: person.email,
              email_verified: true,
              name: person.name,
              groups: [...person.groups],
            }),
          };
        },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
        // The groups travel in the ID token, as Entra ID and Keycloak put them there.
        conformIdTokenClaims: false,
        features: {
          devInteractions: { enabled: false },
          rpInitiatedLogout: {
            enabled: true,
            // `form` is the provider's own form (its xsrf token included); the buttons submit it.
            logoutSource: (ctx, form) => {
              ctx.body = page(
                'Demo identity provider: sign out',
                `<p>Sign out of the demo identity provider too?</p>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`,
              );
            },
            postLogoutSuccessSource: (ctx) => {
              ctx.body = page('Demo identity provider: signed out', '<p>You are signed out.</p>');
            },
          },
        },
        renderError: (ctx, out) => {
          ctx.type = 'html';
          ctx.body = page(
            'Demo identity provider: error',
            `<p role="alert">${escapeHtml(out.error_description ?? out.error)}</p>`,
          );
        },
        interactions: { url: (_ctx, details) => `/interaction/${details.uid}` },
        pkce: { required: () => true },
        cookies: { keys: [randomBytes(32).toString('base64url')] },
        jwks: { keys: [signingKey] },
        // mdm-console is the provider's own first-party client: no consent screen.
        loadExistingGrant: async (ctx) => {
          const grantId =
            ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
          if (grantId) return ctx.oidc.provider.Grant.find(grantId);
          const accountId = ctx.oidc.session?.accountId;
          const clientId = ctx.oidc.client?.clientId;
          if (accountId === undefined || clientId === undefined) return undefined;
          const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
          grant.addOIDCScope('openid email profile');
          await grant.save();
          return grant;
        },
      });
      const callback = provider.callback();
      handle = (req, res) => {
        void callback(req, res);
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

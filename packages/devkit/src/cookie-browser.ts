/**
 * Plays a browser for HTTP-level tests and benchmarks of sign-in flows: keeps each host's cookies, follows
 * redirects one at a time, and submits forms.
 */
export class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }

  async fetch(url: string, init: { method?: string; form?: URLSearchParams } = {}): Promise<Response> {
    const host = new URL(url).host;
    const jar = this.jars.get(host) ?? new Map<string, string>();
    this.jars.set(host, jar);
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: init.form.toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url` until an answer is not a redirect or the next URL satisfies `stopAt`. */
  async follow(url: string, stopAt: (next: string) => boolean): Promise<{ response: Response; url: string }> {
    let current = url;
    for (let hops = 0; hops < 20; hops += 1) {
      const response = await this.fetch(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { response, url: current };
      const next = new URL(location, current).toString();
      if (stopAt(next)) return { response, url: next };
      current = next;
    }
    throw new Error('too many redirects');
  }
}

/**
 * From the console's "Sign in with…" link through the provider's login form (the demo provider's: e-mail and
 * password) to the provider's redirect back, not yet followed: answers the URL the console was sent to first and the
 * callback URL.
 */
export async function throughProvider(
  browser: CookieBrowser,
  consoleUrl: string,
  person: { email: string; password: string },
  returnTo = '/devices',
): Promise<{ authorizeUrl: string; callbackUrl: string }> {
  const isCallback = (url: string): boolean => url.startsWith(`${consoleUrl}/auth/oidc/callback`);
  const start = await browser.fetch(`${consoleUrl}/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
  const authorizeUrl = start.headers.get('location') ?? '';
  if (start.status !== 303 || authorizeUrl === '') throw new Error(`sign-in did not start: ${String(start.status)}`);
  const form = await browser.follow(authorizeUrl, isCallback);
  if (isCallback(form.url)) return { authorizeUrl, callbackUrl: form.url };
  const action = /action="([^"]+)"/.exec(await form.response.text())?.[1];
  if (action === undefined) throw new Error('the provider showed no sign-in form');
  const posted = await browser.fetch(new URL(action, form.url).toString(), {
    method: 'POST',
    form: new URLSearchParams({ email: person.email, password: person.password }),
  });
  const next = new URL(posted.headers.get('location') ?? '', form.url).toString();
  const back = isCallback(next) ? { url: next } : await browser.follow(next, isCallback);
  if (!isCallback(back.url)) throw new Error(`the provider did not send the browser back: ${back.url}`);
  return { authorizeUrl, callbackUrl: back.url };
}

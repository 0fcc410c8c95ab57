import { defaultParseSearch, defaultStringifySearch } from '@tanstack/react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSession } from '../src/features/auth/api/get-session.ts';
import { requestSessionEarly } from '../src/features/auth/api/session-early.ts';
import { signIn } from '../src/features/auth/api/sign-in.ts';
import { firstSearchUrl, requestFirstSearchEarly } from '../src/features/devices/api/first-search.ts';
import { filtersOf, searchDevices } from '../src/features/devices/api/search-devices.ts';
import { devicesSearchSchema } from '../src/features/devices/search-params.ts';
import { ApiError } from '../src/lib/api-client.ts';

const EMPTY_PAGE = { total: 0, unfilteredTotal: 0, rows: [], facets: {}, nextCursor: null };
const SIGNED_OUT = { error: { code: 'UNAUTHENTICATED', message: 'Sign in.', requestId: 'r' } };

/** What the browser was asked to fetch, in order. */
let fetched: string[];

beforeEach(() => {
  fetched = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      fetched.push(url);
      const signedOut = url === '/api/session';
      return Promise.resolve(
        new Response(JSON.stringify(signedOut ? SIGNED_OUT : EMPTY_PAGE), {
          status: signedOut ? 401 : 200,
          headers: { 'content-type': 'application/json' },
        }),
      );
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** The devices page's first search for an address, the way the app makes it once its code has loaded. */
const searchAsTheAppDoes = (search: string) =>
  searchDevices(filtersOf(devicesSearchSchema.parse(defaultParseSearch(search))), {});

const VIEWS: Record<string, unknown>[] = [
  {},
  { q: 'ipad' },
  { q: '123' },
  { f: ['platform:IOS', 'compliance:false'], sort: 'deviceName', order: 'asc' },
  { checkin: '30d', registered: 'older90d', q: 'anna smith', cols: 'serialNumber,deviceName', device: 4, tab: 'owner' },
  { fq: 'platformType:"IOS" AND supervised:true', f: ['model:iPhone 15: Pro'] },
];

describe("the page's first requests, started before the app's code", () => {
  it.each(VIEWS)(
    'when the address is a devices view (%o), then the app takes the early search instead of asking again',
    async (view) => {
      const search = defaultStringifySearch(view);
      void requestFirstSearchEarly(search);
      expect(fetched).toHaveLength(1);
      await expect(searchAsTheAppDoes(search)).resolves.toEqual(EMPTY_PAGE);
      expect(fetched).toHaveLength(1);
    },
  );

  it('when a value is not plainly well formed, then no early search is made, and the app asks as before', async () => {
    for (const search of ['?f=platform', '?order=sideways', '?q=%7B%22a%22%3A1%7D']) {
      fetched = [];
      expect(firstSearchUrl(search)).toBeNull();
      void requestFirstSearchEarly(search);
      expect(fetched).toHaveLength(0);
      await searchAsTheAppDoes(search);
      expect(fetched).toHaveLength(1);
    }
  });

  it('when the session answered 401 early, then the app sees the 401 (and goes to sign-in)', async () => {
    void requestSessionEarly();
    const error: unknown = await getSession().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error instanceof ApiError && error.status).toBe(401);
    expect(fetched).toEqual(['/api/session']);
  });

  it('when the app has sent anything but a GET (a sign-in), then early answers are stale and the network is asked', async () => {
    void requestFirstSearchEarly('');
    await signIn({ email: 'viewer@demo.local', password: 'x' }).catch(() => undefined);
    await searchAsTheAppDoes('');
    expect(fetched).toEqual([
      '/api/devices?sort=lastCheckin&order=desc&size=150',
      '/api/session',
      expect.stringMatching(/^\/api\/devices\?/),
    ]);
  });

  it('when an early answer was taken once, or is older than 10 s, then the app asks the network', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    void requestFirstSearchEarly('');
    await searchAsTheAppDoes('');
    await searchAsTheAppDoes('');
    expect(fetched).toHaveLength(2);

    void requestFirstSearchEarly('');
    vi.advanceTimersByTime(10_001);
    await searchAsTheAppDoes('');
    expect(fetched).toHaveLength(4);
  });
});

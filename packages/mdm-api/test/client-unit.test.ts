import { describe, expect, it } from 'vitest';
import {
  callTemplate,
  deviceSearchResponseSchema,
  type DeviceSearchResult,
  MdmClient,
  RequestLimiter,
  VendorApiError,
  type VendorAttempt,
} from '../src/index.ts';

const EMPTY_PAGE = { errors: null, result: { totalCount: 0, searchResults: [], offset: 0, limit: 50 } };

/** A scripted vendor: answers in order, records what was asked. */
function scripted(answers: (() => Response | Promise<Response>)[]) {
  const requests: Request[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request);
    const answer = answers.shift();
    if (!answer) throw new Error('no more scripted answers');
    return answer();
  };
  return { requests, fetchFn };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const client = (fetchFn: typeof fetch, extra: Partial<ConstructorParameters<typeof MdmClient>[0]> = {}) =>
  new MdmClient({
    baseUrl: 'http://vendor.test',
    username: 'api',
    password: 's3cret',
    fetch: fetchFn,
    retryLimit: 2,
    ...extra,
  });

describe('the vendor client, against a scripted vendor', () => {
  it('when a GET is throttled with Retry-After, then it waits and retries, sending the Basic credential each time', async () => {
    const vendor = scripted([
      () => json(429, { errors: { globalErrors: [{ code: 'RateLimited' }] }, result: null }, { 'retry-after': '1' }),
      () => json(200, EMPTY_PAGE),
    ]);
    const began = Date.now();
    await client(vendor.fetchFn).searchDevices({ fq: ["platformType EQ 'IOS'"] });
    expect(Date.now() - began).toBeGreaterThanOrEqual(900);
    expect(vendor.requests).toHaveLength(2);
    for (const request of vendor.requests)
      expect(request.headers.get('authorization')).toBe(`Basic ${Buffer.from('api:s3cret').toString('base64')}`);
    expect(new URL(vendor.requests[0]?.url ?? '').searchParams.getAll('fq')).toEqual(["platformType EQ 'IOS'"]);
  });

  it('when an action answers 503, then it is not retried and the failure is marked ambiguous', async () => {
    const vendor = scripted([() => json(503, { errors: { globalErrors: [{ code: 'Unavailable' }] }, result: null })]);
    const failure = await client(vendor.fetchFn)
      .performAction('lock', [1, 2])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VendorApiError);
    expect(failure).toMatchObject({ kind: 'server', status: 503, ambiguous: true });
    expect(vendor.requests).toHaveLength(1);
    expect(await vendor.requests[0]?.text()).toBe('ids=1&ids=2');
  });

  it('when the vendor answers 400, then the field errors are kept and nothing is ambiguous', async () => {
    const vendor = scripted([
      () =>
        json(400, {
          errors: {
            globalErrors: null,
            fieldErrors: [{ code: 'Range', message: 'must be between 1 and 500', field: 'rows' }],
          },
          result: null,
        }),
    ]);
    await expect(client(vendor.fetchFn).searchDevices({ rows: 501 })).rejects.toMatchObject({
      kind: 'bad-request',
      ambiguous: false,
      fieldErrors: [{ field: 'rows', code: 'Range' }],
    });
  });

  it('when a success body is not JSON or not the documented shape, then the failure is "malformed"', async () => {
    // A read is tried again (the client's retryLimit of 2 here), a write never.
    const cutShort = () => new Response('{"errors":null,"res', { status: 200 });
    const truncated = scripted([cutShort, cutShort, cutShort]);
    await expect(client(truncated.fetchFn).getDevice(1)).rejects.toMatchObject({ kind: 'malformed', ambiguous: false });
    expect(truncated.requests).toHaveLength(3);
    const healed = scripted([cutShort, () => json(200, { errors: null, result: { id: 1 } })]);
    await expect(client(healed.fetchFn).getDevice(1)).resolves.toMatchObject({ id: 1 });
    const wrong = scripted([() => json(200, { errors: null, result: { nothing: true } })]);
    await expect(client(wrong.fetchFn).performAction('wipe', [1])).rejects.toMatchObject({
      kind: 'malformed',
      ambiguous: true,
    });
    expect(wrong.requests).toHaveLength(1);
  });

  it('when the vendor does not answer in time, then a timeout error comes back', async () => {
    const vendor = scripted([() => new Promise<Response>(() => undefined)]);
    await expect(client(vendor.fetchFn, { timeoutMs: 100, retryLimit: 0 }).getSpaces()).rejects.toMatchObject({
      kind: 'timeout',
    });
  });

  it('when the credential is refused, then "unauthorized" without retry', async () => {
    const vendor = scripted([() => json(401, { errors: { globalErrors: [{ code: 'Unauthorized' }] }, result: null })]);
    await expect(client(vendor.fetchFn).getSpaces()).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(vendor.requests).toHaveLength(1);
  });
});

describe('observing requests', () => {
  it('when a read is retried and a network call fails, then each attempt is told with its call template and status', async () => {
    const attempts: VendorAttempt[] = [];
    const vendor = scripted([
      () => json(500, { errors: { globalErrors: [{ code: 'InternalError' }] }, result: null }),
      () => json(200, { errors: null, result: { id: 22001, guid: null } }),
      () => Promise.reject(new TypeError('fetch failed')),
    ]);
    const observed = client(vendor.fetchFn, { onAttempt: (attempt) => attempts.push(attempt) });
    await observed.getDevice(22001).catch(() => undefined);
    await observed.performAction('lock', [1]).catch(() => undefined);
    expect(attempts.map(({ call, status }) => ({ call, status }))).toEqual([
      { call: 'GET /api/v1/device/:id', status: 500 },
      { call: 'GET /api/v1/device/:id', status: 200 },
      { call: 'PUT /api/v1/device/lock', status: 'network' },
    ]);
    expect(attempts.every((attempt) => attempt.seconds >= 0)).toBe(true);
  });

  it('when a path names one object, then its template hides it (ids, GUIDs, e-mails) and keeps the rest', () => {
    expect(callTemplate('GET', 'https://t.example/api/v1/device/22001/configs?x=1')).toBe(
      'GET /api/v1/device/:id/configs',
    );
    expect(callTemplate('GET', 'https://t.example/api/v1/device/0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(
      'GET /api/v1/device/:id',
    );
    expect(callTemplate('GET', 'https://t.example/api/v2/users/ann%40example.com')).toBe('GET /api/v2/users/:id');
    expect(callTemplate('POST', 'https://t.example/api/v1/device/wipe')).toBe('POST /api/v1/device/wipe');
  });
});

describe('state changes', () => {
  it('when a state-changing call ends, succeeded or failed, then onStateChange is told; a read never tells it', async () => {
    let told = 0;
    const vendor = scripted([
      () => json(200, EMPTY_PAGE),
      () => json(200, { errors: null, result: 1 }),
      () => json(500, { errors: { globalErrors: [] }, result: null }),
    ]);
    const api = client(vendor.fetchFn, {
      onStateChange: () => {
        told += 1;
      },
    });
    await api.searchDevices({});
    expect(told).toBe(0);
    await api.performAction('lock', [1]);
    expect(told).toBe(1);
    await expect(api.performAction('lock', [1])).rejects.toMatchObject({ kind: 'server', ambiguous: true });
    expect(told).toBe(2);
  });
});

describe('the request limiter', () => {
  it('when more tasks arrive than may run, then no more than maxInFlight run at once', async () => {
    const limiter = new RequestLimiter({ maxInFlight: 3, maxPerSecond: 1000 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('when more tasks arrive than the per-second budget, then the rest wait for the next second', async () => {
    const limiter = new RequestLimiter({ maxInFlight: 100, maxPerSecond: 5 });
    const began = Date.now();
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, () => limiter.run(() => Promise.resolve(starts.push(Date.now() - began)))),
    );
    expect(starts.filter((at) => at < 500)).toHaveLength(5);
    expect(Math.max(...starts)).toBeGreaterThanOrEqual(900);
  });
});

describe('reading device searches', () => {
  it('when a search page is read hit by hit, then it answers what the page parsed whole gives', async () => {
    const page = {
      errors: null,
      result: {
        totalCount: 2,
        searchResults: [
          { id: 1, deviceName: 'Téléphone de José', extra: { nested: [{ a: 1 }, { b: 2 }] } },
          { id: 2, deviceName: 'Phone "2" \\ },{"id":3}', unknownField: 'x' },
        ],
      },
    };
    const vendor = scripted([() => json(200, page)]);
    const answer = await client(vendor.fetchFn).searchDevices({});
    expect(answer).toEqual(deviceSearchResponseSchema.parse(page).result);
    expect(answer.searchResults.map((hit) => hit.deviceName)).toEqual(['Téléphone de José', 'Phone "2" \\ },{"id":3}']);
  });

  it('when a walk has several pages, then each page after the second is asked for before the caller takes the one before it', async () => {
    const vendor = scripted([
      () => json(200, devicePage([1, 2], 5)),
      () => json(200, devicePage([3, 4], 5)),
      () => json(200, devicePage([5], 5)),
    ]);
    const walk = client(vendor.fetchFn).walkDevices({ rows: 2 });
    expect(await idsOfNext(walk)).toEqual([1, 2]);
    expect(await idsOfNext(walk)).toEqual([3, 4]);
    // The third page was asked for from the second's last hit before the caller asked for it.
    expect(vendor.requests.map(cursorOf)).toEqual([null, '2', '4']);
    expect(await idsOfNext(walk)).toEqual([5]);
    expect((await walk.next()).done).toBe(true);
    expect(vendor.requests).toHaveLength(3);
  });

  it('when the caller stops a walk, then no page is asked for after the one already running ahead', async () => {
    const vendor = scripted([
      () => json(200, devicePage([1, 2], 9)),
      () => json(200, devicePage([3, 4], 9)),
      () => json(200, devicePage([5, 6], 9)),
      () => json(200, devicePage([7, 8], 9)),
    ]);
    const walk = client(vendor.fetchFn).walkDevices({ rows: 2 });
    await walk.next();
    await walk.next();
    await walk.return(undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(vendor.requests.map(cursorOf)).toEqual([null, '2', '4']);
  });

  it('when the last hit read ahead is not the page’s last, then the page asked for early is dropped and the right one asked', async () => {
    // An answer with another list of objects after its hits: read from the end, that list's last object looks like the
    // last hit.
    const second = devicePage([3, 4], 5);
    const odd = { ...second, result: { ...second.result, trailing: [{ id: 99 }] } };
    const vendor = scripted([
      () => json(200, devicePage([1, 2], 5)),
      () => json(200, odd),
      () => json(200, devicePage([100, 101], 5)),
      () => json(200, devicePage([5], 5)),
    ]);
    const ids: number[] = [];
    for await (const page of client(vendor.fetchFn).walkDevices({ rows: 2 })) ids.push(...idsOf(page));
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(vendor.requests.map(cursorOf)).toEqual([null, '2', '99', '4']);
  });
});

function devicePage(ids: number[], total: number) {
  return {
    errors: null,
    result: { totalCount: total, searchResults: ids.map((id) => ({ id, deviceName: `Phone ${String(id)}` })) },
  };
}

const idsOf = (page: DeviceSearchResult): number[] => page.searchResults.map((d) => d.id);

async function idsOfNext(walk: AsyncGenerator<DeviceSearchResult, unknown>): Promise<number[]> {
  const next = await walk.next();
  return next.done === true ? [] : idsOf(next.value);
}

const cursorOf = (request: Request): string | null => new URL(request.url).searchParams.get('searchAfterValues');

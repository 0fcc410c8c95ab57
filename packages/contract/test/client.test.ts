import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, urlOf } from '../src/index.ts';

/** A fetch that answers `body` with `status` and records what it was asked. */
function answering(status: number, body: unknown) {
  const asked: { url: string; init: RequestInit | undefined }[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    asked.push({ url: input instanceof Request ? input.url : input.toString(), init });
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return { asked, fetchFn };
}

describe('the typed API client', () => {
  it('when a call has path parameters and a query, then both come from the endpoint table, encoded', () => {
    expect(urlOf('listJobItems', { params: { id: 'a b' }, query: { outcome: 'failed', after: 7 } })).toBe(
      '/api/jobs/a%20b/items?outcome=failed&after=7',
    );
    expect(urlOf('searchDevices', { query: { f: ['platform:IOS', 'supervised:true'], q: '', fq: undefined } })).toBe(
      '/api/devices?f=platform%3AIOS&f=supervised%3Atrue',
    );
  });

  it('when the BFF answers, then the answer is parsed by the endpoint’s schema and sent with X-CSRF', async () => {
    const server = answering(200, { spaceId: 4 });
    const api = createApiClient({ baseUrl: 'http://bff.test', fetch: server.fetchFn, headers: { cookie: 'c=1' } });
    await expect(api.chooseSpace({ body: { spaceId: 4 } })).resolves.toEqual({ spaceId: 4 });
    expect(server.asked[0]?.url).toBe('http://bff.test/api/me/space');
    expect(server.asked[0]?.init).toMatchObject({
      method: 'PUT',
      body: '{"spaceId":4}',
      headers: { 'X-CSRF': '1', 'Content-Type': 'application/json', cookie: 'c=1' },
    });
  });

  it('when the BFF refuses, then an ApiError carries its code; an answer off the contract is refused too', async () => {
    const refused = answering(409, { error: { code: 'NOT_CANCELLABLE', message: 'Too late.' } });
    const error = await createApiClient({ fetch: refused.fetchFn })
      .cancelJob({ params: { id: 'x' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'NOT_CANCELLABLE', message: 'Too late.' });
    const odd = answering(200, { spaceId: 'four' });
    await expect(createApiClient({ fetch: odd.fetchFn }).chooseSpace({ body: { spaceId: 4 } })).rejects.toMatchObject({
      code: 'UNEXPECTED_ANSWER',
    });
  });
});

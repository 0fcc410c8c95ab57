import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerTailOf, lastHitOf, parseSearchAnswer, readHitByHit } from '../src/client/search-answer.ts';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const same = (hit: unknown): unknown => hit;
const parsed = (text: string): unknown => JSON.parse(text);

/** Reads an answer as the walk does, and says whether it could be read hit by hit (rather than whole). */
function read(text: string): { value: unknown; hitByHit: boolean } {
  const bytes = bytesOf(text);
  const tail = answerTailOf(bytes);
  return {
    value: parseSearchAnswer(bytes, tail, same),
    hitByHit: tail !== undefined && readHitByHit(bytes, tail, same) !== undefined,
  };
}

const page = (hits: unknown[], extra: Record<string, unknown> = {}) => ({
  errors: null,
  result: { totalCount: hits.length, searchResults: hits, offset: 0, limit: 500, ...extra },
});

const hit = (id: number, fields: Record<string, unknown> = {}) => ({
  id,
  deviceName: `Phone ${String(id)}`,
  ...fields,
});

describe('reading a search answer hit by hit', () => {
  it('when a compact page comes, then each hit is read alone and the value equals JSON.parse of it', () => {
    const text = JSON.stringify(page([hit(1), hit(2), hit(3)], { facetedResults: { platform: { IOS: 2 } } }));
    const hitsRead: unknown[] = [];
    const bytes = bytesOf(text);
    const value = parseSearchAnswer(bytes, answerTailOf(bytes), (h) => {
      hitsRead.push(h);
      return h;
    });
    expect(value).toEqual(parsed(text));
    expect(hitsRead).toEqual([hit(1), hit(2), hit(3)]);
  });

  it('when hits are mapped, then the page holds what the mapping gave, whether read alone or whole', () => {
    for (const text of [JSON.stringify(page([hit(1), hit(2)])), JSON.stringify(page([hit(1), hit(2)]), null, 2)]) {
      const bytes = bytesOf(text);
      expect(parseSearchAnswer(bytes, answerTailOf(bytes), () => 'mapped')).toEqual(page(['mapped', 'mapped']));
    }
  });

  it('when a hit holds nested lists of objects with the same first key, then the false cuts are passed over', () => {
    const nested = hit(2, {
      violatedPolicies: [
        { id: 7, name: 'a' },
        { id: 8, name: 'b' },
      ],
      tail: '},{"id":',
    });
    const text = JSON.stringify(page([hit(1), nested, hit(3)]));
    expect(read(text)).toEqual({ value: parsed(text), hitByHit: true });
  });

  it('when strings hold brackets, quotes and backslashes, then the value equals JSON.parse', () => {
    const odd = ['}]}', '"},{"id":9}', '\\', '\\"', 'x\\\\', '{"result":{"searchResults":[', '☃ é 😀'];
    const text = JSON.stringify(page(odd.map((deviceName, k) => hit(k, { deviceName }))));
    expect(read(text)).toEqual({ value: parsed(text), hitByHit: true });
  });

  it('when the page is pretty-printed, has a byte-order mark, or hits begin with different keys, then it is parsed whole, the same', () => {
    const hits = [hit(1), hit(2)];
    const reordered = [hit(1), { deviceName: 'first', id: 2 }];
    for (const text of [
      JSON.stringify(page(hits), null, 2),
      `\uFEFF${JSON.stringify(page(hits))}`,
      JSON.stringify(page(reordered)),
    ]) {
      expect(read(text)).toEqual({ value: parsed(text.replace(/^\uFEFF/, '')), hitByHit: false });
    }
  });

  it('when the answer has a second "searchResults" key, then it is parsed whole, as JSON.parse takes it', () => {
    const text = `{"errors":null,"result":{"searchResults":[{"id":1}],"totalCount":1,"searchResults":[{"id":2}]}}`;
    expect(read(text)).toEqual({ value: parsed(text), hitByHit: false });
    const nestedFirst = `{"errors":{"x":{"searchResults":[{"id":5}]}},"result":{"totalCount":1,"searchResults":[{"id":1}]}}`;
    expect(read(nestedFirst)).toEqual({ value: parsed(nestedFirst), hitByHit: false });
  });

  it('when the page has no hits, or is not JSON, then it is read as JSON.parse reads it', () => {
    const empty = JSON.stringify(page([]));
    expect(answerTailOf(bytesOf(empty))).toBeUndefined();
    expect(read(empty).value).toEqual(parsed(empty));
    expect(() => parseSearchAnswer(bytesOf('<html>busy</html>'), undefined)).toThrow(SyntaxError);
    const cut = JSON.stringify(page([hit(1), hit(2)])).slice(0, -3);
    expect(() => parseSearchAnswer(bytesOf(cut), answerTailOf(bytesOf(cut)))).toThrow(SyntaxError);
  });

  it('when the last hit is read from the end, then it is the page’s last hit, facets after it or not', () => {
    const last = hit(3, { deviceName: 'a 5" screen }], {"id":', lastCheckin: 1700000000000 });
    for (const extra of [{}, { facetedResults: { platform: { IOS: 1 } }, totalUnfilteredResultCount: 9 }]) {
      const bytes = bytesOf(JSON.stringify(page([hit(1), last], extra)));
      const tail = answerTailOf(bytes);
      expect(tail && lastHitOf(bytes, tail)).toEqual(last);
    }
  });

  it('when any page of hits with any strings is read, then it equals JSON.parse of it (property)', () => {
    let readHitByHitCount = 0;
    const value = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.boolean(), fc.constant(null));
    const hitArb = fc.record({
      id: fc.integer(),
      deviceName: fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', 'a', 'é', '😀') }),
      attrs: fc.dictionary(fc.string(), fc.array(value)),
      list: fc.array(fc.record({ id: fc.integer(), v: value })),
    });
    fc.assert(
      fc.property(
        fc.array(hitArb, { minLength: 1, maxLength: 8 }),
        fc.dictionary(fc.string(), value),
        (hits, extra) => {
          const text = JSON.stringify(page(hits, extra));
          const answer = read(text);
          expect(answer.value).toEqual(parsed(text));
          readHitByHitCount += answer.hitByHit ? 1 : 0;
        },
      ),
      { numRuns: 300 },
    );
    // Most generated pages take the fast path (those whose extra keys hold "searchResults" do not).
    expect(readHitByHitCount).toBeGreaterThan(200);
  });
});

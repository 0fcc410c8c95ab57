import { finished } from 'node:stream/promises';
import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import { utf8Text } from './utf8-text.ts';

// Statuses whose answer has no body: a Response refuses one.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** The chunks as one buffer (the only chunk itself, without a copy). */
const joined = (chunks: readonly Buffer[]): Buffer => (chunks.length === 1 && chunks[0]) || Buffer.concat(chunks);

/**
 * A Response whose body was read whole when it arrived: ky and the transport read it without a stream. A WHATWG
 * Response copies the bytes it is given into a stream that `text()` then decodes again: on a page of 100 devices
 * (~300 KB) those two copies cost more CPU than parsing the JSON. `body` is null; the reading methods serve the bytes
 * as they came, decoded only when text is asked for (a reader of a large answer may decode it in parts).
 */
export class ReadResponse extends Response {
  readonly #chunks: readonly Buffer[];

  constructor(chunks: readonly Buffer[], init: ResponseInit) {
    super(null, init);
    this.#chunks = chunks;
  }

  // Own properties rather than methods: the DOM types declare the reading methods of a Response as properties.
  override text = (): Promise<string> => Promise.resolve().then(() => utf8Text(joined(this.#chunks)));

  override json = (): Promise<unknown> => this.text().then((text) => JSON.parse(text) as unknown);

  override bytes = (): Promise<Uint8Array<ArrayBuffer>> =>
    Promise.resolve().then(() => {
      const bytes = joined(this.#chunks);
      // A view of the same memory where its type allows (it does for every buffer Node makes), a copy otherwise.
      return bytes.buffer instanceof ArrayBuffer
        ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : new Uint8Array(bytes);
    });

  override arrayBuffer = (): Promise<ArrayBuffer> => this.bytes().then((bytes) => bytes.slice().buffer);

  override blob = (): Promise<Blob> =>
    this.bytes().then((bytes) => new Blob([bytes], { type: this.headers.get('content-type') ?? '' }));

  override clone = (): ReadResponse =>
    new ReadResponse(this.#chunks, { status: this.status, statusText: this.statusText, headers: this.headers });
}

/** Every chunk of an answer's body, as undici gives them. */
async function chunksOf(body: Dispatcher.ResponseData['body']): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  body.on('data', (chunk: Buffer) => chunks.push(chunk));
  await finished(body);
  return chunks;
}

/**
 * A `fetch` for ky over undici's `request`, with the whole body read before it answers. The global fetch passes every
 * body chunk through WHATWG streams: on a page of 100 devices (~300 KB) that cost about a millisecond of CPU per call.
 * Failures are thrown as the global fetch throws them (a TypeError "fetch failed" whose cause carries the socket's
 * code), so ky and the transport tell network errors, refusals and timeouts apart the same way.
 */
export function undiciFetch(dispatcher: Agent = new Agent({ keepAliveTimeout: 10_000 })): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    try {
      const answer = await undiciRequest(request.url, {
        dispatcher,
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body,
        signal: request.signal,
      });
      const init = { status: answer.statusCode, headers: headersOf(answer.headers) };
      if (NULL_BODY_STATUSES.has(answer.statusCode)) {
        await answer.body.dump();
        return new Response(null, init);
      }
      return new ReadResponse(await chunksOf(answer.body), init);
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      throw new TypeError('fetch failed', { cause: error });
    }
  };
}

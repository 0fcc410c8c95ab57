import { Buffer } from 'node:buffer';

/** The text of UTF-8 bytes, a byte-order mark skipped, as `Response.text()` reads a body. */
export function utf8Text(bytes: Uint8Array): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start);
}

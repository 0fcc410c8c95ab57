import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signature's time may be from the receiver's clock before it is taken for a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, seconds: number, body: string): string =>
  createHmac('sha256', secret)
    .update(`${String(seconds)}.${body}`)
    .digest('hex');

/** The signature header of `body` sent at `seconds` (Unix time): `t=<seconds>,v1=<hex HMAC-SHA256>`. */
export function signatureHeader(secret: string, body: string, seconds: number): string {
  return `t=${String(seconds)},v1=${hmac(secret, seconds, body)}`;
}

/**
 * What a receiver checks (the README shows the same in a few lines): the HMAC of "<t>.<body>" matches, compared in
 * constant time, and t is within the tolerance of its own clock.
 */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const [key = '', value = ''] = part.split('=', 2);
      return [key.trim(), value.trim()];
    }),
  );
  const seconds = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  if (!Number.isInteger(seconds) || Math.abs(nowSeconds - seconds) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(hmac(secret, seconds, body), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

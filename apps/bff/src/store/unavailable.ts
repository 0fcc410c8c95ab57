/** PostgreSQL SQLSTATEs of a server that is gone or not accepting work: shutdown, starting, connection lost, full. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
/** Socket failures on the way to the database. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

function codeOf(error: object): string | undefined {
  return 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Whether `error` means that the database cannot be reached for now (rather than that a query is wrong): such a
 * request is answered 503 and may be retried; the pool reconnects on its own.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; depth < 5; depth += 1) {
    if (typeof current !== 'object' || current === null) return false;
    const code = codeOf(current);
    if (code !== undefined && (UNAVAILABLE_STATES.has(code) || NETWORK_CODES.has(code))) return true;
    // node:sqlite: another connection holds the file past the busy timeout (SQLITE_BUSY 5, SQLITE_LOCKED 6).
    if ('errcode' in current && (current.errcode === 5 || current.errcode === 6)) return true;
    // node-postgres reports a connection that ended under a query with this message and no code.
    if (current instanceof Error && /^Connection terminated/.test(current.message)) return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}

/**
 * What every call of the console to its BFF sends: the header the BFF requires of its API's callers. A module of its
 * own, without dependencies, so that the page's inline first script (apps/web/src/app/first-requests.ts) can send it
 * without the rest of the contract.
 */
export const CSRF_HEADER = { 'X-CSRF': '1' } as const;

/** What a call answered in JSON sends. */
export const JSON_CALL_HEADERS = { ...CSRF_HEADER, Accept: 'application/json' } as const;

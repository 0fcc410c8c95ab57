/** What a receiver answered: its HTTP status (redirects are not followed: a 3xx is not a delivery). */
export interface ReceiverAnswer {
  status: number;
}

/** Posts one webhook request; throws when no answer came (refused, reset, timed out). */
export type PostWebhook = (
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
) => Promise<ReceiverAnswer>;

/** Posts with Node's fetch (http and https), waiting at most `timeoutMs` for the answer. */
export function fetchPoster(timeoutMs: number): PostWebhook {
  return async (url, body, headers) => {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'mdm-console-webhooks', ...headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body is not used; reading it frees the connection for the next delivery.
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  };
}

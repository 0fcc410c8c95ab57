import pg from 'pg';

/**
 * A connection of the process's own that LISTENs on the store's channels (PostgreSQL) once something subscribes, and
 * reconnects when lost.
 * Whenever messages may have been missed (before listening, after a loss), `onReset` handlers run and `live` is false.
 */
export interface StoreListener {
  readonly live: boolean;
  on(channel: string, handler: (payload: string) => void): void;
  onReset(handler: () => void): void;
  close(): Promise<void>;
}

const RECONNECT_MS = 1_000;

export function listenToStore(connectionString: string, channels: readonly string[]): StoreListener {
  const handlers = new Map<string, ((payload: string) => void)[]>();
  const resets: (() => void)[] = [];
  const reset = () => {
    for (const handler of resets) handler();
  };
  let live = false;
  let closed = false;
  let current: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = (): void => {
    const client = new pg.Client({ connectionString });
    let lost = false;
    const lose = (): void => {
      if (lost) return;
      lost = true;
      live = false;
      reset();
      client.end().catch(() => undefined);
      if (!closed) {
        retry = setTimeout(connect, RECONNECT_MS);
        retry.unref();
      }
    };
    client.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', lose);
    client.on('end', lose);
    current = client;
    client
      .connect()
      .then(() => client.query(channels.map((channel) => `LISTEN ${channel}`).join('; ')))
      .then(() => {
        // Anything may have changed while nobody listened.
        reset();
        live = !lost && !closed;
      })
      .catch(lose);
  };
  // Connected on first use: a store opened by a CLI or a test that never listens opens no extra connection.
  let started = false;
  const start = (): void => {
    if (started || closed) return;
    started = true;
    connect();
  };
  return {
    get live() {
      return live;
    },
    on: (channel, handler) => {
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
      start();
    },
    onReset: (handler) => {
      resets.push(handler);
      start();
    },
    close: async () => {
      closed = true;
      live = false;
      clearTimeout(retry);
      await current?.end().catch(() => undefined);
    },
  };
}

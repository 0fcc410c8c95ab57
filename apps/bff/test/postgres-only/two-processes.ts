import { afterAll, beforeAll } from 'vitest';
import { openStore, type Store } from '../../src/store/db.ts';
import { freshDatabase, type TestDatabase } from '../test-database.ts';

/**
 * Two stores on one fresh database, standing for two processes: opened before the file's tests, closed after.
 * `stores` is filled in place; `databaseUrl()` is known once the tests run.
 */
export function storesOfTwoProcesses(): { stores: Store[]; databaseUrl: () => string } {
  let database: TestDatabase | undefined;
  const stores: Store[] = [];
  beforeAll(async () => {
    database = await freshDatabase();
    for (let k = 0; k < 2; k += 1) stores.push(await openStore(database.url));
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await database?.drop();
  });
  return {
    stores,
    databaseUrl: () => {
      if (!database) throw new Error('the database is made before the tests run');
      return database.url;
    },
  };
}

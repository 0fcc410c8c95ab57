import { defineProject } from 'vitest/config';

/** The BFF's suites on SQLite (the default store); vitest.postgres.config.ts runs the store-backed ones on PostgreSQL. */
export default defineProject({
  test: {
    name: 'bff',
    include: ['test/**/*.test.ts'],
    // Several processes on one database, a database restarted, a move to PostgreSQL: only PostgreSQL serves them.
    exclude: ['test/postgres-only/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    provide: { postgresUrl: '' },
  },
});

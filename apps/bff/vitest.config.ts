import { defineProject } from 'vitest/config';

/** The BFF's suites on SQLite (the default store); vitest.postgres.config.ts runs the store-backed ones on PostgreSQL. */
export default defineProject({
  test: {
    name: 'bff',
    include: ['test/**/*.test.ts'],
    // A PostgreSQL server restarted under a job: only the PostgreSQL run has one.
    exclude: ['test/postgres-restart.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    provide: { postgresUrl: '' },
  },
});

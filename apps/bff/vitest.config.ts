import { defineProject } from 'vitest/config';

/** The BFF's suites on SQLite (the default store); vitest.postgres.config.ts runs the store-backed ones on PostgreSQL. */
export default defineProject({
  test: {
    name: 'bff',
    include: ['test/**/*.test.ts'],
    // Several processes on one database, and its server restarted under a job: only PostgreSQL serves them.
    exclude: [
      'test/postgres-restart.test.ts',
      'test/multi-process.test.ts',
      'test/shared-budget.test.ts',
      'test/store-copy.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    provide: { postgresUrl: '' },
  },
});

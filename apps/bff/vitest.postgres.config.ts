import { defineProject } from 'vitest/config';

/** The store, jobs and HTTP suites again, on a throwaway PostgreSQL cluster started for the run. */
export default defineProject({
  test: {
    name: 'bff-postgres',
    include: [
      'test/store.test.ts',
      'test/job-runner-unit.test.ts',
      'test/jobs.test.ts',
      'test/jobs-resilience.test.ts',
      'test/security.test.ts',
      'test/scope.test.ts',
      'test/oidc.test.ts',
      'test/views.test.ts',
      'test/imports.test.ts',
      'test/audit-search.test.ts',
      'test/upstream.test.ts',
      'test/waves.test.ts',
      'test/webhooks.test.ts',
      'test/postgres-only/**/*.test.ts',
    ],
    globalSetup: ['test/postgres-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

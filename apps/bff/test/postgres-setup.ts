import { startPostgresCluster } from '@mdm-console/devkit/postgres';
import type { TestProject } from 'vitest/node';

/** One throwaway PostgreSQL cluster for the whole PostgreSQL run of the suites; each test file makes its own database. */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.urlOf('postgres'));
  return () => {
    cluster.remove();
  };
}

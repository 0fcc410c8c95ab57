import type { ApiClient, Job, JobItem } from '@mdm-console/contract';
import { expect } from 'vitest';
import { simActions, waitForJob } from './harness.ts';

/** Settings of a BFF whose jobs start at once and go slowly enough to act on mid-way (kill, restart). */
export const SLOW_JOB_SETTINGS = {
  JOB_UNDO_SECONDS: '0',
  JOB_LEASE_SECONDS: '2',
  JOB_CHUNK_SIZE: '10',
  MDM_MAX_PER_SECOND: '40',
} as const;

/** Every item of a job, page by page. */
export async function jobItems(api: ApiClient, id: string): Promise<JobItem[]> {
  const all: JobItem[] = [];
  let after: number | null = null;
  do {
    const page = await api.listJobItems({
      params: { id },
      query: { limit: 500, ...(after === null ? {} : { after }) },
    });
    all.push(...page.items);
    after = page.nextAfter;
  } while (after !== null);
  return all;
}

/** Locks every active device of the tenant, confirmed at once. */
export async function lockAllActive(api: ApiClient, atLeast = 2000): Promise<Job> {
  const created = await api.createJob({
    body: { action: 'lock', params: {}, target: { filter: { f: ['registrationState:ACTIVE'] } } },
  });
  const draft = await waitForJob(api, created.id, ['draft']);
  expect(draft.preflight?.eligible).toBeGreaterThanOrEqual(atLeast);
  // On PostgreSQL another process's runner may have started it before the answer was read.
  expect(['scheduled', 'running']).toContain((await api.confirmJob({ params: { id: draft.id }, body: {} })).state);
  return draft;
}

/** Every frozen device has exactly one outcome, and the simulator locked none of them twice. */
export async function expectEachDeviceOnce(api: ApiClient, job: Job, simUrl: string): Promise<Job> {
  const done = await waitForJob(api, job.id, ['completed'], 120_000);
  const list = await jobItems(api, job.id);
  expect(list).toHaveLength(job.frozenCount);
  expect(list.every((item) => item.outcome !== null)).toBe(true);
  const sum = Object.entries(done.counts)
    .filter(([key]) => key !== 'pending')
    .reduce((total, [, n]) => total + n, 0);
  expect(sum).toBe(job.frozenCount);
  const locks = (await simActions(simUrl)).filter((entry) => entry.action === 'lock');
  const perDevice = new Map<number, number>();
  for (const entry of locks) perDevice.set(entry.deviceId, (perDevice.get(entry.deviceId) ?? 0) + 1);
  expect([...perDevice.values()].every((n) => n === 1)).toBe(true);
  // Succeeded devices were locked; none was locked beyond the frozen set.
  const frozen = new Set(list.map((item) => item.deviceId));
  expect([...perDevice.keys()].every((id) => frozen.has(id))).toBe(true);
  expect(perDevice.size).toBeGreaterThanOrEqual(done.counts.succeeded);
  return done;
}

/** Waits until the job has at least `count` succeeded devices (to act on it mid-way). */
export async function untilSucceeded(api: ApiClient, id: string, count: number): Promise<void> {
  for (;;) {
    if ((await api.getJob({ params: { id } })).counts.succeeded >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The first element of every query key, by what it reads from the server. Each feature's factories build their keys
 * under these roots, so that a change made in one feature (a job that ended, another space chosen) reaches the views
 * of another through its keys, without importing it.
 */
export const queryRoots = {
  session: ['session'],
  spaces: ['spaces'],
  devices: ['devices'],
  fleet: ['fleet-summary'],
  lookup: ['lookup'],
  users: ['users'],
  audit: ['audit'],
  jobs: ['jobs'],
  dep: ['dep'],
  fqCheck: ['fq-check'],
  views: ['views'],
  imports: ['imports'],
  webhooks: ['webhooks'],
} as const;

/** Views of devices: what a finished job or an edit may change. */
export const DEVICE_VIEWS = [
  queryRoots.devices,
  queryRoots.fleet,
  queryRoots.lookup,
  queryRoots.audit,
  queryRoots.views,
] as const;

/** Answers that depend on the chosen device space. */
export const SPACE_SCOPED = [
  queryRoots.devices,
  queryRoots.fleet,
  queryRoots.lookup,
  queryRoots.users,
  queryRoots.views,
] as const;

import {
  DEVICE_MESSAGE_MAX,
  LOST_MODE_FOOTNOTE_MAX,
  OS_VERSION_PATTERN,
  UNLOCK_PIN_PATTERN,
} from '@mdm-console/mdm-api/vendor-facts';
import { z } from 'zod';
import type { Permission } from './common.ts';
import { deviceSearchQuerySchema, type DeviceSearchQuery } from './devices.ts';

/**
 * Everything a job can do to devices; the names are the vendor's, plus `delete` and `message`, and the two that apply
 * an import's per-device values (`setAttributes`, `assignOwners`).
 */
export const JOB_ACTIONS = [
  'lock',
  'unlock',
  'forceCheckin',
  'message',
  'enableLostMode',
  'disableLostMode',
  'logoutUser',
  'restart',
  'scheduleOSUpdate',
  'enterKioskMode',
  'exitKioskMode',
  'wipe',
  'retire',
  'delete',
  'relinquishOwnership',
  'relinquishOwnershipCancel',
  'reassign',
  'setAttributes',
  'assignOwners',
] as const;
export const jobActionSchema = z.enum(JOB_ACTIONS);
export type JobAction = z.infer<typeof jobActionSchema>;

export interface JobActionInfo {
  label: string;
  /** What the action does, in one sentence for the confirmation. */
  effect: string;
  permission: Permission;
  /** Erases or releases devices: typed confirmation, and approval above the threshold. */
  destructive: boolean;
  /** The job follows the devices' registration state until it is final. */
  followsState: boolean;
  /** Each device gets its own values from an import: started from the import's preview, never from the menu. */
  fromImport: boolean;
}

export const JOB_ACTION_INFO: Record<JobAction, JobActionInfo> = {
  lock: {
    label: 'Lock',
    effect: 'Locks the screen; the user unlocks with their passcode.',
    permission: 'action:lock',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  unlock: {
    label: 'Unlock',
    effect: 'Clears the passcode (iOS) or resets it to the PIN you give (Android).',
    permission: 'action:unlock',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  forceCheckin: {
    label: 'Force check-in',
    effect: 'Asks the devices to check in now.',
    permission: 'action:forceCheckin',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  message: {
    label: 'Send message',
    effect: 'Sends a push notification, and optionally an email, to the users.',
    permission: 'action:message',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  enableLostMode: {
    label: 'Enable lost mode',
    effect: 'Locks supervised iOS devices and shows your message and phone number on the screen.',
    permission: 'action:lostMode',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  disableLostMode: {
    label: 'Disable lost mode',
    effect: 'Ends lost mode; the devices work normally again.',
    permission: 'action:lostMode',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  logoutUser: {
    label: 'Log out user',
    effect: 'Ends the user session on shared devices.',
    permission: 'action:logoutUser',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  restart: {
    label: 'Restart',
    effect: 'Restarts supervised iOS devices.',
    permission: 'action:restart',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  scheduleOSUpdate: {
    label: 'Schedule OS update',
    effect: 'Installs the OS version you give on supervised iOS devices.',
    permission: 'action:osUpdate',
    destructive: false,
    followsState: true,
    fromImport: false,
  },
  enterKioskMode: {
    label: 'Enter kiosk mode',
    effect: 'Puts fully managed Android devices into kiosk mode.',
    permission: 'action:kiosk',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  exitKioskMode: {
    label: 'Exit kiosk mode',
    effect: 'Takes Android devices out of kiosk mode.',
    permission: 'action:kiosk',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  wipe: {
    label: 'Wipe',
    effect: 'Erases every app and all data; the devices return to factory settings.',
    permission: 'action:wipe',
    destructive: true,
    followsState: true,
    fromImport: false,
  },
  retire: {
    label: 'Retire',
    effect: 'Removes management, company apps and data; the devices leave the console’s control.',
    permission: 'action:retire',
    destructive: true,
    followsState: true,
    fromImport: false,
  },
  delete: {
    label: 'Delete',
    effect: 'Removes retired or wiped devices from the tenant for good.',
    permission: 'action:delete',
    destructive: true,
    followsState: false,
    fromImport: false,
  },
  relinquishOwnership: {
    label: 'Relinquish ownership',
    effect: 'Turns company-owned Android devices with a work profile into personal devices.',
    permission: 'action:relinquish',
    destructive: true,
    followsState: false,
    fromImport: false,
  },
  reassign: {
    label: 'Reassign',
    effect: 'Gives the devices to another user (supervised iOS and Android Enterprise devices only).',
    permission: 'devices:edit',
    destructive: false,
    followsState: true,
    fromImport: false,
  },
  relinquishOwnershipCancel: {
    label: 'Cancel relinquish',
    effect: 'Cancels a pending relinquishment.',
    permission: 'action:relinquish',
    destructive: false,
    followsState: false,
    fromImport: false,
  },
  setAttributes: {
    label: 'Set custom attributes',
    effect: 'Sets each device’s custom attributes to the values of the imported file.',
    permission: 'devices:import',
    destructive: false,
    followsState: false,
    fromImport: true,
  },
  assignOwners: {
    label: 'Assign owners',
    effect: 'Gives each device the owner the imported file names (supervised iOS and Android Enterprise devices only).',
    permission: 'devices:import',
    destructive: false,
    followsState: true,
    fromImport: true,
  },
};

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${String(max)} characters`);

/** The parameters of each action, checked as the vendor checks them: one strict shape per group of actions. */
const actionShapes = {
  plain: {
    action: z.enum([
      'lock',
      'forceCheckin',
      'disableLostMode',
      'logoutUser',
      'restart',
      'enterKioskMode',
      'exitKioskMode',
      'retire',
      'delete',
      'relinquishOwnership',
      'relinquishOwnershipCancel',
    ]),
    params: z.strictObject({}).default({}),
  },
  unlock: {
    action: z.literal('unlock'),
    params: z.strictObject({
      /** Android: the new PIN, 6 to 8 letters and digits; empty clears the passcode (iOS). */
      pin: z.string().regex(UNLOCK_PIN_PATTERN, 'must be empty or 6 to 8 letters and digits').default(''),
    }),
  },
  message: {
    action: z.literal('message'),
    params: z
      .strictObject({
        message: text(DEVICE_MESSAGE_MAX).min(1, 'is required'),
        emailSubject: text(200).default(''),
        emailBody: text(5000).default(''),
      })
      .refine((p) => p.emailBody === '' || p.emailSubject !== '', {
        message: 'is required with an email body',
        path: ['emailSubject'],
      }),
  },
  enableLostMode: {
    action: z.literal('enableLostMode'),
    params: z.strictObject({
      message: text(DEVICE_MESSAGE_MAX).min(1, 'is required'),
      phoneNumber: text(32)
        .regex(/^[0-9+()\-. ]*$/, 'may hold only digits, spaces and + ( ) - .')
        .default(''),
      footnote: text(LOST_MODE_FOOTNOTE_MAX).default(''),
    }),
  },
  reassign: {
    action: z.literal('reassign'),
    params: z.strictObject({ userId: z.number({ error: 'choose the new owner' }).int().positive() }),
  },
  scheduleOSUpdate: {
    action: z.literal('scheduleOSUpdate'),
    params: z.strictObject({
      version: z.string().trim().regex(OS_VERSION_PATTERN, 'must be an OS version such as 17.6.1'),
    }),
  },
  imported: {
    action: z.enum(['setAttributes', 'assignOwners']),
    /** The import whose preview holds each device's values. */
    params: z.strictObject({ import: z.uuid() }),
  },
  wipe: {
    action: z.literal('wipe'),
    params: z
      .strictObject({
        iosDisallowProximitySetup: z.boolean().default(false),
        iosPreserveDataPlan: z.boolean().default(false),
        returnToServiceEnabled: z.boolean().default(false),
        wifiPolicyId: z.number().int().positive().optional(),
        message: text(DEVICE_MESSAGE_MAX).default(''),
      })
      .refine((p) => !p.returnToServiceEnabled || p.wifiPolicyId !== undefined, {
        message: 'is required to return to service',
        path: ['wifiPolicyId'],
      }),
  },
} as const;

/** An action and its parameters (the action form checks them with this before anything is sent). */
export const jobRequestSchema = z.discriminatedUnion('action', [
  z.strictObject(actionShapes.plain),
  z.strictObject(actionShapes.unlock),
  z.strictObject(actionShapes.message),
  z.strictObject(actionShapes.enableLostMode),
  z.strictObject(actionShapes.reassign),
  z.strictObject(actionShapes.scheduleOSUpdate),
  z.strictObject(actionShapes.wipe),
  z.strictObject(actionShapes.imported),
]);
export type JobRequest = z.infer<typeof jobRequestSchema>;
export type JobParams = JobRequest['params'];

/** Whether a filter narrows the space at all (text, facets, windows or an fq). */
export const filterNarrows = (filter: Pick<DeviceSearchQuery, 'q' | 'f' | 'checkin' | 'registered' | 'fq'>): boolean =>
  filter.q.trim() !== '' ||
  filter.f.length > 0 ||
  filter.checkin !== undefined ||
  filter.registered !== undefined ||
  (filter.fq ?? '').trim() !== '';

/**
 * The search that defines "all matching": the device view's filters, without paging. A filter with no criteria
 * would act on every device of the space, so it must say so with `all: true`; it is never the result of a key
 * that was not understood.
 */
export const jobFilterSchema = deviceSearchQuerySchema
  .pick({ q: true, f: true, checkin: true, registered: true, fq: true, space: true })
  .extend({
    /** Every device of the space: required when no criterion is given, refused with one. */
    all: z.literal(true).optional(),
  })
  .superRefine((filter, ctx) => {
    const narrows = filterNarrows(filter);
    if (!narrows && filter.all !== true)
      ctx.addIssue({
        code: 'custom',
        path: ['all'],
        message: 'this filter has no criteria and would take every device of the space: send all: true to mean that',
      });
    if (narrows && filter.all === true)
      ctx.addIssue({
        code: 'custom',
        path: ['all'],
        message: 'all: true takes every device of the space; it cannot go with criteria',
      });
  });
export type JobFilter = z.infer<typeof jobFilterSchema>;

export const JOB_OUTCOMES = ['succeeded', 'ineligible', 'failed', 'unknown', 'cancelled'] as const;
export const jobOutcomeSchema = z.enum(JOB_OUTCOMES);
export type JobOutcome = z.infer<typeof jobOutcomeSchema>;

/** At most this many ids in one request; larger sets are chosen by filter. */
export const MAX_JOB_IDS = 5_000;

/** The devices of an earlier job with these outcomes ("Retry failed and unknown"). */
const retryTargetSchema = z.strictObject({
  job: z.uuid(),
  outcomes: z.array(jobOutcomeSchema).min(1),
});
/** The devices an import's preview changes with this job's kind of change (its values come from the preview). */
const importTargetSchema = z.strictObject({ import: z.uuid() });

export const jobTargetSchema = z.union([
  z.strictObject({
    ids: z.array(z.number().int().positive()).min(1, 'choose at least one device').max(MAX_JOB_IDS),
  }),
  z.strictObject({ filter: jobFilterSchema }),
  retryTargetSchema,
  /** Every device of one person (their e-mail or UID) in the requester's space, resolved like a filter. */
  z.strictObject({ user: z.string().trim().min(1, 'name the person by e-mail or UID').max(254) }),
]);
export type JobTarget = z.infer<typeof jobTargetSchema> | z.infer<typeof importTargetSchema>;

/** A wave's size: a number of devices, or a share of the job's devices such as "5%" (at least one device). */
export const waveSizeSchema = z.union([
  z.number().int().min(1).max(1_000_000),
  z.string().regex(/^(100|\d{1,2}(\.\d{1,2})?)%$/, 'a share of the devices, such as "5%"'),
]);
export type WaveSize = z.infer<typeof waveSizeSchema>;

/**
 * Sending in waves: a first wave of `first` devices (sampled across platforms and models), then waves of `then`,
 * with a pause between them (until someone continues, or for some minutes). After each wave the job waits for its
 * devices' outcomes (and final state, for followed actions) and halts itself when failed + unknown exceed
 * `haltAbovePercent` of the wave.
 */
export const wavePlanSchema = z.strictObject({
  first: waveSizeSchema,
  then: waveSizeSchema,
  haltAbovePercent: z.number().min(0).max(100),
  pause: z.union([
    z.literal('manual'),
    z.strictObject({
      minutes: z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 60),
    }),
  ]),
});
export type WavePlan = z.infer<typeof wavePlanSchema>;

/** Destructive jobs that need a second admin run in waves unless the requester says otherwise: a canary first. */
export const DEFAULT_DESTRUCTIVE_WAVES = {
  firstPercent: 5,
  firstAtMost: 50,
  plan: { then: '100%', haltAbovePercent: 10, pause: 'manual' },
} as const satisfies { firstPercent: number; firstAtMost: number; plan: Omit<WavePlan, 'first'> };

/** How many devices a wave size means among `total` (a share rounds up, and is at least one device). */
export function waveDevices(size: WaveSize, total: number): number {
  const count = typeof size === 'number' ? size : Math.ceil((Number.parseFloat(size) / 100) * total);
  return Math.max(1, Math.min(total, count));
}

/** How far ahead a job may be scheduled. */
export const JOB_MAX_SCHEDULE_DAYS = 30;

/**
 * When to send: an ISO time with its offset (the browser's zone), stored in UTC. The job is frozen, checked and
 * confirmed (and approved) now, and its devices are checked again at that time. Absent: right after confirmation.
 */
const timing = {
  runAt: z.iso.datetime({ offset: true }).optional(),
  /** Send in waves; null to send all at once even where waves are the default (destructive jobs needing approval). */
  waves: wavePlanSchema.nullable().optional(),
};
const target = { target: jobTargetSchema, ...timing };
/** POST /api/jobs: the action, its parameters and the devices; one strict shape per action group. */
export const createJobBodySchema = z.discriminatedUnion('action', [
  z.strictObject({ ...actionShapes.plain, ...target }),
  z.strictObject({ ...actionShapes.unlock, ...target }),
  z.strictObject({ ...actionShapes.message, ...target }),
  z.strictObject({ ...actionShapes.enableLostMode, ...target }),
  z.strictObject({ ...actionShapes.reassign, ...target }),
  z.strictObject({ ...actionShapes.scheduleOSUpdate, ...target }),
  z.strictObject({ ...actionShapes.wipe, ...target }),
  // An import's values are per device: its jobs act on the import's devices, or retry an earlier job of it.
  z.strictObject({ ...actionShapes.imported, target: z.union([importTargetSchema, retryTargetSchema]), ...timing }),
]);
export type CreateJobBody = z.infer<typeof createJobBodySchema>;
/** What a caller sends to create a job (defaults not yet applied). */
export type CreateJobRequest = z.input<typeof createJobBodySchema>;

export const JOB_STATES = [
  /** Resolving the target and checking viability. */
  'preparing',
  /** Preflight ready; waiting for the requester's confirmation. */
  'draft',
  'awaiting_approval',
  /** Confirmed (and approved if needed); the undo window runs until `runAfter`. */
  'scheduled',
  'running',
  /** Between waves: waiting to be continued (by a person, or at `waves.pausedUntil`). */
  'paused',
  /** A wave failed beyond its threshold: nothing more is sent unless someone continues. */
  'halted',
  /** Sent; following the devices' registration state until final. */
  'following',
  'completed',
  'cancelled',
  /** Not approved within 24 h, or not confirmed in time. */
  'expired',
  /** Could not be prepared (the target could not be resolved). */
  'failed',
] as const;
export const jobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof jobStateSchema>;
export const FINAL_JOB_STATES: readonly JobState[] = ['completed', 'cancelled', 'expired', 'failed'];

export const jobCountsSchema = z.object({
  pending: z.number(),
  succeeded: z.number(),
  ineligible: z.number(),
  failed: z.number(),
  unknown: z.number(),
  cancelled: z.number(),
});
export type JobCounts = z.infer<typeof jobCountsSchema>;

export const ineligibleReasonSchema = z.object({
  code: z.string(),
  explanation: z.string(),
  count: z.number(),
});

export const jobSchema = z.object({
  id: z.string(),
  action: jobActionSchema,
  params: z.record(z.string(), z.unknown()),
  /** How the devices were chosen, for people. */
  targetDescription: z.string(),
  state: jobStateSchema,
  requestedBy: z.string(),
  approvedBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  confirmedAt: z.iso.datetime().nullable(),
  approvedAt: z.iso.datetime().nullable(),
  /** The time the job was scheduled for (UTC); null when it runs right after confirmation. */
  runAt: z.iso.datetime().nullable(),
  /** End of the undo window, or the scheduled time: nothing is sent before. */
  runAfter: z.iso.datetime().nullable(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  /** Confirmation must happen before this; approval before `approvalExpiresAt`. */
  draftExpiresAt: z.iso.datetime().nullable(),
  approvalExpiresAt: z.iso.datetime().nullable(),
  /** Devices resolved so far while preparing, then the frozen set's size. */
  resolved: z.number(),
  frozenCount: z.number(),
  preflight: z
    .object({
      eligible: z.number(),
      ineligible: z.number(),
      reasons: z.array(ineligibleReasonSchema),
    })
    .nullable(),
  needsApproval: z.boolean(),
  /** What a destructive action's confirmation must type, e.g. "wipe 1250"; null when a click suffices. */
  typedConfirmation: z.string().nullable(),
  counts: jobCountsSchema,
  /** Sending in waves: the plan, each wave's devices and counts, and where the job stands; null when all at once. */
  waves: z
    .object({
      plan: wavePlanSchema,
      /** The wave being sent or just sent (0 before the first). */
      current: z.number().int().min(0),
      /** When a timed pause ends; null when a person must continue. */
      pausedUntil: z.iso.datetime().nullable(),
      list: z.array(z.object({ wave: z.number().int().min(1), devices: z.number(), counts: jobCountsSchema })),
    })
    .nullable(),
  /** For a draft: the waves it will run in unless the requester says otherwise (destructive jobs needing approval). */
  defaultWaves: wavePlanSchema.nullable(),
  /** Devices acted on whose registration state is not final yet (wipe, retire). */
  awaitingFinalState: z.number(),
  error: z.string().nullable(),
  retryOf: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;

/** What a destructive job's confirmation must type: the action and the number of devices it will act on. */
export const typedConfirmationOf = (action: JobAction, eligible: number): string => `${action} ${String(eligible)}`;
/** Typed words match regardless of case and spacing: the count is what matters. */
export const matchesTypedConfirmation = (expected: string, typed: string): boolean => {
  const normalize = (words: string) => words.trim().replace(/\s+/g, ' ').toLowerCase();
  return normalize(typed) === normalize(expected);
};

export const confirmJobBodySchema = z.strictObject({
  typed: z.string().max(100).optional(),
  /** Confirm now and send at this time (replacing any time the job was created with). */
  ...timing,
});

export const jobListQuerySchema = z.strictObject({
  state: jobStateSchema.optional(),
  action: jobActionSchema.optional(),
  requestedBy: z.string().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Jobs created before this one (paging backwards in time; the newest-first list only). */
  before: z.uuid().optional(),
  /** `newest` created first (paged), or `soonest`: jobs scheduled for a time, the soonest first (the upcoming ones). */
  order: z.enum(['newest', 'soonest']).default('newest'),
});
export const jobListSchema = z.object({ jobs: z.array(jobSchema), nextBefore: z.string().nullable() });

/** The longest an approvals request is held open waiting for a change. */
export const APPROVALS_HOLD_SECONDS = 25;

export const waitingApprovalsQuerySchema = z.strictObject({
  /** The count the caller shows: the answer waits (up to APPROVALS_HOLD_SECONDS) until it differs. */
  known: z.coerce.number().int().min(0).optional(),
});
/** Jobs waiting for the caller's approval: in their spaces, requested by someone else. */
export const waitingApprovalsSchema = z.object({ waiting: z.number().int().min(0) });

export const jobItemSchema = z.object({
  deviceId: z.number(),
  deviceName: z.string().nullable(),
  platform: z.string().nullable(),
  owner: z.string().nullable(),
  outcome: jobOutcomeSchema.nullable(),
  /** Reason code of an ineligible device. */
  reason: z.string().nullable(),
  /** What went wrong, for failed and unknown devices. */
  error: z.string().nullable(),
  /** Wipe and retire: the last registration state seen; reassignment: its last status. */
  followedState: z.string().nullable(),
  /** The wave it is sent in (1, 2…); 0 when the job is sent all at once or has not started. */
  wave: z.number().int().min(0),
});
export type JobItem = z.infer<typeof jobItemSchema>;

export const jobItemsQuerySchema = z.strictObject({
  outcome: z.enum([...JOB_OUTCOMES, 'pending']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Items after this device id. */
  after: z.coerce.number().int().min(0).optional(),
});
export const jobItemsPageSchema = z.object({ items: z.array(jobItemSchema), nextAfter: z.number().nullable() });

/** The id path parameter of a job. */
export const jobIdSchema = z.uuid();

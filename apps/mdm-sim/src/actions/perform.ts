import { REGISTRATION_STATES, type RegistrationState, type RuledAction } from '@mdm-console/mdm-api';
import type { SearchEngine } from '../search/engine.ts';
import { OS_RELEASES, POLICY_BIT } from '../tenant/catalog.ts';
import { hash32 } from '../tenant/random.ts';
import { STREAM } from '../tenant/streams.ts';
import { ANDROID_MODE, FALSE, REASSIGNMENT, TRUE, type Tenant } from '../tenant/tenant.ts';
import type { ActionLog } from './action-log.ts';
import type { StateSteps } from './state-steps.ts';
import { exceptionCodes } from './viability.ts';

export interface ActionContext {
  tenant: Tenant;
  engine: SearchEngine;
  log: ActionLog;
  steps: StateSteps;
  now: () => number;
}

const stateCode = (state: RegistrationState): number => REGISTRATION_STATES.indexOf(state);

/** Moves each device through `states`, one step per delay, as long as nothing else moved it meanwhile. */
function progress(ctx: ActionContext, devices: readonly number[], states: readonly RegistrationState[]): void {
  const [first, ...later] = states;
  if (first === undefined) return;
  for (const i of devices) ctx.tenant.setColumn('registrationState', i, stateCode(first));
  let previous = first;
  ctx.steps.schedule(
    later.map((state) => {
      const from = previous;
      previous = state;
      return () => {
        for (const i of devices) {
          if (ctx.tenant.devices.registrationState[i] === stateCode(from))
            ctx.tenant.setColumn('registrationState', i, stateCode(state));
        }
      };
    }),
  );
}

function checkInLater(ctx: ActionContext, devices: readonly number[]): void {
  ctx.steps.schedule([
    () => {
      const now = ctx.now();
      for (const i of devices) {
        if (ctx.tenant.devices.registrationState[i] === stateCode('ACTIVE'))
          ctx.tenant.setColumn('lastCheckin', i, now);
      }
    },
  ]);
}

function updateOsLater(ctx: ActionContext, devices: readonly number[], version: string): void {
  const release = OS_RELEASES.IOS.find((r) => r.platformVersion === version);
  ctx.steps.schedule([
    () => undefined,
    () => {
      const { tenant } = ctx;
      for (const i of devices) {
        if (tenant.devices.registrationState[i] !== stateCode('ACTIVE')) continue;
        tenant.setColumn('osVersion', i, tenant.osVersions.code(version));
        tenant.setColumn(
          'osBuild',
          i,
          tenant.osBuilds.code(release?.osBuildVersion ?? `${version.replaceAll('.', '')}A`),
        );
        if (release && !release.outdated)
          tenant.setColumn('violations', i, (tenant.devices.violations[i] ?? 0) & ~(1 << POLICY_BIT.OS_VERSION));
        tenant.setColumn('lastCheckin', i, ctx.now());
      }
    },
  ]);
}

function reassignLater(ctx: ActionContext, devices: readonly number[], user: number): void {
  const { tenant } = ctx;
  for (const i of devices) {
    tenant.setColumn('reassignment', i, REASSIGNMENT.INITIATED);
    tenant.setColumn('reassignmentTarget', i, user);
  }
  ctx.steps.schedule([
    () => {
      let moved = false;
      for (const i of devices) {
        if (tenant.devices.reassignment[i] !== REASSIGNMENT.INITIATED || tenant.devices.reassignmentTarget[i] !== user)
          continue;
        // One device in twenty refuses the reassignment, the same ones for the same seed.
        const fails = hash32(tenant.seed, STREAM.reassignOutcome, i * 31 + user) % 20 === 0;
        if (fails) {
          tenant.setColumn('reassignment', i, REASSIGNMENT.FAILED);
          continue;
        }
        tenant.setColumn('owner', i, user);
        tenant.setColumn('reassignment', i, REASSIGNMENT.SUCCESS);
        moved = true;
      }
      if (moved) ctx.engine.assignPartitions();
    },
  ]);
}

function relinquishLater(ctx: ActionContext, devices: readonly number[]): void {
  const { tenant } = ctx;
  for (const i of devices) tenant.setColumn('relinquishPending', i, TRUE);
  ctx.steps.schedule([
    () => {
      for (const i of devices) {
        if (tenant.devices.relinquishPending[i] !== TRUE) continue;
        tenant.setColumn('relinquishPending', i, FALSE);
        tenant.setColumn('ownership', i, 1);
        tenant.setColumn('androidMode', i, ANDROID_MODE.WORK_PROFILE);
        tenant.setColumn('registrationState', i, stateCode('RETIRED'));
      }
    },
  ]);
}

export interface ActionParams {
  version?: string;
  accountId?: number;
  [name: string]: unknown;
}

/** The devices among `indexes` that can take the action (each once). */
export function eligibleDevices(tenant: Tenant, action: RuledAction, indexes: readonly number[]): number[] {
  return [...new Set(indexes)].filter((i) => exceptionCodes(tenant, i, action).length === 0);
}

/** Applies `action` to the eligible devices among `indexes`; returns how many it acted on. */
export function performAction(
  ctx: ActionContext,
  action: RuledAction,
  indexes: readonly number[],
  params: ActionParams,
): number {
  const { tenant } = ctx;
  const devices = eligibleDevices(tenant, action, indexes);
  if (devices.length === 0) return 0;
  switch (action) {
    case 'wipe':
      progress(ctx, devices, ['WIPE_PENDING', 'WIPE_SENT', 'WIPED']);
      break;
    case 'retire':
      progress(ctx, devices, ['RETIRE_PENDING', 'RETIRE_SENT', 'RETIRED']);
      break;
    case 'forceCheckin':
    case 'restart':
      checkInLater(ctx, devices);
      break;
    case 'scheduleOSUpdate':
      updateOsLater(ctx, devices, params.version ?? '');
      break;
    case 'enterKioskMode':
      for (const i of devices) tenant.setColumn('kiosk', i, 2);
      break;
    case 'exitKioskMode':
      for (const i of devices) tenant.setColumn('kiosk', i, 1);
      break;
    case 'enableLostMode':
      for (const i of devices) tenant.setColumn('lostMode', i, TRUE);
      break;
    case 'disableLostMode':
      for (const i of devices) tenant.setColumn('lostMode', i, FALSE);
      break;
    case 'relinquishOwnership':
      relinquishLater(ctx, devices);
      break;
    case 'relinquishOwnershipCancel':
      for (const i of devices) tenant.setColumn('relinquishPending', i, FALSE);
      break;
    case 'delete':
      for (const i of devices) tenant.setColumn('deleted', i, TRUE);
      break;
    case 'updateAccount':
      reassignLater(ctx, devices, tenant.indexOfUserId(params.accountId ?? -1));
      break;
    default:
      // lock, unlock, message, logoutUser: commands with no state the API reports.
      break;
  }
  ctx.log.record(
    action,
    devices.map((i) => tenant.deviceId(i)),
    params,
    ctx.now(),
  );
  return devices.length;
}

import {
  DEVICE_ACTIONS,
  isReassignable,
  UNDELETABLE_STATES,
  type ActionExceptionCode,
  type DeviceAction,
  type RegistrationState,
} from './vendor-facts.ts';

/**
 * The vendor's rules about which device may take which action, stated once: the simulator applies them and the
 * console predicts them where the vendor offers no viability check (delete, message, reassignment). Assumption 6 of
 * vendor-api.md; correct them here against a real tenant.
 */

/** Everything a device can be asked to take: the checked actions, plus delete, message and reassignment. */
export type RuledAction = DeviceAction | 'delete' | 'message' | 'updateAccount';

/**
 * Actions refused unless the device is ACTIVE: every checked action but retire (which has its own states) and
 * cancelling a relinquishment; messages too (the documents are silent; the call reports no count); reassignment.
 */
export const ACTIVE_ONLY_ACTIONS: ReadonlySet<RuledAction> = new Set<RuledAction>([
  ...DEVICE_ACTIONS.filter((action) => action !== 'retire' && action !== 'relinquishOwnershipCancel'),
  'message',
  'updateAccount',
]);

/** States from which a device can be retired. */
export const RETIRABLE_STATES: readonly RegistrationState[] = ['ACTIVE', 'RETIRE_CANCELED', 'WIPE_CANCELED', 'WIPED'];

/** The refusal a device's registration state alone causes for `action`, if any. */
export function registrationStateRefusal(
  action: RuledAction,
  state: string | null,
): 'INVALID_REGISTRATION_STATE' | undefined {
  const refused =
    (ACTIVE_ONLY_ACTIONS.has(action) && state !== 'ACTIVE') ||
    (action === 'retire' && !(RETIRABLE_STATES as readonly (string | null)[]).includes(state)) ||
    (action === 'delete' && (UNDELETABLE_STATES as readonly (string | null)[]).includes(state));
  return refused ? 'INVALID_REGISTRATION_STATE' : undefined;
}

/** Why `updateAccount` would refuse a device for its kind (not its state), if it would. */
export function reassignmentRefusal(device: {
  platformType: string | null;
  supervised: boolean | null;
  androidWorkEnabled: boolean | null;
}): ActionExceptionCode | undefined {
  if (isReassignable(device)) return undefined;
  return device.platformType === 'IOS' ? 'NOT_SUPERVISED' : 'PLATFORM_NOT_SUPPORTED';
}

import {
  PLATFORM_TYPES,
  reassignmentRefusal,
  REGISTRATION_STATES,
  registrationStateRefusal,
  type ActionExceptionCode,
  type RuledAction,
} from '@mdm-console/mdm-api';
import { ANDROID_MODE, TRUE, type Tenant } from '../tenant/tenant.ts';

/** Why device `i` cannot take `action` (assumption 6); empty when it can. */
export function exceptionCodes(tenant: Tenant, i: number, action: RuledAction): ActionExceptionCode[] {
  const d = tenant.devices;
  const state = REGISTRATION_STATES[d.registrationState[i] ?? 0] ?? 'ACTIVE';
  const platform = PLATFORM_TYPES[d.platform[i] ?? 0] ?? 'IOS';
  const supervised = d.supervised[i] === TRUE;
  const mode = d.androidMode[i] ?? ANDROID_MODE.NONE;
  const codes: ActionExceptionCode[] = [];
  const needPlatform = (...allowed: string[]): boolean => {
    if (allowed.includes(platform)) return true;
    codes.push('PLATFORM_NOT_SUPPORTED');
    return false;
  };

  const stateCode = registrationStateRefusal(action, state);
  if (stateCode) codes.push(stateCode);

  switch (action) {
    case 'scheduleOSUpdate':
    case 'restart':
      if (needPlatform('IOS') && !supervised) codes.push('NOT_SUPERVISED');
      break;
    case 'lock':
      needPlatform('IOS', 'ANDROID', 'OSX');
      break;
    case 'unlock':
      needPlatform('IOS', 'ANDROID');
      break;
    case 'logoutUser':
      if (needPlatform('IOS', 'ANDROID')) {
        const shared = platform === 'IOS' ? d.multiUser[i] === TRUE : mode === ANDROID_MODE.DEDICATED;
        if (!shared) codes.push('NOT_MULTI_USER');
      }
      break;
    case 'enterKioskMode':
      if (needPlatform('ANDROID')) {
        if (mode !== ANDROID_MODE.DEDICATED && mode !== ANDROID_MODE.FULLY_MANAGED) codes.push('NOT_DEVICE_OWNER');
        else if (d.kiosk[i] === 2) codes.push('KIOSK_ALREADY_ACTIVE');
      }
      break;
    case 'exitKioskMode':
      if (needPlatform('ANDROID') && d.kiosk[i] !== 2) codes.push('KIOSK_NOT_ACTIVE');
      break;
    case 'enableLostMode':
      if (needPlatform('IOS')) {
        if (!supervised) codes.push('NOT_SUPERVISED');
        else if (d.lostMode[i] === TRUE) codes.push('LOST_MODE_ALREADY_ENABLED');
      }
      break;
    case 'disableLostMode':
      if (needPlatform('IOS') && d.lostMode[i] !== TRUE) codes.push('LOST_MODE_NOT_ENABLED');
      break;
    case 'relinquishOwnership':
      if (needPlatform('ANDROID') && mode !== ANDROID_MODE.COPE) codes.push('NOT_COMPANY_OWNED_WORK_PROFILE');
      else if (d.relinquishPending[i] === TRUE) codes.push('INVALID_REGISTRATION_STATE');
      break;
    case 'relinquishOwnershipCancel':
      if (needPlatform('ANDROID') && d.relinquishPending[i] !== TRUE) codes.push('RELINQUISH_NOT_PENDING');
      break;
    case 'updateAccount': {
      const refusal = reassignmentRefusal({
        platformType: platform,
        supervised,
        androidWorkEnabled: platform === 'ANDROID' && mode !== ANDROID_MODE.NONE,
      });
      if (refusal) codes.push(refusal);
      break;
    }
    default:
      break;
  }
  return codes;
}

// Every fact about the vendor API that the documents leave open lives here, so that it can be corrected in one
// place against a real tenant (see shared/design/vendor-api.md, "the simulator's assumptions").

/** `rows` is 1..500 (documented). */
export const MAX_ROWS = 500;
/** `start + rows` may not exceed this; deeper pages use `searchAfterValues` (assumption 3). */
export const MAX_RESULT_WINDOW = 10_000;
/** Rows a search returns when `rows` is absent. */
export const DEFAULT_ROWS = 50;

/** Core V2 users API limits (documented). */
export const USERS_QUERY_MAX_LENGTH = 20;
export const USERS_MAX_LIMIT = 200;
export const USERS_MAX_OFFSET = 10_000_000;

/** Lost-mode footnote length (documented). */
export const LOST_MODE_FOOTNOTE_MAX = 15;
/** `deviceUnlockPin` pattern (documented: "(^$)|([a-zA-Z0-9]{6,8})"), anchored. */
export const UNLOCK_PIN_PATTERN = /^(?:|[a-zA-Z0-9]{6,8})$/;
/** An OS version `scheduleOSUpdate` takes, e.g. 17.6.1 (the documents show dotted versions only). */
export const OS_VERSION_PATTERN = /^\d{1,3}(\.\d{1,3}){0,2}$/;
/** Wipe-message and lost-mode message length the console allows (the documents give none; kept to a screen). */
export const DEVICE_MESSAGE_MAX = 500;
/**
 * Registration states in which a wipe or retire was taken (the vendor applied it), and the final ones (assumption 7).
 */
export const WIPE_STATES = ['WIPE_PENDING', 'WIPE_SENT', 'WIPED'] as const;
export const RETIRE_STATES = ['RETIRE_PENDING', 'RETIRE_SENT', 'RETIRED'] as const;
/** Delete refuses devices in these states (assumption 7). */
export const UNDELETABLE_STATES = ['ACTIVE', 'WIPE_PENDING'] as const;
/** Numeric custom attributes carry this suffix in their name (documented). */
export const NUMERIC_ATTRIBUTE_SUFFIX = '_#';

export const REGISTRATION_STATES = [
  'ACTIVE',
  'RETIRED',
  'RETIRE_PENDING',
  'RETIRE_SENT',
  'RETIRE_CANCELED',
  'WIPED',
  'WIPE_PENDING',
  'WIPE_SENT',
  'WIPE_CANCELED',
] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

export const PLATFORM_TYPES = ['IOS', 'ANDROID', 'WINDOWS_PHONE', 'OSX'] as const;
export type PlatformType = (typeof PLATFORM_TYPES)[number];

export const REASSIGNMENT_STATES = ['INITIATED', 'SUCCESS', 'FAILED'] as const;

/** Compliance-sync vendors (documented). */
export const COMPLIANCE_SYNC_VENDORS = ['GoogleBC', 'Intune'] as const;

/**
 * Device actions sent as `PUT /api/v1/device/<action>`, each with a viability check
 * `GET /api/v1/device/<action>?checkViability=true&ids=…` (relinquishOwnership's check is a PUT that answers a count).
 */
export const DEVICE_ACTIONS = [
  'scheduleOSUpdate',
  'restart',
  'forceCheckin',
  'wipe',
  'lock',
  'unlock',
  'retire',
  'logoutUser',
  'enterKioskMode',
  'exitKioskMode',
  'enableLostMode',
  'disableLostMode',
  'relinquishOwnership',
  'relinquishOwnershipCancel',
] as const;
export type DeviceAction = (typeof DEVICE_ACTIONS)[number];

/** Why a device cannot take an action (assumption 6; a real tenant may send others, kept as they come). */
export const ACTION_EXCEPTION_CODES = {
  PLATFORM_NOT_SUPPORTED: 'The action is not available on this platform.',
  NOT_SUPERVISED: 'The action needs a supervised device.',
  INVALID_REGISTRATION_STATE: 'The device is not in a registration state that allows the action.',
  DEVICE_NOT_FOUND: 'No device has this id.',
  NOT_MULTI_USER: 'The device has no user session to log out (not a shared or multi-user device).',
  LOST_MODE_ALREADY_ENABLED: 'Lost mode is already on.',
  LOST_MODE_NOT_ENABLED: 'Lost mode is not on.',
  KIOSK_ALREADY_ACTIVE: 'The device is already in kiosk mode.',
  KIOSK_NOT_ACTIVE: 'The device is not in kiosk mode.',
  NOT_DEVICE_OWNER: 'Kiosk mode needs a fully managed (device owner) Android device.',
  NOT_COMPANY_OWNED_WORK_PROFILE: 'Only company-owned devices with a work profile can be relinquished.',
  RELINQUISH_NOT_PENDING: 'No relinquishment is pending on this device.',
  NO_OS_UPDATE_AVAILABLE: 'The device already runs this OS version or newer.',
} as const;
export type ActionExceptionCode = keyof typeof ACTION_EXCEPTION_CODES;

/**
 * The code a viability check answers once the action itself took effect (lost mode already on, …): after acting, it
 * says nothing about whether the device was eligible before.
 */
export const ALREADY_APPLIED_CODES: Partial<Record<DeviceAction, ActionExceptionCode>> = {
  enableLostMode: 'LOST_MODE_ALREADY_ENABLED',
  disableLostMode: 'LOST_MODE_NOT_ENABLED',
  enterKioskMode: 'KIOSK_ALREADY_ACTIVE',
  exitKioskMode: 'KIOSK_NOT_ACTIVE',
  relinquishOwnership: 'INVALID_REGISTRATION_STATE',
  relinquishOwnershipCancel: 'RELINQUISH_NOT_PENDING',
  wipe: 'INVALID_REGISTRATION_STATE',
  retire: 'INVALID_REGISTRATION_STATE',
};

/**
 * Facet names that device searches return in `facetedResults` (the union of the documents' examples), with the
 * device field each counts. ACCOUNTGROUP counts the user groups of each device's owner.
 */
export const DEVICE_FACETS = {
  PLATFORMTYPE: 'platformType',
  REGISTRATIONSTATE: 'registrationState',
  COMPLIANCESTATE: 'complianceState',
  OWNERSHIPTYPE: 'ownershipType',
  PRETTYMODEL: 'prettyModel',
  OSBUILDVERSION: 'osBuildVersion',
  SUBSCRIBERCARRIERNETWORK: 'subscriberCarrierNetwork',
  ACCOUNTGROUP: 'accountGroup',
  SUPERVISED: 'supervised',
  JAILBROKEN: 'jailbroken',
  KIOSKSTATE: 'kioskState',
  LOSTMODEENABLED: 'lostModeEnabled',
  ROAMING: 'roaming',
  MULTIUSER: 'multiUser',
  MAMONLY: 'mamOnly',
  AUTHONLY: 'authOnly',
  DEVICESOURCE: 'deviceSource',
  ACCOUNTENABLED: 'accountEnabled',
  SECUREAPPSSTATUS: 'secureAppsStatus',
  ANDROIDSECURITYPATCHLEVEL: 'androidSecurityPatchLevel',
  ANDROIDWORKENABLED: 'androidWorkEnabled',
  ANDROIDWORKPROFILEENABLED: 'androidWorkProfileEnabled',
  ANDROIDWORKCONTAINERENABLED: 'androidWorkContainerEnabled',
  ANDROIDDEVICEOWNERMODEENABLED: 'androidDeviceOwnerModeEnabled',
  ANDROIDWORKDEVICEOWNERWITHWORKPROFILEENABLED: 'androidWorkDeviceOwnerWithWorkProfileEnabled',
  ANDROIDWORKPROFILEONCOMPANYOWNEDDEVICEENABLED: 'androidWorkProfileOnCompanyOwnedDeviceEnabled',
  ANDROIDMANAGEDBYGOOGLE: 'androidManagedByGoogle',
  ANDROIDSAFETYNETATTESTATIONTYPE: 'androidSafetyNetAttestationType',
  MOBILE_THREAT_DEFENSE_GENERAL_STATUS: 'mobileThreatDefenseGeneralStatus',
  ANTIPHISHINGGENERALSTATUS: 'antiPhishingGeneralStatus',
  ANTI_PHISHING_STATUS: 'antiPhishingStatus',
  LAST_HOTFIX_ID: 'lastHotfixId',
} as const;
export type DeviceFacetName = keyof typeof DEVICE_FACETS;

/** The free-text `q` searches these (assumption 2): prefix of any word, case-insensitive; id and GUID exactly. */
export const FREE_TEXT_FIELDS = [
  'displayName',
  'emailAddress',
  'uid',
  'serialNumber',
  'imei',
  'phoneNumber',
  'prettyModel',
  'deviceModel',
  'deviceName',
] as const;

/**
 * Which devices `updateAccount` reassigns (assumption: the documents say only "supervised iOS and Android
 * Enterprise"): a supervised iOS device, or an Android device enrolled in Android Enterprise (work enabled).
 */
export function isReassignable(device: {
  platformType?: string | null;
  supervised?: boolean | null;
  androidWorkEnabled?: boolean | null;
}): boolean {
  if (device.platformType === 'IOS') return device.supervised === true;
  // Search documents may not say whether an Android device is enrolled in Android Enterprise: then the vendor decides
  // when asked, and a refusal is reported with its reason.
  if (device.platformType === 'ANDROID') return device.androidWorkEnabled !== false;
  return false;
}

/** Reassignment states that are final (assumption 7). */
export const FINAL_REASSIGNMENT_STATES = ['SUCCESS', 'FAILED'] as const;

/** The date fields that take the time-window form `FIELD<'d:hh:mm:ss'` (assumption 1). */
export const TIME_WINDOW_FIELDS = ['lastCheckin', 'lastRegistrationTime'] as const;

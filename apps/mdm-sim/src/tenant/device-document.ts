import { PLATFORM_TYPES, REASSIGNMENT_STATES, REGISTRATION_STATES } from '@mdm-console/mdm-api';
import { currentCarrier, groupNames } from '../search/fields.ts';
import {
  ANDROID_PATCH_LEVELS,
  CARRIERS,
  COUNTRIES,
  FIRST_NAMES,
  LAST_NAMES,
  MODELS,
  POLICIES,
  SPACES,
} from './catalog.ts';
import * as ids from './identifiers.ts';
import { ANDROID_MODE, FALSE, KIOSK_STATES, NO_PATCH, OWNERSHIP_TYPES, TRUE, type Tenant } from './tenant.ts';

const tri = (code: number | undefined): boolean | null => (code === TRUE ? true : code === FALSE ? false : null);
const orNull = (value: number | undefined): number | null =>
  value === undefined || Number.isNaN(value) ? null : value;
const round = (value: number | undefined, places: number): number | null =>
  value === undefined || Number.isNaN(value) ? null : Math.round(value * 10 ** places) / 10 ** places;

export type DeviceDocument = Record<string, unknown>;

/** Owner fields of a device: they follow reassignment. */
export function ownerFields(
  tenant: Tenant,
  user: number,
): { displayName: string; firstName: string; lastName: string; uid: string; emailAddress: string; ownerId: number } {
  const u = tenant.users;
  const firstName = FIRST_NAMES[u.firstName[user] ?? 0] ?? '';
  const lastName = LAST_NAMES[u.lastName[user] ?? 0] ?? '';
  const email = u.email[user] ?? '';
  return {
    displayName: `${firstName} ${lastName}`,
    firstName,
    lastName,
    uid: email,
    emailAddress: email,
    ownerId: tenant.userId(user),
  };
}

function violatedPolicyNames(mask: number): string[] {
  return POLICIES.filter((_, bit) => ((mask >>> bit) & 1) === 1).map((policy) => policy.name.trim());
}

/** A device as search results carry it (the fields of the documents' search responses). */
export function searchDocument(tenant: Tenant, i: number): DeviceDocument {
  const d = tenant.devices;
  const model = MODELS[d.model[i] ?? 0];
  const platform = PLATFORM_TYPES[d.platform[i] ?? 0] ?? 'IOS';
  const owner = ownerFields(tenant, d.owner[i] ?? 0);
  const home = COUNTRIES[d.homeCountry[i] ?? 0];
  const current = COUNTRIES[d.currentCountry[i] ?? 0];
  const carrierCode = d.carrier[i] ?? 0;
  const carrier = carrierCode === 0 ? undefined : CARRIERS[carrierCode - 1];
  const violations = d.violations[i] ?? 0;
  const androidMode = d.androidMode[i] ?? 0;
  const android = platform === 'ANDROID';
  const apple = platform === 'IOS' || platform === 'OSX';
  const space = SPACES[d.partition[i] ?? 0];
  const attrs = tenant.customAttributes[i];
  const latitude = round(d.latitude[i], 6);
  const patch = d.patchLevel[i] ?? NO_PATCH;
  const reassignment = d.reassignment[i] ?? 0;
  const lastCheckin = orNull(d.lastCheckin[i]);
  const osVersion = tenant.osVersions.values[d.osVersion[i] ?? 0] ?? null;
  const osBuild = tenant.osBuilds.values[d.osBuild[i] ?? 0] ?? null;
  return {
    id: tenant.deviceId(i),
    guid: ids.deviceGuid(tenant, i),
    mdmChannelId: ids.mdmChannelId(tenant, i),
    phoneNumber: ids.phoneNumber(tenant, i),
    deviceModel: model?.deviceModel ?? null,
    deviceName: ids.deviceName(tenant, i),
    platformType: platform,
    platformVersion: osVersion,
    osBuildVersion: osBuild,
    lastCheckin,
    registrationState: REGISTRATION_STATES[d.registrationState[i] ?? 0] ?? 'ACTIVE',
    ...owner,
    clientVersion: ids.clientVersion(tenant, i),
    manufacturer: model?.manufacturer ?? null,
    imei: ids.imei(tenant, i),
    imei2: null,
    imsi: ids.imsi(tenant, i),
    locatorServiceEnabled: latitude !== null,
    meid: platform === 'IOS' ? (ids.imei(tenant, i)?.replaceAll(' ', '').slice(0, 14) ?? null) : null,
    wifiMacAddress: ids.wifiMacAddress(tenant, i),
    wifiMacAddressForInventory: null,
    systemUpdateInformation: null,
    serialNumber: ids.serialNumber(tenant, i),
    altSerialNumber: null,
    cellularTechnology: carrier ? 'GSM' : null,
    currentCarrierNetwork: currentCarrier(tenant, i),
    subscriberCarrierNetwork: carrier?.name ?? 'UNKNOWN',
    locale: home?.locale ?? null,
    ownershipType: OWNERSHIP_TYPES[d.ownership[i] ?? 0] ?? 'UNKNOWN',
    complianceState: violations === 0,
    roaming: tri(d.roaming[i]) ?? false,
    supervised: tri(d.supervised[i]),
    udid: ids.udid(tenant, i),
    clientLastCheckin: lastCheckin,
    iccid: ids.iccid(tenant, i),
    currentMcc: carrier ? (d.roaming[i] === TRUE ? (current?.mcc ?? null) : (home?.mcc ?? null)) : null,
    currentMnc: carrier?.mnc ?? null,
    subscriberMcc: carrier ? (home?.mcc ?? null) : null,
    subscriberMnc: carrier?.mnc ?? null,
    prettyModel: model?.prettyModel ?? null,
    policyViolationCount: violatedPolicyNames(violations).length,
    latitude,
    longitude: latitude === null ? null : round(d.longitude[i], 6),
    locationLastCapturedAt: latitude === null ? null : orNull(d.locationAt[i]),
    lastRegistrationTime: orNull(d.lastRegistration[i]),
    lostModeEnabled: tri(d.lostMode[i]),
    multiUser: tri(d.multiUser[i]),
    maxResidentUsers: d.multiUser[i] === TRUE ? 8 : null,
    clientDeviceIdentifier: null,
    availableCapacity: round(d.availableCapacity[i], 2),
    totalCapacity: round(d.totalCapacity[i], 2),
    clusterIdentifier: 'CLOUD',
    deviceSource: 'CLOUD',
    quarantined: tri(d.quarantined[i]) ?? false,
    jailbroken: tri(d.jailbroken[i]) ?? false,
    passcodeCompliant: platform === 'IOS' ? (violations & (1 << 5)) === 0 : null,
    passcodeCompliantWithProfiles: platform === 'IOS' || android ? (violations & (1 << 5)) === 0 : null,
    blocked: d.quarantined[i] === TRUE,
    locationStatusDetail:
      latitude === null ? null : { lastUpdatedAt: orNull(d.locationAt[i]), locationStatus: 'AVAILABLE' },
    androidBuildFingerprint: android
      ? `${model?.manufacturer ?? ''}/${model?.deviceModel ?? ''}:${osVersion ?? ''}/${osBuild ?? ''}:user/release-keys`
      : null,
    androidBuildId: android ? osBuild : null,
    androidZebraPatchLevel: null,
    androidSystemUpdateStatus: null,
    salesCode: null,
    firmwareVersion: null,
    uptime: null,
    userEnrolled: false,
    androidWorkContainerEnabled: false,
    androidWorkUid: null,
    androidManagedByGoogle: false,
    fcmEnabled: android,
    actionExceptionCodes: [],
    violatedPolicies: violatedPolicyNames(violations),
    supportLockMessage: platform === 'IOS' || platform === 'OSX',
    legalOwnerId: null,
    legalOwnerEmailAddress: null,
    kioskState: KIOSK_STATES[d.kiosk[i] ?? 0] ?? 'NOT_CONFIGURED',
    customAttributes: attrs ? { attrs } : null,
    easDeviceIdentifiers: platform === 'IOS' || android ? [ids.serialNumber(tenant, i)] : [],
    appEasIdentifiers: null,
    androidDeviceOwnerModeEnabled: android && androidMode !== ANDROID_MODE.WORK_PROFILE,
    windowsDeviceType: platform === 'WINDOWS_PHONE' ? 'DESKTOP' : null,
    secureAppsStatus: null,
    secureAppsEncryptionStatus: null,
    secureAppsEncryptionMode: null,
    tpmSpecificationVersion: platform === 'WINDOWS_PHONE' ? '2.0' : null,
    bridgeVersion: null,
    bridgeDeviceDataLastCapturedAt: null,
    lastHotfixId: null,
    lastHotfixInstalledOn: null,
    mamOnly: tri(d.mamOnly[i]) ?? false,
    authOnly: false,
    ipAddress: null,
    depEnrolled: tri(d.depEnrolled[i]) ?? false,
    depEligible: apple && d.ownership[i] === 0,
    mobileThreatDefenseGeneralStatus: 'NA',
    antiPhishingGeneralStatus: 'NA',
    samsungEfotaCapable: model?.manufacturer === 'samsung',
    currentCountryName: carrier || latitude !== null ? (current?.name ?? null) : null,
    currentCountryCode: carrier || latitude !== null ? (current?.code ?? null) : null,
    homeCountryName: home?.name ?? null,
    homeCountryCode: home?.code ?? null,
    userPreferenceCSVHeader: null,
    dmPartitionId: space?.id ?? null,
    dmPartitionName: space?.name ?? null,
    androidSecurityPatchLevel: patch === NO_PATCH ? null : (ANDROID_PATCH_LEVELS[patch]?.[0] ?? null),
    lastReassignmentStatus: reassignment === 0 ? null : (REASSIGNMENT_STATES[reassignment - 1] ?? null),
    entityName: ids.deviceName(tenant, i),
  };
}

const GROUP_BASE = {
  createdAt: 1444416984710,
  createdBy: 1,
  modifiedBy: null,
  visible: true,
  type: 'DEVICE',
  mutable: false,
  memberCount: 0,
  membershipStatic: false,
  actionExceptionCodes: null,
  assignedConfigs: null,
  assignedPolicies: null,
  staticMembers: null,
};

function deviceGroups(tenant: Tenant, i: number, partitionId: number | null): DeviceDocument[] {
  const platform = PLATFORM_TYPES[tenant.devices.platform[i] ?? 0] ?? 'IOS';
  const platformGroup = {
    IOS: ['iOS Devices', 'IOS_DEVICES', 40167],
    ANDROID: ['Android Devices', 'ANDROID_DEVICES', 40168],
    WINDOWS_PHONE: ['Windows Devices', 'WINDOWS_DEVICES', 40169],
    OSX: ['macOS Devices', 'MACOS_DEVICES', 40170],
  }[platform];
  const groups: DeviceDocument[] = [
    {
      ...GROUP_BASE,
      id: 40165,
      modifiedAt: 1444416984710,
      dmPartitionId: partitionId,
      name: 'All Devices',
      description: 'Targets any type of device.',
      definition: null,
      systemName: 'ALL_DEVICES',
      treeView: null,
    },
    {
      ...GROUP_BASE,
      id: platformGroup[2],
      modifiedAt: 1444416984710,
      dmPartitionId: partitionId,
      name: platformGroup[0],
      description: `Targets all ${platformGroup[0]}`,
      definition: `PLATFORMTYPE EQ '${platform}'`,
      systemName: platformGroup[1],
      treeView: {
        operator: 'LEAF',
        rule: { field: 'PLATFORMTYPE', cfAttributeName: null, operator: 'EQ', values: [platform] },
        children: null,
      },
    },
  ];
  if (tenant.devices.supervised[i] === TRUE) {
    groups.push({
      ...GROUP_BASE,
      id: 40180,
      mutable: true,
      modifiedAt: 1600000000000,
      dmPartitionId: partitionId,
      name: 'Supervised Devices',
      description: 'Supervised Apple devices',
      definition: "SUPERVISED EQ 'true'",
      systemName: null,
      treeView: {
        operator: 'LEAF',
        rule: { field: 'SUPERVISED', cfAttributeName: null, operator: 'EQ', values: ['true'] },
        children: null,
      },
    });
  }
  return groups;
}

/** A device's details: every field of the "Get Device Details" list. */
export function detailsDocument(tenant: Tenant, i: number): DeviceDocument {
  const base = searchDocument(tenant, i);
  const d = tenant.devices;
  const platform = base.platformType;
  const android = platform === 'ANDROID';
  const mac = platform === 'OSX';
  const windows = platform === 'WINDOWS_PHONE';
  const androidMode = d.androidMode[i] ?? 0;
  const home = COUNTRIES[d.homeCountry[i] ?? 0];
  const partitionId = typeof base.dmPartitionId === 'number' ? base.dmPartitionId : null;
  const registered = typeof base.lastRegistrationTime === 'number' ? base.lastRegistrationTime : null;
  const imei = typeof base.imei === 'string' ? base.imei : null;
  return {
    ...base,
    groups: deviceGroups(tenant, i, partitionId),
    privacyPolicy: {
      policyId: 42501,
      policyName: 'Privacy',
      locateStatus: 'ENABLED',
      wipeDisabled: false,
      appInventoryCollectAllEnabled: true,
    },
    tos: { title: 'Acceptable Use', body: 'Company devices are for business use.' },
    tosAcceptedTime: registered,
    tosId: 50955,
    restrictions: null,
    dataRoamingEnabled: d.roaming[i] === TRUE,
    appConnectCheckInTime: null,
    antiPhishingStatus: 'NA',
    mobileThreatDefenseStatus: 'NA',
    appFeedbackLastSync: null,
    activationLockEnabled: platform === 'IOS' && d.supervised[i] !== TRUE,
    bypassCode: null,
    cloudBackupEnabled: platform === 'IOS',
    networkTethered: false,
    lastCloudBackupDate: null,
    mirroringStatus: null,
    voiceRoamingEnabled: false,
    availableOSUpdate: null,
    availableOSUpdates: [],
    serviceSubscriptions: imei
      ? [
          {
            carrierSettingsVersion: null,
            currentCarrierNetwork: base.currentCarrierNetwork,
            currentMCC: base.currentMcc,
            currentMNC: base.currentMnc,
            esimIdentifier: null,
            iccid: base.iccid,
            imei,
            isDataPreferred: true,
            isVoicePreferred: true,
            label: 'Primary',
            labelID: null,
            phoneNumber: base.phoneNumber,
            slot: 'CTSubscriptionSlotOne',
          },
        ]
      : [],
    timeZone: home?.timeZone ?? null,
    osxFdeEnabled: mac,
    osxFdeHasInstitutionalRecoveryKey: false,
    osxFdeHasPersonalRecoveryKey: mac,
    bootstrapTokenAvailable: mac ? d.supervised[i] === TRUE : null,
    osxFirewallSettings: null,
    osxSystemIntegrityProtectionEnabled: mac,
    osxAutoAdminAccountShortName: null,
    osxFirmwarePasswordStatus: null,
    osxFirmwarePasswordCommandStatus: null,
    availableMacOSUpdates: null,
    passcodeLockGracePeriodEnforced: null,
    androidId: android ? ids.mdmChannelId(tenant, i).replaceAll('-', '').slice(0, 16) : null,
    androidWorkCapable: android,
    androidWorkEnabled: android && androidMode !== ANDROID_MODE.NONE,
    androidZebraCapable: base.manufacturer === 'Zebra Technologies',
    helpAtWorkAvailable: false,
    samsungSafeCapable: base.manufacturer === 'samsung',
    androidEnterpriseKioskLogoutEnabled: android && androidMode === ANDROID_MODE.DEDICATED,
    androidWorkProfileEnabled:
      android && (androidMode === ANDROID_MODE.WORK_PROFILE || androidMode === ANDROID_MODE.COPE),
    androidDeviceOwnerEnabled: android && androidMode !== ANDROID_MODE.WORK_PROFILE,
    androidWorkDeviceOwnerWithWorkProfileEnabled: android && androidMode === ANDROID_MODE.COPE,
    aadDeviceId: windows ? ids.mdmChannelId(tenant, i) : null,
    winDmClientChannelUri: null,
    windowsEncrypted: windows,
    wipConfigured: false,
    applockerConfigured: false,
    wipMandatorySettingsConfigured: false,
    batteryEstimatedChargeRemaining: null,
    batteryEstimatedRuntime: null,
    osPlatform: windows ? 'Windows' : null,
    osEdition: windows ? 'Enterprise' : null,
    deviceFamily: windows ? 'Windows.Desktop' : null,
    androidSafetyNetAttestationType: android ? 'HARDWARE_BACKED' : null,
    aadBulkEnrolled: false,
    enrollerId: null,
    changeOwnerCounter: d.reassignment[i] === 0 ? 0 : 1,
    aadEnrolled: windows,
    apnsCapable: platform === 'IOS' || mac,
    clientRegistered: typeof base.clientVersion === 'string',
    mdmDeviceIdentifier: base.udid,
    itunesAccountActive: platform === 'IOS',
    winServiceSubscriptions: null,
    clientAppBundleId:
      platform === 'IOS' ? 'com.mobileiron.phoenix' : android ? 'com.mobileiron.anyware.android' : null,
    accountGroups: groupNames(tenant, d.owner[i] ?? 0),
  };
}

const JSON_CACHE_SIZE = 50_000;
const jsonCaches = new WeakMap<Tenant, Map<number, { stamp: string; json: string }>>();

/**
 * searchDocument as JSON, cached per device until it changes (its own stamp, or a re-assignment of spaces):
 * rendering rows dominates the cost of a search.
 */
export function searchDocumentJson(tenant: Tenant, i: number): string {
  let cache = jsonCaches.get(tenant);
  if (!cache) {
    cache = new Map();
    jsonCaches.set(tenant, cache);
  }
  const stamp = `${String(tenant.deviceStamp[i] ?? 0)}.${String(tenant.columnVersion('partition'))}`;
  const hit = cache.get(i);
  if (hit?.stamp === stamp) return hit.json;
  const json = JSON.stringify(searchDocument(tenant, i));
  cache.delete(i);
  cache.set(i, { stamp, json });
  if (cache.size > JSON_CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return json;
}

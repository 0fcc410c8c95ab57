import { z } from 'zod';
import { optionalBoolean, optionalEpochMs, optionalNumber, optionalString, optionalStringList } from './primitives.ts';

/**
 * Custom attributes: every value a list of strings. Some documented answers give a bare string ("cityId": "SF");
 * it is read as a one-item list.
 */
export const attributeMapSchema = z.record(
  z.string(),
  z.union([z.array(z.string().nullable()), z.string().transform((value) => [value])]).nullable(),
);
export type AttributeMap = z.output<typeof attributeMapSchema>;

export const deviceCustomAttributesSchema = z.looseObject({ attrs: attributeMapSchema.nullish() });

export const locationStatusDetailSchema = z.looseObject({
  lastUpdatedAt: optionalEpochMs,
  locationStatus: optionalString,
});

export const groupRuleTreeSchema: z.ZodType<GroupRuleTree> = z.lazy(() =>
  z.looseObject({
    operator: optionalString,
    rule: z
      .looseObject({
        field: optionalString,
        cfAttributeName: optionalString,
        operator: optionalString,
        values: optionalStringList,
      })
      .nullish(),
    children: z.array(groupRuleTreeSchema).nullish(),
  }),
);
export interface GroupRuleTree {
  operator?: string | null | undefined;
  rule?:
    | {
        field?: string | null | undefined;
        cfAttributeName?: string | null | undefined;
        operator?: string | null | undefined;
        values?: (string | null)[] | null | undefined;
      }
    | null
    | undefined;
  children?: GroupRuleTree[] | null | undefined;
}

export const deviceGroupSchema = z.looseObject({
  id: z.number(),
  createdAt: optionalEpochMs,
  createdBy: optionalNumber,
  modifiedAt: optionalEpochMs,
  modifiedBy: optionalNumber,
  visible: optionalBoolean,
  dmPartitionId: optionalNumber,
  name: optionalString,
  description: optionalString,
  type: optionalString,
  definition: optionalString,
  mutable: optionalBoolean,
  memberCount: optionalNumber,
  systemName: optionalString,
  membershipStatic: optionalBoolean,
  treeView: groupRuleTreeSchema.nullish(),
  actionExceptionCodes: optionalStringList,
  assignedConfigs: z.unknown().optional(),
  assignedPolicies: z.unknown().optional(),
  staticMembers: z.unknown().optional(),
});

export const serviceSubscriptionSchema = z.looseObject({
  carrierSettingsVersion: optionalString,
  currentCarrierNetwork: optionalString,
  currentMCC: optionalString,
  currentMNC: optionalString,
  esimIdentifier: optionalString,
  iccid: optionalString,
  imei: optionalString,
  isDataPreferred: optionalBoolean,
  isVoicePreferred: optionalBoolean,
  label: optionalString,
  labelID: optionalString,
  phoneNumber: optionalString,
  slot: optionalString,
});

/**
 * A device as search results and details carry it. Only `id` is required: search rows, viability answers and
 * details each carry a different subset, and real tenants add fields.
 */
export const deviceSchema = z.looseObject({
  id: z.number(),
  guid: optionalString,
  mdmChannelId: optionalString,
  phoneNumber: optionalString,
  deviceModel: optionalString,
  deviceName: optionalString,
  platformType: optionalString,
  platformVersion: optionalString,
  osBuildVersion: optionalString,
  lastCheckin: optionalEpochMs,
  registrationState: optionalString,
  displayName: optionalString,
  firstName: optionalString,
  lastName: optionalString,
  uid: optionalString,
  emailAddress: optionalString,
  clientVersion: optionalString,
  manufacturer: optionalString,
  imei: optionalString,
  imei2: optionalString,
  imsi: optionalString,
  locatorServiceEnabled: optionalBoolean,
  meid: optionalString,
  wifiMacAddress: optionalString,
  serialNumber: optionalString,
  altSerialNumber: optionalString,
  cellularTechnology: optionalString,
  currentCarrierNetwork: optionalString,
  subscriberCarrierNetwork: optionalString,
  locale: optionalString,
  ownershipType: optionalString,
  complianceState: optionalBoolean,
  roaming: optionalBoolean,
  supervised: optionalBoolean,
  /** The last reassignment's status; the documents name it only "Last Reassignment Status" (assumption). */
  lastReassignmentStatus: optionalString,
  udid: optionalString,
  clientLastCheckin: optionalEpochMs,
  iccid: optionalString,
  currentMcc: optionalString,
  currentMnc: optionalString,
  subscriberMcc: optionalString,
  subscriberMnc: optionalString,
  prettyModel: optionalString,
  policyViolationCount: optionalNumber,
  latitude: optionalNumber,
  longitude: optionalNumber,
  locationLastCapturedAt: optionalEpochMs,
  lastRegistrationTime: optionalEpochMs,
  lostModeEnabled: optionalBoolean,
  multiUser: optionalBoolean,
  clientDeviceIdentifier: optionalString,
  availableCapacity: optionalNumber,
  totalCapacity: optionalNumber,
  clusterIdentifier: optionalString,
  deviceSource: optionalString,
  quarantined: optionalBoolean,
  jailbroken: optionalBoolean,
  passcodeCompliant: optionalBoolean,
  passcodeCompliantWithProfiles: optionalBoolean,
  blocked: optionalBoolean,
  locationStatusDetail: locationStatusDetailSchema.nullish(),
  androidWorkContainerEnabled: optionalBoolean,
  /** Enrolled in Android Enterprise; details carry it, search rows may not (then reassignment is left to the vendor). */
  androidWorkEnabled: optionalBoolean,
  fcmEnabled: optionalBoolean,
  actionExceptionCodes: optionalStringList,
  violatedPolicies: z.array(z.unknown()).nullish(),
  supportLockMessage: optionalBoolean,
  ownerId: optionalNumber,
  legalOwnerId: optionalNumber,
  legalOwnerEmailAddress: optionalString,
  kioskState: optionalString,
  customAttributes: deviceCustomAttributesSchema.nullish(),
  easDeviceIdentifiers: optionalStringList,
  androidDeviceOwnerModeEnabled: optionalBoolean,
  windowsDeviceType: optionalString,
  mamOnly: optionalBoolean,
  depEnrolled: optionalBoolean,
  depEligible: optionalBoolean,
  dmPartitionId: optionalNumber,
  dmPartitionName: optionalString,
  androidSecurityPatchLevel: optionalString,
  groups: z.array(deviceGroupSchema).nullish(),
  privacyPolicy: z
    .looseObject({
      policyId: optionalNumber,
      policyName: optionalString,
      locateStatus: optionalString,
      wipeDisabled: optionalBoolean,
      appInventoryCollectAllEnabled: optionalBoolean,
    })
    .nullish(),
  serviceSubscriptions: z.array(serviceSubscriptionSchema).nullish(),
  availableOSUpdates: z.array(z.unknown()).nullish(),
  timeZone: optionalString,
});
export type Device = z.infer<typeof deviceSchema>;

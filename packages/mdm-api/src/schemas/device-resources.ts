import { z } from 'zod';
import { attributeMapSchema, deviceSchema, type AttributeMap } from './device.ts';
import { envelope } from './envelope.ts';
import { optionalBoolean, optionalEpochMs, optionalNumber, optionalString } from './primitives.ts';
import { searchPage } from './search.ts';

export const customAttributesEnvelopeSchema = envelope(
  z.looseObject({
    deviceId: optionalNumber,
    guid: optionalString,
    attrs: attributeMapSchema.nullish(),
  }),
);
export const bareCustomAttributesSchema = z.looseObject({ attrs: attributeMapSchema.nullish() });

/** GET customattributes: the enveloped `{deviceId, guid, attrs}`; one documented example shows a bare `{attrs}`. */
export const customAttributesResponseSchema = z.union([customAttributesEnvelopeSchema, bareCustomAttributesSchema]);

/** Reads a GET customattributes answer in either documented form; throws a ZodError on anything else. */
export function parseCustomAttributes(body: unknown): {
  deviceId: number | null;
  guid: string | null;
  attrs: AttributeMap;
} {
  const enveloped = customAttributesEnvelopeSchema.safeParse(body);
  if (enveloped.success) {
    const { deviceId, guid, attrs } = enveloped.data.result;
    return { deviceId: deviceId ?? null, guid: guid ?? null, attrs: attrs ?? {} };
  }
  return { deviceId: null, guid: null, attrs: bareCustomAttributesSchema.parse(body).attrs ?? {} };
}

const configLike = {
  id: z.number(),
  name: optionalString,
  systemName: optionalString,
  description: optionalString,
  policyType: optionalString,
  policyRuleType: optionalString,
  uuid: optionalString,
  enabled: optionalBoolean,
  priority: optionalNumber,
  totalDeviceCount: optionalNumber,
  installedDeviceCount: optionalNumber,
  violationDeviceCount: optionalNumber,
  modifiedAt: optionalEpochMs,
  modifiedBy: z.union([z.number(), z.string()]).nullish(),
  actions: z.unknown().optional(),
};

export const deviceConfigSchema = z.looseObject({ ...configLike, status: optionalString });
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;
export const deviceConfigsResponseSchema = envelope(searchPage(deviceConfigSchema));

export const devicePolicySchema = z.looseObject({
  ...configLike,
  compliant: optionalBoolean,
  pendingCompliant: optionalBoolean,
});
export type DevicePolicy = z.infer<typeof devicePolicySchema>;
export const devicePoliciesResponseSchema = envelope(searchPage(devicePolicySchema));

export const certificateSchema = z.looseObject({
  caCertificateStoreId: optionalNumber,
  caId: optionalNumber,
  subject: optionalString,
  issuer: optionalString,
  notBefore: optionalEpochMs,
  notAfter: optionalEpochMs,
  certSerialNumber: optionalNumber,
  certSerialNumberString: optionalString,
  certState: optionalString,
  certUsageType: optionalString,
  deviceId: optionalNumber,
  ownerId: optionalNumber,
  caName: optionalString,
  caType: optionalString,
  configurationId: optionalNumber,
  privateKey: optionalBoolean,
});
export type Certificate = z.infer<typeof certificateSchema>;
export const certificatesResponseSchema = envelope(
  searchPage(certificateSchema).extend({ unfilteredFacetedResults: z.unknown().optional() }),
);

/** Viability checks list the devices that CANNOT take the action, each with `actionExceptionCodes`. */
export const viabilityResponseSchema = envelope(searchPage(deviceSchema));
/** relinquishOwnership's check answers with the number of eligible devices instead. */
export const countResponseSchema = envelope(z.number());
/** Most actions answer with a count (1/0 or the number acted on); some with `true`. */
export const actionResponseSchema = envelope(z.union([z.number(), z.boolean()]));
/** updateAccount answers with the devices that were NOT eligible for reassignment. */
export const reassignResponseSchema = envelope(searchPage(deviceSchema));

export const partitionSchema = z.looseObject({
  id: z.number(),
  name: optionalString,
  description: optionalString,
  domainRule: optionalString,
  defaultPartition: optionalBoolean,
  priority: optionalNumber,
  treeView: z.unknown().optional(),
  deviceCount: optionalNumber,
  createdAt: optionalEpochMs,
  modifiedAt: optionalEpochMs,
});
export type Partition = z.infer<typeof partitionSchema>;
export const partitionsResponseSchema = envelope(searchPage(partitionSchema));

export const tenantMetadataResponseSchema = envelope(
  z.looseObject({ defaultDmPartitionId: z.number(), tenantId: optionalNumber, name: optionalString }),
);

export const depServerSchema = z.looseObject({
  id: z.number(),
  serverUuid: optionalString,
  serverName: optionalString,
});
export const depServersResponseSchema = envelope(searchPage(depServerSchema));

export const depProfileSchema = z.looseObject({
  id: z.number(),
  uuid: optionalString,
  profileName: optionalString,
  allowPairing: optionalBoolean,
  supervised: optionalBoolean,
  mandatory: optionalBoolean,
  mdmRemovable: optionalBoolean,
  department: optionalString,
  skipSetupItems: z.array(z.string()).nullish(),
  supportPhoneNumber: optionalString,
  supportEmailAddress: optionalString,
  virtualServerId: optionalNumber,
  status: optionalString,
  numOfDevices: optionalNumber,
  default: optionalBoolean,
});
export type DepProfile = z.infer<typeof depProfileSchema>;
export const depProfilesResponseSchema = envelope(z.array(depProfileSchema));

export { deviceSchema };

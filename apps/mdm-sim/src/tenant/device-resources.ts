import { PLATFORM_TYPES } from '@mdm-console/mdm-api';
import { CONFIGS, POLICIES, type ConfigSpec } from './catalog.ts';
import * as ids from './identifiers.ts';
import { hash32, unit, uuid } from './random.ts';
import { STREAM } from './streams.ts';
import { ANDROID_MODE, type ConfigStatus, type Tenant } from './tenant.ts';

const DAY = 86_400_000;

const CONFIG_BASE = {
  systemName: null,
  policyRuleType: 'NONE',
  enabled: true,
  priority: 1,
  totalDeviceCount: 0,
  installedDeviceCount: 0,
  violationDeviceCount: 0,
  modifiedAt: null,
  modifiedBy: null,
  actions: null,
};

function configApplies(tenant: Tenant, i: number, config: ConfigSpec): boolean {
  const platform = PLATFORM_TYPES[tenant.devices.platform[i] ?? 0] ?? 'IOS';
  if (!config.platforms.includes(platform)) return false;
  if (config.kioskOnly && tenant.devices.androidMode[i] !== ANDROID_MODE.DEDICATED) return false;
  return unit(tenant.seed, STREAM.configs, i * 64 + (config.id % 64)) < config.coverage;
}

function generatedStatus(tenant: Tenant, i: number, config: ConfigSpec): ConfigStatus {
  const r = unit(tenant.seed, STREAM.configs + 1, i * 64 + (config.id % 64));
  return r < 0.92 ? 'INSTALLED' : r < 0.97 ? 'PENDING' : 'ERROR';
}

/** The configurations assigned to device `i`. */
export function assignedConfigs(tenant: Tenant, i: number): ConfigSpec[] {
  return CONFIGS.filter((config) => configApplies(tenant, i, config));
}

export function configStatus(tenant: Tenant, i: number, config: ConfigSpec): ConfigStatus {
  return tenant.configOverrides.get(i)?.get(config.id) ?? generatedStatus(tenant, i, config);
}

export function setConfigStatus(tenant: Tenant, i: number, configId: number, status: ConfigStatus): void {
  let overrides = tenant.configOverrides.get(i);
  if (!overrides) {
    overrides = new Map();
    tenant.configOverrides.set(i, overrides);
  }
  overrides.set(configId, status);
  tenant.touch('configs');
}

export function configDocuments(tenant: Tenant, i: number): Record<string, unknown>[] {
  return assignedConfigs(tenant, i).map((config) => ({
    id: config.id,
    name: config.name,
    ...CONFIG_BASE,
    description: config.description,
    policyType: config.policyType,
    uuid: uuid(tenant.seed, STREAM.configs + 2, config.id),
    status: configStatus(tenant, i, config),
  }));
}

export function policyDocuments(tenant: Tenant, i: number): Record<string, unknown>[] {
  const mask = tenant.devices.violations[i] ?? 0;
  return POLICIES.map((policy, bit) => {
    const compliant = ((mask >>> bit) & 1) === 0;
    return {
      id: policy.id,
      name: policy.name,
      ...CONFIG_BASE,
      description: policy.description,
      policyType: 'POLICY',
      policyRuleType: policy.policyRuleType,
      uuid: uuid(tenant.seed, STREAM.configs + 3, policy.id),
      priority: bit + 1,
      compliant,
      pendingCompliant: compliant,
    };
  });
}

/** Certificates on device `i` for account `accountId` (the device's owner): some expired, some expiring soon. */
export function certificateDocuments(tenant: Tenant, i: number, ownerId: number): Record<string, unknown>[] {
  const d = tenant.devices;
  const platform = PLATFORM_TYPES[d.platform[i] ?? 0] ?? 'IOS';
  const registered = d.lastRegistration[i] ?? tenant.anchor;
  const certs: {
    caName: string;
    caId: number;
    subject: string;
    notBefore: number;
    notAfter: number;
    configurationId: number | null;
    usage: string;
  }[] = [];
  const guid = ids.deviceGuid(tenant, i);
  if (platform === 'IOS' || platform === 'OSX') {
    certs.push({
      caName: 'iOSMDMCA',
      caId: 18004,
      subject: `CN=${ids.udid(tenant, i) ?? guid}`,
      notBefore: registered,
      notAfter: registered + 730 * DAY,
      configurationId: null,
      usage: 'DEVICE_IDENTITY',
    });
  }
  if (platform === 'IOS') {
    certs.push({
      caName: 'AppStoreFrontCA',
      caId: 18001,
      subject: `CN=${guid}`,
      notBefore: registered,
      notAfter: registered + 730 * DAY,
      configurationId: 37859,
      usage: 'UNKNOWN',
    });
  }
  if (assignedConfigs(tenant, i).some((config) => config.policyType === 'SCEP')) {
    const r = unit(tenant.seed, STREAM.certs, i);
    const remaining =
      r < 0.03
        ? -(1 + (hash32(tenant.seed, STREAM.certs + 1, i) % 60))
        : r < 0.09
          ? 1 + (hash32(tenant.seed, STREAM.certs + 1, i) % 29)
          : 60 + (hash32(tenant.seed, STREAM.certs + 1, i) % 640);
    const notAfter = tenant.anchor + remaining * DAY;
    certs.push({
      caName: 'Corp Issuing CA 01',
      caId: 18100,
      subject: `CN=${tenant.users.email[d.owner[i] ?? 0] ?? guid}`,
      notBefore: notAfter - 365 * DAY,
      notAfter,
      configurationId: 38300,
      usage: 'USER_IDENTITY',
    });
  }
  return certs.map((cert, k) => {
    const serial = 20000 + (hash32(tenant.seed, STREAM.certs + 2, i * 4 + k) % 900000);
    return {
      caCertificateStoreId: 44000 + k,
      caId: cert.caId,
      subject: cert.subject,
      issuer: `CN=na1-0006.mobileiron.net,OU=${cert.caName}`,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      certSerialNumber: serial,
      certState: cert.notAfter < Date.now() ? 'Expired' : 'Active',
      certUsageType: cert.usage,
      certAccountId: null,
      deviceId: tenant.deviceId(i),
      ownerId,
      platformType: platform,
      caTenantId: 1,
      caType: 'LOCAL',
      caName: cert.caName,
      privateKey: false,
      configurationId: cert.configurationId,
      certSerialNumberString: String(serial),
    };
  });
}

import type { DeviceCertificates, DeviceConfigs, DevicePolicies } from '@mdm-console/contract';
import type { Device, MdmClient } from '@mdm-console/mdm-api';
import { AppError } from '../errors.ts';
import { upstream, type Vendor } from '../upstream/vendor.ts';
import { DerivedAnswers } from './derived-answers.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A device reference from a URL: a numeric id or a GUID; anything else is a 400. */
export function deviceRef(raw: string): number | string {
  if (/^\d{1,15}$/.test(raw)) return Number(raw);
  if (GUID.test(raw)) return raw.toLowerCase();
  throw new AppError(400, 'INVALID_DEVICE_ID', 'A device is named by its numeric id or its GUID.');
}

/** The numeric id of a device reference (a GUID is resolved through the vendor). */
async function numericId(client: MdmClient, ref: number | string): Promise<number> {
  if (typeof ref === 'number') return ref;
  return (await upstream(() => client.getDevice(ref))).id;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const attrsOf = (attrs: Record<string, (string | null)[] | null>): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(attrs).map(([name, values]) => [name, (values ?? []).filter((v): v is string => v !== null)]),
  );

type VendorConfig = Awaited<ReturnType<MdmClient['getConfigs']>>[number];
type VendorPolicy = Awaited<ReturnType<MdmClient['getPolicies']>>[number];
type VendorCertificate = Awaited<ReturnType<MdmClient['getCertificates']>>[number];

/** Use cases on one device; each returns what the contract promises. Reads go through the vendor's read cache. */
export class DeviceService {
  private readonly vendor: Vendor;
  private readonly client: MdmClient;
  private readonly detailsAnswers = new DerivedAnswers<Device, { device: Device }>();
  private readonly configsAnswers = new DerivedAnswers<VendorConfig[], DeviceConfigs>();
  private readonly policiesAnswers = new DerivedAnswers<VendorPolicy[], DevicePolicies>();
  private readonly certificatesAnswers = new DerivedAnswers<VendorCertificate[], DeviceCertificates>();

  constructor(vendor: Vendor) {
    this.vendor = vendor;
    this.client = vendor.client;
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.vendor.cache.get(key, load);
  }

  async details(ref: number | string) {
    const device = await upstream(() => this.vendor.getDevice(ref));
    return this.detailsAnswers.of([device], () => ({ device }));
  }

  async configs(ref: number | string) {
    const id = await numericId(this.client, ref);
    const configs = await upstream(() => this.cached(`configs:${String(id)}`, () => this.client.getConfigs(id)));
    return this.configsAnswers.of([configs], () => ({
      configs: configs.map((c) => ({
        id: c.id,
        name: c.name ?? null,
        type: c.policyType ?? null,
        status: c.status ?? null,
        description: c.description ?? null,
      })),
    }));
  }

  async policies(ref: number | string) {
    const id = await numericId(this.client, ref);
    const policies = await upstream(() => this.cached(`policies:${String(id)}`, () => this.client.getPolicies(id)));
    return this.policiesAnswers.of([policies], () => ({
      policies: policies.map((p) => ({
        id: p.id,
        name: str(p.name)?.trim() ?? null,
        ruleType: p.policyRuleType ?? null,
        compliant: p.compliant ?? null,
      })),
    }));
  }

  async certificates(ref: number | string) {
    const device = await upstream(() => this.vendor.getDevice(ref));
    const certificates = await upstream(() =>
      this.cached(`certs:${String(device.id)}:${String(device.ownerId)}`, () =>
        this.client.getCertificates(device.id, device.ownerId ?? 0),
      ),
    );
    return this.certificatesAnswers.of([certificates], () => ({
      certificates: certificates.map((c) => ({
        subject: c.subject ?? null,
        issuer: c.issuer ?? null,
        caName: c.caName ?? null,
        notBefore: c.notBefore ?? null,
        notAfter: c.notAfter ?? null,
        state: c.certState ?? null,
        serialNumber:
          c.certSerialNumberString ??
          (c.certSerialNumber === null || c.certSerialNumber === undefined ? null : String(c.certSerialNumber)),
      })),
    }));
  }

  async attributes(ref: number | string) {
    return {
      attrs: attrsOf(
        await upstream(() => this.cached(`attrs:${String(ref)}`, () => this.client.getCustomAttributes(ref))),
      ),
    };
  }

  async replaceAttributes(ref: number | string, attrs: Record<string, string[]>) {
    await upstream(() => this.client.replaceCustomAttributes(ref, attrs));
    return this.attributes(ref);
  }

  async mergeAttributes(ref: number | string, attrs: Record<string, string[]>) {
    await upstream(() => this.client.patchCustomAttributes(ref, attrs, true));
    return this.attributes(ref);
  }

  async removeAttributes(ref: number | string, names: string[]) {
    await upstream(() => this.client.removeCustomAttributes(ref, names));
    return this.attributes(ref);
  }

  async configAction(ref: number | string, action: 'exclude' | 'pushBack' | 'reinstall', configIds: number[]) {
    const id = await numericId(this.client, ref);
    const call = {
      exclude: () => this.client.excludeConfigs(id, configIds),
      pushBack: () => this.client.pushBackConfigs(id, configIds),
      reinstall: () => this.client.reinstallConfigs(id, configIds),
    }[action];
    await upstream(call);
    return { ok: true as const };
  }

  async syncCompliance(ref: number | string, vendor: 'GoogleBC' | 'Intune') {
    const id = await numericId(this.client, ref);
    await upstream(() => this.client.syncCompliance(vendor, [id]));
    return { ok: true as const };
  }
}

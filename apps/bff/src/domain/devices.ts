import type { DeviceCertificates, DeviceConfigs, DevicePolicies } from '@mdm-console/contract';
import type { Device, MdmClient } from '@mdm-console/mdm-api';
import { AppError } from '../errors.ts';
import { upstream, type Vendor } from '../upstream/vendor.ts';
import { DerivedAnswers } from './derived-answers.ts';
import type { DeviceScope } from './device-scope.ts';
import type { ActiveSession } from './sessions.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A device reference from a URL: a numeric id or a GUID; anything else is a 400. */
export function deviceRef(raw: string): number | string {
  if (/^\d{1,15}$/.test(raw)) return Number(raw);
  if (GUID.test(raw)) return raw.toLowerCase();
  throw new AppError(400, 'INVALID_DEVICE_ID', 'A device is named by its numeric id or its GUID.');
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const attrsOf = (attrs: Record<string, (string | null)[] | null>): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(attrs).map(([name, values]) => [name, (values ?? []).filter((v): v is string => v !== null)]),
  );

type VendorConfig = Awaited<ReturnType<MdmClient['getConfigs']>>[number];
type VendorPolicy = Awaited<ReturnType<MdmClient['getPolicies']>>[number];
type VendorCertificate = Awaited<ReturnType<MdmClient['getCertificates']>>[number];

/**
 * Use cases on one device; each returns what the contract promises. Each first finds the device through the scope
 * check (a device outside the user's spaces does not exist for them). Reads go through the vendor's read cache.
 */
export class DeviceService {
  private readonly vendor: Vendor;
  private readonly scope: DeviceScope;
  private readonly client: MdmClient;
  private readonly detailsAnswers = new DerivedAnswers<Device, { device: Device }>();
  private readonly configsAnswers = new DerivedAnswers<VendorConfig[], DeviceConfigs>();
  private readonly policiesAnswers = new DerivedAnswers<VendorPolicy[], DevicePolicies>();
  private readonly certificatesAnswers = new DerivedAnswers<VendorCertificate[], DeviceCertificates>();

  constructor(vendor: Vendor, scope: DeviceScope) {
    this.vendor = vendor;
    this.client = vendor.client;
    this.scope = scope;
  }

  private readable(session: ActiveSession, ref: number | string): Promise<Device> {
    return this.scope.device(session, ref, 'devices:read');
  }

  private editable(session: ActiveSession, ref: number | string): Promise<Device> {
    return this.scope.device(session, ref, 'devices:edit');
  }

  async details(session: ActiveSession, ref: number | string) {
    const device = await this.readable(session, ref);
    return this.detailsAnswers.of([device], () => ({ device }));
  }

  async configs(session: ActiveSession, ref: number | string) {
    const { id } = await this.readable(session, ref);
    const configs = await upstream(() => this.vendor.getConfigs(id));
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

  async policies(session: ActiveSession, ref: number | string) {
    const { id } = await this.readable(session, ref);
    const policies = await upstream(() => this.vendor.getPolicies(id));
    return this.policiesAnswers.of([policies], () => ({
      policies: policies.map((p) => ({
        id: p.id,
        name: str(p.name)?.trim() ?? null,
        ruleType: p.policyRuleType ?? null,
        compliant: p.compliant ?? null,
      })),
    }));
  }

  async certificates(session: ActiveSession, ref: number | string) {
    const device = await this.readable(session, ref);
    const certificates = await upstream(() => this.vendor.getCertificates(device.id, device.ownerId ?? 0));
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

  async attributes(session: ActiveSession, ref: number | string) {
    await this.readable(session, ref);
    return this.attributesOf(ref);
  }

  private async attributesOf(ref: number | string) {
    return {
      attrs: attrsOf(await upstream(() => this.vendor.getCustomAttributes(ref))),
    };
  }

  async replaceAttributes(session: ActiveSession, ref: number | string, attrs: Record<string, string[]>) {
    await this.editable(session, ref);
    await upstream(() => this.client.replaceCustomAttributes(ref, attrs));
    return this.attributesOf(ref);
  }

  async mergeAttributes(session: ActiveSession, ref: number | string, attrs: Record<string, string[]>) {
    await this.editable(session, ref);
    await upstream(() => this.client.patchCustomAttributes(ref, attrs, true));
    return this.attributesOf(ref);
  }

  async removeAttributes(session: ActiveSession, ref: number | string, names: string[]) {
    await this.editable(session, ref);
    await upstream(() => this.client.removeCustomAttributes(ref, names));
    return this.attributesOf(ref);
  }

  async configAction(
    session: ActiveSession,
    ref: number | string,
    action: 'exclude' | 'pushBack' | 'reinstall',
    configIds: number[],
  ) {
    const { id } = await this.editable(session, ref);
    const call = {
      exclude: () => this.client.excludeConfigs(id, configIds),
      pushBack: () => this.client.pushBackConfigs(id, configIds),
      reinstall: () => this.client.reinstallConfigs(id, configIds),
    }[action];
    await upstream(call);
    return { ok: true as const };
  }

  async syncCompliance(session: ActiveSession, ref: number | string, vendor: 'GoogleBC' | 'Intune') {
    const { id } = await this.editable(session, ref);
    await upstream(() => this.client.syncCompliance(vendor, [id]));
    return { ok: true as const };
  }
}

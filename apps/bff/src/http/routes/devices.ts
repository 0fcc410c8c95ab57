import type { Router } from 'express';
import type { AuditLog } from '../../domain/audit.ts';
import { checkFq, searchDevices } from '../../domain/device-search.ts';
import { deviceRef, type DeviceService } from '../../domain/devices.ts';
import { hasPermission } from '../../domain/permissions.ts';
import type { Role } from '@mdm-console/contract';
import { mount } from '../endpoint.ts';
import type { Vendor } from '../../upstream/vendor.ts';
import type { SpaceResolver } from './space.ts';

export function deviceRoutes(
  router: Router,
  deps: { vendor: Vendor; devices: DeviceService; audit: AuditLog; space: SpaceResolver },
): void {
  const { vendor, devices, audit, space } = deps;
  const ref = (params: Record<string, string>) => deviceRef(params.id ?? '');

  mount(
    router,
    'searchDevices',
    async ({ query, session }) => {
      const mayUseFq = hasPermission(session.account.role as Role, 'devices:fq');
      return searchDevices(
        (params) => vendor.searchDevices(params),
        query,
        await space(session, query.space),
        mayUseFq,
      );
    },
    audit,
  );
  mount(router, 'checkFq', ({ query }) => checkFq(query.fq), audit);
  mount(router, 'getDevice', ({ params }) => devices.details(ref(params)), audit);
  mount(router, 'getDeviceConfigs', ({ params }) => devices.configs(ref(params)), audit);
  mount(router, 'getDevicePolicies', ({ params }) => devices.policies(ref(params)), audit);
  mount(router, 'getDeviceCertificates', ({ params }) => devices.certificates(ref(params)), audit);
  mount(router, 'getCustomAttributes', ({ params }) => devices.attributes(ref(params)), audit);
  mount(
    router,
    'replaceCustomAttributes',
    ({ params, body }) => devices.replaceAttributes(ref(params), body.attrs),
    audit,
  );
  mount(router, 'mergeCustomAttributes', ({ params, body }) => devices.mergeAttributes(ref(params), body.attrs), audit);
  mount(
    router,
    'removeCustomAttributes',
    ({ params, body }) => devices.removeAttributes(ref(params), body.names),
    audit,
  );
  mount(
    router,
    'excludeConfigs',
    ({ params, body }) => devices.configAction(ref(params), 'exclude', body.configIds),
    audit,
  );
  mount(
    router,
    'pushBackConfigs',
    ({ params, body }) => devices.configAction(ref(params), 'pushBack', body.configIds),
    audit,
  );
  mount(
    router,
    'reinstallConfigs',
    ({ params, body }) => devices.configAction(ref(params), 'reinstall', body.configIds),
    audit,
  );
  mount(router, 'syncCompliance', ({ params, body }) => devices.syncCompliance(ref(params), body.vendor), audit);
  mount(
    router,
    'reassignDevice',
    async ({ params, body, audit: details }) => {
      const result = await devices.reassign(ref(params), body.userId);
      details.vendorResult = { status: result.status };
      return result;
    },
    audit,
  );
  mount(router, 'getReassignment', ({ params }) => devices.reassignment(ref(params)), audit);
}

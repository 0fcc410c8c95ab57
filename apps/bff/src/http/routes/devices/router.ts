import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { checkFq } from '../../../domain/device-search.ts';
import { deviceRef } from '../../../domain/devices.ts';
import { mount } from '../../endpoint.ts';

export function deviceRoutes(router: Router, { deviceSearch, devices, audit }: Services): void {
  const ref = (params: Record<string, string>) => deviceRef(params.id ?? '');

  mount(router, 'searchDevices', ({ query, session }) => deviceSearch.search(session, query), audit);
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
}

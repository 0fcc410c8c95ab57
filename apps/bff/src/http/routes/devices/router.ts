import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { checkFq } from '../../../domain/device-search.ts';
import { deviceRef } from '../../../domain/devices.ts';
import { streamCsv } from '../../csv-stream.ts';
import { mount, mountRaw } from '../../endpoint.ts';

export function deviceRoutes(router: Router, { deviceSearch, deviceExport, devices, audit }: Services): void {
  const ref = (params: Record<string, string>) => deviceRef(params.id ?? '');

  mount(router, 'searchDevices', ({ query, session }) => deviceSearch.search(session, query), audit);
  mount(router, 'checkFq', ({ query }) => checkFq(query.fq), audit);
  // Before /devices/:id, which would take "export.csv" for a device id.
  mountRaw(router, 'exportDevices', async ({ query, session, req, res }) => {
    const run = await deviceExport.start(session, query);
    await streamCsv(req, res, { name: 'devices.csv', header: run.header, total: run.total }, run.pages);
  });
  mount(router, 'getDevice', ({ params, session }) => devices.details(session, ref(params)), audit);
  mount(router, 'getDeviceConfigs', ({ params, session }) => devices.configs(session, ref(params)), audit);
  mount(router, 'getDevicePolicies', ({ params, session }) => devices.policies(session, ref(params)), audit);
  mount(router, 'getDeviceCertificates', ({ params, session }) => devices.certificates(session, ref(params)), audit);
  mount(router, 'getCustomAttributes', ({ params, session }) => devices.attributes(session, ref(params)), audit);
  mount(
    router,
    'replaceCustomAttributes',
    ({ params, body, session }) => devices.replaceAttributes(session, ref(params), body.attrs),
    audit,
  );
  mount(
    router,
    'mergeCustomAttributes',
    ({ params, body, session }) => devices.mergeAttributes(session, ref(params), body.attrs),
    audit,
  );
  mount(
    router,
    'removeCustomAttributes',
    ({ params, body, session }) => devices.removeAttributes(session, ref(params), body.names),
    audit,
  );
  mount(
    router,
    'excludeConfigs',
    ({ params, body, session }) => devices.configAction(session, ref(params), 'exclude', body.configIds),
    audit,
  );
  mount(
    router,
    'pushBackConfigs',
    ({ params, body, session }) => devices.configAction(session, ref(params), 'pushBack', body.configIds),
    audit,
  );
  mount(
    router,
    'reinstallConfigs',
    ({ params, body, session }) => devices.configAction(session, ref(params), 'reinstall', body.configIds),
    audit,
  );
  mount(
    router,
    'syncCompliance',
    ({ params, body, session }) => devices.syncCompliance(session, ref(params), body.vendor),
    audit,
  );
}

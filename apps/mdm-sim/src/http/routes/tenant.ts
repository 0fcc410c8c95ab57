import { Router } from 'express';
import { fieldError, globalError } from '../../errors.ts';
import type { Simulator } from '../../simulator.ts';
import { DEP_SERVERS, SPACES } from '../../tenant/catalog.ts';
import { uuid } from '../../tenant/random.ts';
import { STREAM } from '../../tenant/streams.ts';
import { TRUE } from '../../tenant/tenant.ts';
import { ok, page } from '../request.ts';

const CREATED = 1509633426359;

export function tenantRouter(sim: Simulator): Router {
  const router = Router();
  const defaultSpace = SPACES.find((space) => space.domainRule === null) ?? SPACES[0];

  router.get('/api/v1/metadata/tenant', (_req, res) => {
    res.json(ok({ tenantId: 42410, name: 'ACME Corp', defaultDmPartitionId: defaultSpace?.id ?? 0 }));
  });

  router.get('/api/v1/tenant/partition/device', (_req, res) => {
    const counts = new Array<number>(SPACES.length).fill(0);
    const { devices } = sim.tenant;
    for (let i = 0; i < devices.count; i += 1) {
      if (devices.deleted[i] !== TRUE) counts[devices.partition[i] ?? 0] = (counts[devices.partition[i] ?? 0] ?? 0) + 1;
    }
    const spaces = SPACES.map((space, index) => ({
      id: space.id,
      createdAt: CREATED,
      createdBy: 1,
      modifiedAt: CREATED + index * 86_400_000,
      modifiedBy: 123,
      name: space.name,
      description: space.description,
      domainRule: space.domainRule,
      defaultPartition: space.domainRule === null,
      priority: space.priority,
      guid: null,
      appCount: 0,
      contentCount: 0,
      memberCount: 0,
      countLastUpdatedAt: null,
      treeView: null,
      deviceCount: counts[index] ?? 0,
      configurationCount: 14,
      policyCount: 6,
      deviceGroupCount: 8,
    }));
    res.json(ok({ ...page(spaces), limit: 50 }));
  });

  router.get('/api/v1/depServer', (_req, res) => {
    const servers = DEP_SERVERS.map((server) => ({
      id: server.id,
      serverUuid: uuid(sim.tenant.seed, 90, server.id),
      serverName: server.serverName,
      tokenExpiresAt: sim.tenant.anchor + 200 * 86_400_000,
      lastSyncedAt: sim.tenant.anchor - 3_600_000,
    }));
    res.json(ok({ ...page(servers), limit: 50 }));
  });

  // The documents write the path both as /depServer{id}/profiles and /depServer/{id}/profiles.
  router.get(/^\/api\/v1\/depServer\/?(\d+)\/profiles$/, (req, res) => {
    const id = Number(req.params[0]);
    if (!Number.isInteger(id)) throw fieldError('id', 'TypeMismatch', 'the DEP server id must be a number');
    const server = DEP_SERVERS.find((candidate) => candidate.id === id);
    if (!server) throw globalError(404, 'NotFound', `No DEP server has the id ${id}`);
    res.json(
      ok(
        server.profiles.map((profileName, k) => ({
          id: 51799 + server.id * 10 + k,
          uuid: uuid(sim.tenant.seed, STREAM.configs + 9, server.id * 10 + k),
          profileName,
          allowPairing: true,
          softwareUpdateEnabled: false,
          anchorCerts: null,
          department: profileName.includes('Store') ? 'Retail' : 'IT',
          mandatory: true,
          mdmRemovable: false,
          maximumResidentUsers: profileName.includes('Shared') ? 8 : 0,
          multiUser: profileName.includes('Shared'),
          orgMagic: uuid(sim.tenant.seed, 90, server.id),
          skipSetupItems: ['Biometric', 'Payment', 'Siri', 'Diagnostics'],
          supervised: true,
          supervisingHostCerts: null,
          supportPhoneNumber: '+1 800 555 0199',
          supportEmailAddress: 'it-help@acme-corp.com',
          url: 'https://acme.mobileiron.example/c/i/dep/dep.mobileconfig',
          accountConfiguration: {
            skipPrimarySetupAccountCreation: false,
            setPrimarySetupAccountAsRegularUser: false,
            skipAutoSetupAdminAccounts: true,
            autoSetupAdminAccounts: null,
          },
          showCustomTextOnLoginPage: false,
          customText: null,
          awaitDeviceConfig: true,
          timeLimit: 3,
          enableCustomEnrollment: false,
          configurationWebUrl: null,
          virtualServerId: server.id,
          status: 'ACTIVE',
          description: null,
          newProfileUuid: null,
          createdAt: CREATED,
          createdBy: 1,
          modifiedAt: CREATED,
          modifiedBy: 1,
          numOfDevices: 0,
          default: k === 0,
        })),
      ),
    );
  });

  return router;
}

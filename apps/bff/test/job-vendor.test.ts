import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MdmClient, reassignmentRefusal } from '@mdm-console/mdm-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientJobVendor } from '../src/upstream/job-vendor.ts';

/** Search rows as a tenant may send them: some say whether an Android device is in Android Enterprise, some do not. */
const ROWS = [
  { id: 1, platformType: 'ANDROID', registrationState: 'ACTIVE', androidWorkEnabled: false },
  { id: 2, platformType: 'ANDROID', registrationState: 'ACTIVE', androidWorkEnabled: true },
  { id: 3, platformType: 'ANDROID', registrationState: 'ACTIVE' },
  { id: 4, platformType: 'IOS', registrationState: 'ACTIVE', supervised: false, lastReassignmentStatus: 'FAILED' },
];

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ errors: null, result: { totalCount: ROWS.length, searchResults: ROWS } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('device snapshots read from the vendor for jobs', () => {
  it('when a search row says an Android device is not in Android Enterprise, then it is not reassignable', async () => {
    const vendor = clientJobVendor(new MdmClient({ baseUrl: base, username: 'u', password: 'p', retryLimit: 0 }));
    const snapshots = await vendor.snapshots([1, 2, 3, 4], 1);
    const refusals = [1, 2, 3, 4].map((id) => {
      const device = snapshots.get(id);
      return device && reassignmentRefusal({ platformType: device.platform, ...device });
    });
    expect(refusals).toEqual(['PLATFORM_NOT_SUPPORTED', undefined, undefined, 'NOT_SUPERVISED']);
    expect(snapshots.get(4)?.reassignment).toBe('FAILED');
  });
});

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

describe("an import's values sent to the vendor", () => {
  it('when devices have their own attributes and owners, then each gets its own call, owners grouped by account, and a device without values is refused', async () => {
    const calls: { method: string; url: string; body: string }[] = [];
    const recorder = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        calls.push({ method: req.method ?? '', url: req.url ?? '', body });
        res.setHeader('content-type', 'application/json');
        const refused = body.includes('deviceIds=12') ? [{ id: 12, actionExceptionCodes: ['NOT_SUPERVISED'] }] : [];
        res.end(
          JSON.stringify({
            errors: null,
            result: req.url?.includes('updateAccount') ? { totalCount: refused.length, searchResults: refused } : 1,
          }),
        );
      });
    });
    recorder.listen(0, '127.0.0.1');
    await once(recorder, 'listening');
    try {
      const url = `http://127.0.0.1:${String((recorder.address() as AddressInfo).port)}`;
      const vendor = clientJobVendor(new MdmClient({ baseUrl: url, username: 'u', password: 'p', retryLimit: 0 }));
      const result = await vendor.sendImported(
        [10, 11, 12, 13, 14],
        new Map([
          [10, { attrs: { room: ['R1'] } }],
          [11, { attrs: { room: ['R2', 'R3'] } }],
          [12, { accountId: 7 }],
          [13, { accountId: 7 }],
        ]),
      );
      expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
        'PATCH /api/v1/device/10/customattributes',
        'PATCH /api/v1/device/11/customattributes',
        'PUT /api/v1/device/updateAccount',
      ]);
      expect(JSON.parse(calls[1]?.body ?? '{}')).toEqual({ attrs: { room: ['R2', 'R3'] }, forceOverwrite: true });
      expect(new URLSearchParams(calls[2]?.body).get('deviceIds')).toBe('12,13');
      expect(result.acted).toBe(3);
      expect(result.refused).toEqual(
        new Map([
          [14, ['NOT_IN_IMPORT']],
          [12, ['NOT_SUPERVISED']],
        ]),
      );
    } finally {
      recorder.closeAllConnections();
      recorder.close();
    }
  });
});

describe("a job's reads when the vendor has a bad moment", () => {
  /** A tenant answering each search with the next status of `statuses`, then 200. */
  async function scriptedTenant(statuses: number[]) {
    let calls = 0;
    const tenant = createServer((_req, res) => {
      const status = statuses[calls] ?? 200;
      calls += 1;
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ errors: null, result: { totalCount: ROWS.length, searchResults: ROWS } }));
    });
    tenant.listen(0, '127.0.0.1');
    await once(tenant, 'listening');
    const url = `http://127.0.0.1:${String((tenant.address() as AddressInfo).port)}`;
    return {
      vendor: clientJobVendor(new MdmClient({ baseUrl: url, username: 'u', password: 'p', retryLimit: 0 })),
      calls: () => calls,
      close: () => {
        tenant.closeAllConnections();
        tenant.close();
      },
    };
  }

  it('when a read fails with a server error after the client gave up, then the job tries it again and carries on', async () => {
    const tenant = await scriptedTenant([503]);
    try {
      expect((await tenant.vendor.snapshots([1, 2], 1)).size).toBe(ROWS.length);
      expect(tenant.calls()).toBe(2);
    } finally {
      tenant.close();
    }
  });

  it('when the vendor refuses a read as a bad request, then it is not tried again', async () => {
    const tenant = await scriptedTenant([400]);
    try {
      await expect(tenant.vendor.snapshots([1, 2], 1)).rejects.toMatchObject({ kind: 'bad-request' });
      expect(tenant.calls()).toBe(1);
    } finally {
      tenant.close();
    }
  });
});

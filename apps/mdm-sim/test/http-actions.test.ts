import {
  actionResponseSchema,
  countResponseSchema,
  DEVICE_ACTIONS,
  deviceConfigsResponseSchema,
  deviceDetailsResponseSchema,
  deviceSearchResponseSchema,
  errorEnvelopeSchema,
  parseCustomAttributes,
  reassignResponseSchema,
  viabilityResponseSchema,
  type DeviceAction,
} from '@mdm-console/mdm-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSimulator, type RunningSimulator } from '../src/server.ts';
import { defaultSettings } from '../src/settings.ts';
import { eventually, form, multipart, send, type Reply } from './http-client.ts';

let sim: RunningSimulator;
const get = (path: string): Promise<Reply> => send(sim.url, 'GET', path);
const put = (path: string, body?: string, contentType = 'application/x-www-form-urlencoded'): Promise<Reply> =>
  send(sim.url, 'PUT', path, body === undefined ? {} : { body, contentType });
const json = (method: string, path: string, body: unknown, contentType = 'application/json'): Promise<Reply> =>
  send(sim.url, method, path, { body: JSON.stringify(body), contentType });

const actionLogSchema = z.array(
  z.object({
    seq: z.number(),
    action: z.string(),
    deviceId: z.number(),
    at: z.number(),
    params: z.record(z.string(), z.unknown()),
  }),
);
async function actionLog() {
  return actionLogSchema.parse((await get('/__sim/actions')).json);
}
async function details(id: number) {
  return deviceDetailsResponseSchema.parse((await get(`/api/v1/device/${id}`)).json).result;
}
async function idsWhere(fq: string, rows = 40): Promise<number[]> {
  const reply = await get(`/api/v1/device?rows=${rows}&fq=${encodeURIComponent(fq)}`);
  return deviceSearchResponseSchema.parse(reply.json).result.searchResults.map((d) => d.id);
}
function fieldErrorOf(reply: Reply): string | null | undefined {
  return errorEnvelopeSchema.parse(reply.json).errors.fieldErrors?.[0]?.field;
}

const PARAMS: Partial<Record<DeviceAction, Record<string, string>>> = {
  unlock: { deviceUnlockPin: '123ab400' },
  scheduleOSUpdate: { version: '18.1' },
  enableLostMode: {
    message: 'This device has been lost.',
    phoneNumber: '555-555-5555',
    changeFootnote: 'true',
    footnote: 'Lost Phone',
  },
};

beforeAll(async () => {
  sim = await startSimulator(defaultSettings({ port: 0, devices: 3000, seed: 42, actionDelayMs: 25 }));
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await send(sim.url, 'POST', '/__sim/reset');
});

describe('every action and its viability check', () => {
  it.each(DEVICE_ACTIONS.filter((a) => a !== 'relinquishOwnershipCancel'))(
    'when %s targets a mixed set, then it acts on exactly the devices its viability check allows',
    async (action) => {
      const ids = [
        ...(await idsWhere("registrationState EQ 'ACTIVE'", 60)),
        ...(await idsWhere("registrationState NE 'ACTIVE'", 5)),
        99999999,
      ];
      const check = await get(`/api/v1/device/${action}?checkViability=true&ids=${ids.join(',')}`);
      const rejected = viabilityResponseSchema.parse(check.json).result.searchResults;
      expect(rejected.every((d) => (d.actionExceptionCodes ?? []).length > 0)).toBe(true);
      expect(rejected.find((d) => d.id === 99999999)?.actionExceptionCodes).toEqual(['DEVICE_NOT_FOUND']);
      const eligible = ids.filter((id) => !rejected.some((d) => d.id === id));
      const reply = await put(`/api/v1/device/${action}`, form({ ids: ids.map(String), ...(PARAMS[action] ?? {}) }));
      expect(reply.status, reply.text).toBe(200);
      expect(actionResponseSchema.parse(reply.json).result).toBe(eligible.length);
      const logged = (await actionLog()).filter((entry) => entry.action === action).map((entry) => entry.deviceId);
      expect(logged.sort()).toEqual(eligible.sort());
    },
  );

  it('when relinquishment is checked with the documented PUT, then it answers the eligible count; cancel undoes a pending one', async () => {
    const cope = await idsWhere(
      "androidWorkDeviceOwnerWithWorkProfileEnabled EQ 'true' AND registrationState EQ 'ACTIVE'",
      3,
    );
    const count = countResponseSchema.parse(
      (await put(`/api/v1/device/relinquishOwnership?checkViability=true&ids=${cope.join(',')}`)).json,
    ).result;
    expect(count).toBe(cope.length);
    expect(
      actionResponseSchema.parse((await put(`/api/v1/device/relinquishOwnership?ids=${cope.join(',')}`)).json).result,
    ).toBe(cope.length);
    expect(
      actionResponseSchema.parse((await put(`/api/v1/device/relinquishOwnershipCancel?ids=${cope.join(',')}`)).json)
        .result,
    ).toBe(cope.length);
    expect(
      actionResponseSchema.parse((await put(`/api/v1/device/relinquishOwnershipCancel?ids=${cope.join(',')}`)).json)
        .result,
    ).toBe(0);
  });

  it('when a GET action lacks checkViability=true, then 400', async () => {
    expect(fieldErrorOf(await get('/api/v1/device/lock?ids=22001'))).toBe('checkViability');
  });

  it('when an action has no ids, then 400 names ids', async () => {
    expect(fieldErrorOf(await put('/api/v1/device/lock', ''))).toBe('ids');
    expect(fieldErrorOf(await put('/api/v1/device/lock?ids=abc'))).toBe('ids');
  });
});

describe('the forms real clients send', () => {
  it('when ids are repeated, comma-joined, on the query string, in multipart, or as GUIDs, then all are understood', async () => {
    const ids = await idsWhere("registrationState EQ 'ACTIVE' AND platformType EQ 'IOS'", 6);
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = ids;
    expect(
      actionResponseSchema.parse((await put('/api/v1/device/forceCheckin', `ids=${a}&ids=${b}`)).json).result,
    ).toBe(2);
    expect(actionResponseSchema.parse((await put(`/api/v1/device/forceCheckin?ids=${c},${d}`)).json).result).toBe(2);
    const parts = multipart({ ids: String(e) });
    expect(
      actionResponseSchema.parse(
        (
          await send(sim.url, 'PUT', '/api/v1/device/forceCheckin', {
            body: parts.body,
            contentType: parts.contentType,
          })
        ).json,
      ).result,
    ).toBe(1);
    const guid = (await details(f)).guid ?? '';
    expect(actionResponseSchema.parse((await put(`/api/v1/device/lock?guids=${guid}`)).json).result).toBe(1);
    const message =
      'sendPushNotification=True&pushNotificationMessage=Docs+test+of+bulk+messages&sendEmail=false&emailSubject=&emailBody=&dmPartitionId=23504&deviceIds=' +
      `${a}%2C${b}`;
    expect(actionResponseSchema.parse((await put('/api/v1/device/message', message)).json).result).toBe(true);
    const logged = (await actionLog()).filter((entry) => entry.action === 'message');
    expect(logged.map((entry) => entry.deviceId)).toEqual([a, b]);
    expect(logged[0]?.params.pushNotificationMessage).toBe('Docs test of bulk messages');
  });

  it('when the same id is sent twice in one call, then the device is acted on once', async () => {
    const [a = 0] = await idsWhere("registrationState EQ 'ACTIVE' AND platformType EQ 'ANDROID'", 1);
    expect(actionResponseSchema.parse((await put(`/api/v1/device/lock?ids=${a},${a}&ids=${a}`)).json).result).toBe(1);
    expect((await actionLog()).length).toBe(1);
  });
});

describe('documented parameter constraints', () => {
  it.each([
    ['unlock', { deviceUnlockPin: '12' }, 'deviceUnlockPin'],
    ['unlock', { deviceUnlockPin: '123456789' }, 'deviceUnlockPin'],
    ['unlock', { deviceUnlockPin: 'abc-12345' }, 'deviceUnlockPin'],
    ['enableLostMode', { message: 'Lost', changeFootnote: 'true', footnote: 'sixteen chars!!!' }, 'footnote'],
    ['enableLostMode', { message: '' }, 'message'],
    ['scheduleOSUpdate', { version: 'latest' }, 'version'],
    ['wipe', { returnToServiceEnabled: 'true' }, 'wifiPolicyId'],
    ['wipe', { iosPreserveDataPlan: 'maybe' }, 'iosPreserveDataPlan'],
  ])('when %s gets %j, then 400 names %s and nothing is done', async (action, params, field) => {
    const reply = await put(`/api/v1/device/${action}`, form({ ids: '22001', ...params }));
    expect(reply.status).toBe(400);
    expect(fieldErrorOf(reply)).toBe(field);
    expect(await actionLog()).toEqual([]);
  });

  it('when the unlock PIN is empty or 6-8 letters and digits, then it is accepted', async () => {
    for (const pin of ['', '123456', 'Ab3dE6g8'])
      expect((await put('/api/v1/device/unlock', form({ ids: '22001', deviceUnlockPin: pin }))).status).toBe(200);
  });

  it('when a message has nothing to send, then 400', async () => {
    expect(
      fieldErrorOf(await put('/api/v1/device/message', form({ deviceIds: '22001', sendPushNotification: 'false' }))),
    ).toBe('sendPushNotification');
  });

  it('when compliance is synced, then GoogleBC and Intune are accepted and others refused', async () => {
    expect(
      actionResponseSchema.parse(
        (
          await send(sim.url, 'POST', '/api/v1/device/compliance/sync?vendor=GoogleBC', {
            body: 'ids=22001&ids=22002',
            contentType: 'application/x-www-form-urlencoded',
          })
        ).json,
      ).result,
    ).toBeGreaterThan(0);
    expect((await send(sim.url, 'POST', '/api/v1/device/compliance/sync?vendor=Intune&ids=22001')).status).toBe(200);
    expect(fieldErrorOf(await send(sim.url, 'POST', '/api/v1/device/compliance/sync?vendor=Other&ids=22001'))).toBe(
      'vendor',
    );
  });
});

describe('asynchronous state', () => {
  it('when a device is wiped, then it moves ACTIVE → WIPE_PENDING → WIPE_SENT → WIPED', async () => {
    const [id = 0] = await idsWhere("registrationState EQ 'ACTIVE'", 1);
    await put(
      '/api/v1/device/wipe',
      form({
        ids: String(id),
        iosDisallowProximitySetup: 'false',
        iosPreserveDataPlan: 'true',
        message: 'Decommissioning',
      }),
    );
    expect((await details(id)).registrationState).toBe('WIPE_PENDING');
    expect(fieldErrorOf(await send(sim.url, 'DELETE', `/api/v1/device?deviceIds=${id}`))).toBe('deviceIds');
    const seen = new Set<string>();
    expect(
      await eventually(async () => {
        seen.add(String((await details(id)).registrationState));
        return seen.has('WIPED');
      }),
    ).toBe(true);
    expect(seen.has('WIPE_SENT') || seen.has('WIPED')).toBe(true);
  });

  it('when a device is retired, then it ends RETIRED, and can then be deleted', async () => {
    const [id = 0] = await idsWhere("registrationState EQ 'ACTIVE'", 1);
    await put(`/api/v1/device/retire?ids=${id}`);
    expect((await details(id)).registrationState).toBe('RETIRE_PENDING');
    expect(await eventually(async () => (await details(id)).registrationState === 'RETIRED')).toBe(true);
    expect(
      actionResponseSchema.parse((await send(sim.url, 'DELETE', `/api/v1/device?deviceIds=${id}`)).json).result,
    ).toBe(1);
    expect((await get(`/api/v1/device/${id}`)).status).toBe(404);
    expect(await idsWhere(`id EQ ${id}`)).toEqual([]);
  });

  it('when an ACTIVE device is deleted in a batch with a retired one, then 400 and neither is deleted', async () => {
    const [activeId = 0] = await idsWhere("registrationState EQ 'ACTIVE'", 1);
    const [retiredId = 0] = await idsWhere("registrationState EQ 'RETIRED'", 1);
    const reply = await send(sim.url, 'DELETE', `/api/v1/device?deviceIds=${activeId},${retiredId}`);
    expect(reply.status).toBe(400);
    expect((await get(`/api/v1/device/${retiredId}`)).status).toBe(200);
  });

  it('when a device is reassigned, then the status goes INITIATED then settles, and the owner follows on success', async () => {
    const ids = await idsWhere("registrationState EQ 'ACTIVE' AND platformType EQ 'ANDROID'", 40);
    const target = (await details(22500)).ownerId ?? 0;
    const reply = await put(
      '/api/v1/device/updateAccount',
      form({ accountId: String(target), deviceIds: ids.join(',') }),
    );
    expect(reassignResponseSchema.parse(reply.json).result.searchResults).toEqual([]);
    expect((await details(ids[0] ?? 0)).lastReassignmentStatus).toBe('INITIATED');
    expect(await eventually(async () => (await details(ids[0] ?? 0)).lastReassignmentStatus !== 'INITIATED')).toBe(
      true,
    );
    const settled = await Promise.all(ids.map((id) => details(id)));
    for (const device of settled) {
      expect(['SUCCESS', 'FAILED']).toContain(device.lastReassignmentStatus);
      if (device.lastReassignmentStatus === 'SUCCESS') expect(device.ownerId).toBe(target);
      else expect(device.ownerId).not.toBe(target);
    }
    expect(fieldErrorOf(await put('/api/v1/device/updateAccount', form({ accountId: '1', deviceIds: '22001' })))).toBe(
      'accountId',
    );
  });

  it('when an unsupervised iPhone is reassigned, then it is returned as ineligible', async () => {
    const [id = 0] = await idsWhere(
      "platformType EQ 'IOS' AND supervised EQ false AND registrationState EQ 'ACTIVE'",
      1,
    );
    const reply = await put(
      '/api/v1/device/updateAccount',
      form({ accountId: String((await details(22002)).ownerId), deviceIds: String(id) }),
    );
    expect(
      reassignResponseSchema.parse(reply.json).result.searchResults.map((d) => [d.id, d.actionExceptionCodes]),
    ).toEqual([[id, ['NOT_SUPERVISED']]]);
  });
});

describe('custom attributes', () => {
  const attrsOf = async (device: string | number) => {
    return parseCustomAttributes((await get(`/api/v1/device/${device}/customattributes`)).json).attrs;
  };

  it('when attributes are replaced, patched, appended and removed both ways, then each behaves as documented and search follows', async () => {
    const guid = (await details(22001)).guid ?? '';
    expect(
      (await json('POST', '/api/v1/device/22001/customattributes', { attrs: { a: ['valuea'], b: ['valueb'] } })).status,
    ).toBe(200);
    expect(await attrsOf(guid)).toEqual({ a: ['valuea'], b: ['valueb'] });
    await json(
      'PATCH',
      `/api/v1/device/${guid}/customattributes`,
      { attrs: { a: ['value_a_patched'] }, forceOverwrite: true },
      'text/plain',
    );
    expect(await attrsOf(22001)).toEqual({ a: ['value_a_patched'], b: ['valueb'] });
    await json('PATCH', '/api/v1/device/22001/customattributes', {
      attrs: { b: ['second'], 'floor_#': ['3'] },
      forceOverwrite: false,
    });
    expect(await attrsOf(22001)).toEqual({ a: ['value_a_patched'], b: ['valueb', 'second'], 'floor_#': ['3'] });
    expect(await idsWhere("CFDEVICE[floor_#] EQ '3'")).toEqual([22001]);
    expect(await idsWhere("CFDEVICE[b] EQ 'second'")).toEqual([22001]);
    await json('DELETE', `/api/v1/device/${guid}/customattributes`, { attrs: { a: ['value_a_patched'] } });
    expect(Object.keys(await attrsOf(22001))).toEqual(['b', 'floor_#']);
    await json('DELETE', '/api/v1/device/customattributes', { ids: ['22001'], attrKeys: ['b', 'floor_#'] });
    expect(await attrsOf(22001)).toEqual({});
    expect(await idsWhere("CFDEVICE[b] EQ 'second'")).toEqual([]);
  });

  it('when a numeric attribute gets text, or the body is not JSON, then 400 and nothing changes', async () => {
    const before = await attrsOf(22002);
    expect(
      fieldErrorOf(await json('POST', '/api/v1/device/22002/customattributes', { attrs: { 'floor_#': ['three'] } })),
    ).toBe('attrs.floor_#');
    expect(
      (
        await send(sim.url, 'POST', '/api/v1/device/22002/customattributes', {
          body: '{"attrs":',
          contentType: 'application/json',
        })
      ).status,
    ).toBe(400);
    expect((await json('POST', '/api/v1/device/22002/customattributes', { nope: 1 })).status).toBe(400);
    expect(await attrsOf(22002)).toEqual(before);
  });
});

describe('configurations', () => {
  it('when a configuration is excluded, pushed back and re-installed, then its status follows', async () => {
    const configs = deviceConfigsResponseSchema.parse((await get('/api/v1/device/22001/configs')).json).result
      .searchResults;
    const id = configs[0]?.id ?? 0;
    const statusOf = async () =>
      deviceConfigsResponseSchema
        .parse((await get('/api/v1/device/22001/configs')).json)
        .result.searchResults.find((c) => c.id === id)?.status;
    expect(
      actionResponseSchema.parse((await put('/api/v1/device/22001/uninstallconfigs', `policyIds=${id}`)).json).result,
    ).toBe(true);
    expect(await statusOf()).toBe('INACTIVE');
    await send(sim.url, 'DELETE', `/api/v1/device/22001/uninstallconfigs?policyIds=${id}`);
    expect(await statusOf()).toBe('PENDING');
    expect(await eventually(async () => (await statusOf()) === 'INSTALLED')).toBe(true);
    await put('/api/v1/device/22001/reinstallconfigs', `policyIds=${id}`);
    expect(await statusOf()).toBe('PENDING');
    expect(fieldErrorOf(await put('/api/v1/device/22001/reinstallconfigs', 'policyIds=1'))).toBe('policyIds');
  });
});

import {
  COMPLIANCE_SYNC_VENDORS,
  DEVICE_ACTIONS,
  LOST_MODE_FOOTNOTE_MAX,
  OS_VERSION_PATTERN,
  UNLOCK_PIN_PATTERN,
  type DeviceAction,
  type RuledAction,
} from '@mdm-console/mdm-api';
import { Router } from 'express';
import { eligibleDevices, performAction, type ActionParams } from '../../actions/perform.ts';
import { exceptionCodes } from '../../actions/viability.ts';
import { fieldError } from '../../errors.ts';
import type { Simulator } from '../../simulator.ts';
import { searchDocument } from '../../tenant/device-document.ts';
import type { Params } from '../params.ts';
import { findDevice, ok, page, requestParams } from '../request.ts';

/** Device indexes named by `ids` and `guids`; unknown ones come back in `missing`. */
function targets(sim: Simulator, params: Params, idsParam = 'ids'): { indexes: number[]; missing: number[] } {
  const ids = params.ids(idsParam);
  const guids = params.list('guids');
  if (ids.length === 0 && guids.length === 0) throw fieldError(idsParam, 'NotNull', `${idsParam} is required`);
  const indexes: number[] = [];
  const missing: number[] = [];
  for (const id of ids) {
    const index = sim.tenant.indexOfDeviceId(id);
    if (index >= 0) indexes.push(index);
    else missing.push(id);
  }
  for (const guid of guids) {
    const index = findDevice(sim, guid);
    if (index !== undefined) indexes.push(index);
  }
  return { indexes, missing };
}

/** The viability answer: only the devices that CANNOT take the action, with why. */
function viabilityResult(sim: Simulator, action: RuledAction, indexes: readonly number[], missing: readonly number[]) {
  const rejected: Record<string, unknown>[] = [];
  for (const i of new Set(indexes)) {
    const codes = exceptionCodes(sim.tenant, i, action);
    if (codes.length > 0) rejected.push({ ...searchDocument(sim.tenant, i), actionExceptionCodes: codes });
  }
  for (const id of missing) rejected.push({ id, actionExceptionCodes: ['DEVICE_NOT_FOUND'] });
  return page(rejected);
}

/** Checks each action's parameters as the vendor documents them; returns what to log with the action. */
function actionParams(action: DeviceAction, params: Params): ActionParams {
  switch (action) {
    case 'unlock': {
      const pin = params.one('deviceUnlockPin') ?? '';
      if (!UNLOCK_PIN_PATTERN.test(pin))
        throw fieldError('deviceUnlockPin', 'Pattern', 'deviceUnlockPin must be empty or 6 to 8 letters and digits');
      return { pinGiven: pin !== '' };
    }
    case 'scheduleOSUpdate': {
      const version = (params.one('version') ?? '').trim();
      if (!OS_VERSION_PATTERN.test(version))
        throw fieldError('version', 'Pattern', 'version must be an OS version such as 17.6.1');
      return { version };
    }
    case 'enableLostMode': {
      const message = (params.one('message') ?? '').trim();
      if (message === '') throw fieldError('message', 'NotNull', 'message is required');
      const changeFootnote = params.bool('changeFootnote') ?? false;
      const footnote = params.one('footnote') ?? '';
      if (footnote.length > LOST_MODE_FOOTNOTE_MAX)
        throw fieldError('footnote', 'Size', `footnote must be at most ${LOST_MODE_FOOTNOTE_MAX} characters`);
      return {
        message,
        phoneNumber: params.one('phoneNumber') ?? null,
        changeFootnote,
        footnote: changeFootnote ? footnote : null,
      };
    }
    case 'wipe': {
      const returnToService = params.bool('returnToServiceEnabled') ?? false;
      const wifiPolicyId = params.int('wifiPolicyId', 1, Number.MAX_SAFE_INTEGER);
      if (returnToService && wifiPolicyId === undefined)
        throw fieldError('wifiPolicyId', 'NotNull', 'wifiPolicyId is required with returnToServiceEnabled=true');
      return {
        iosDisallowProximitySetup: params.bool('iosDisallowProximitySetup') ?? false,
        iosPreserveDataPlan: params.bool('iosPreserveDataPlan') ?? false,
        returnToServiceEnabled: returnToService,
        wifiPolicyId: wifiPolicyId ?? null,
        message: params.one('message') ?? '',
      };
    }
    default:
      return {};
  }
}

function isDeviceAction(name: string): name is DeviceAction {
  return (DEVICE_ACTIONS as readonly string[]).includes(name);
}

export function actionsRouter(sim: Simulator): Router {
  const router = Router();

  router.put('/api/v1/device/updateAccount', (req, res) => {
    const params = requestParams(req);
    const accountId = params.int('accountId', 0, Number.MAX_SAFE_INTEGER);
    if (accountId === undefined) throw fieldError('accountId', 'NotNull', 'accountId is required');
    if (sim.tenant.indexOfUserId(accountId) < 0)
      throw fieldError('accountId', 'InvalidAccount', `No user has the id ${accountId}`);
    const { indexes, missing } = targets(sim, params, 'deviceIds');
    const rejected = viabilityResult(sim, 'updateAccount', indexes, missing);
    performAction(sim.actionContext(), 'updateAccount', indexes, { accountId });
    res.json(ok(rejected));
  });

  router.put('/api/v1/device/message', (req, res) => {
    const params = requestParams(req);
    const push = params.bool('sendPushNotification') ?? false;
    const email = params.bool('sendEmail') ?? false;
    if (!push && !email)
      throw fieldError('sendPushNotification', 'NotNull', 'send a push notification, an email, or both');
    const message = params.one('pushNotificationMessage') ?? '';
    if (push && message.trim() === '')
      throw fieldError(
        'pushNotificationMessage',
        'NotNull',
        'pushNotificationMessage is required with sendPushNotification=true',
      );
    if (email && (params.one('emailSubject') ?? '').trim() === '')
      throw fieldError('emailSubject', 'NotNull', 'emailSubject is required with sendEmail=true');
    const { indexes } = targets(sim, params, 'deviceIds');
    performAction(sim.actionContext(), 'message', indexes, {
      pushNotificationMessage: push ? message : null,
      sendEmail: email,
      emailSubject: email ? (params.one('emailSubject') ?? '') : null,
    });
    res.json(ok(true));
  });

  router.post('/api/v1/device/compliance/sync', (req, res) => {
    const params = requestParams(req);
    const vendor = (params.one('vendor') ?? '').trim();
    const known = COMPLIANCE_SYNC_VENDORS.find((name) => name.toLowerCase() === vendor.toLowerCase());
    if (!known)
      throw fieldError('vendor', 'InvalidVendor', `vendor must be one of ${COMPLIANCE_SYNC_VENDORS.join(', ')}`);
    const { indexes } = targets(sim, params);
    const devices = eligibleDevices(sim.tenant, 'forceCheckin', indexes);
    sim.log.record(
      'complianceSync',
      devices.map((i) => sim.tenant.deviceId(i)),
      { vendor: known },
      Date.now(),
    );
    res.json(ok(devices.length));
  });

  router.get('/api/v1/device/:action', (req, res, next) => {
    const action = req.params.action;
    if (!isDeviceAction(action)) {
      next();
      return;
    }
    const params = requestParams(req);
    if (params.bool('checkViability') !== true)
      throw fieldError('checkViability', 'NotNull', `GET ${action} only checks viability: send checkViability=true`);
    const { indexes, missing } = targets(sim, params);
    res.json(ok(viabilityResult(sim, action, indexes, missing)));
  });

  router.put('/api/v1/device/:action', (req, res, next) => {
    const action = req.params.action;
    if (!isDeviceAction(action)) {
      next();
      return;
    }
    const params = requestParams(req);
    const { indexes, missing } = targets(sim, params);
    if (params.bool('checkViability') === true) {
      // relinquishOwnership's documented check is a PUT answering the number of eligible devices.
      if (action === 'relinquishOwnership') return res.json(ok(eligibleDevices(sim.tenant, action, indexes).length));
      return res.json(ok(viabilityResult(sim, action, indexes, missing)));
    }
    const logged = actionParams(action, params);
    res.json(ok(performAction(sim.actionContext(), action, indexes, logged)));
  });

  return router;
}

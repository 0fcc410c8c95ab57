import { NUMERIC_ATTRIBUTE_SUFFIX, type AttributeMap } from '@mdm-console/mdm-api';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { fieldError, globalError } from '../../errors.ts';
import type { Simulator } from '../../simulator.ts';
import { detailsDocument } from '../../tenant/device-document.ts';
import {
  assignedConfigs,
  certificateDocuments,
  configDocuments,
  policyDocuments,
  setConfigStatus,
} from '../../tenant/device-resources.ts';
import { deviceGuid } from '../../tenant/identifiers.ts';
import type { ConfigStatus } from '../../tenant/tenant.ts';
import { ok, page, queryParams, requestParams, requireDevice } from '../request.ts';

const MAX_ATTRIBUTE_NAME = 128;
const MAX_ATTRIBUTE_VALUE = 1024;

const attributeValues = z.union([z.array(z.union([z.string(), z.number()])), z.string(), z.number()]);
const attrsBody = z.looseObject({
  attrs: z.record(z.string(), attributeValues),
  forceOverwrite: z.union([z.boolean(), z.string()]).optional(),
});
const removeBody = z.looseObject({
  ids: z.array(z.union([z.string(), z.number()])).min(1),
  attrKeys: z.array(z.string()).min(1),
});

/** JSON bodies arrive as application/json or text/plain (the documents' curl sends both headers). */
function jsonBody(req: Request): unknown {
  const body: unknown = req.body;
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    throw globalError(400, 'MalformedBody', 'The request body is not valid JSON.');
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw fieldError(issue?.path.join('.') || what, 'InvalidBody', `${what}: ${issue?.message ?? 'invalid'}`);
}

/** Attribute values as lists of strings, with names and numeric (`_#`) values checked. */
function normalizeAttrs(input: Record<string, z.infer<typeof attributeValues>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(input)) {
    if (name.trim() === '' || name.length > MAX_ATTRIBUTE_NAME)
      throw fieldError('attrs', 'InvalidName', `attribute names must be 1 to ${MAX_ATTRIBUTE_NAME} characters`);
    const values = (Array.isArray(raw) ? raw : [raw]).map(String);
    for (const value of values) {
      if (value.length > MAX_ATTRIBUTE_VALUE)
        throw fieldError(`attrs.${name}`, 'Size', `values must be at most ${MAX_ATTRIBUTE_VALUE} characters`);
      if (name.endsWith(NUMERIC_ATTRIBUTE_SUFFIX) && (value.trim() === '' || !Number.isFinite(Number(value)))) {
        throw fieldError(`attrs.${name}`, 'TypeMismatch', `${name} is a numeric attribute; '${value}' is not a number`);
      }
    }
    out[name] = values;
  }
  return out;
}

function readForceOverwrite(value: boolean | string | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  const lower = value.trim().toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  throw fieldError('forceOverwrite', 'TypeMismatch', 'forceOverwrite must be true or false');
}

function withoutKeys(attrs: AttributeMap | undefined, keys: readonly string[]): AttributeMap {
  const remove = new Set(keys.map((key) => key.toLowerCase()));
  return Object.fromEntries(Object.entries(attrs ?? {}).filter(([key]) => !remove.has(key.toLowerCase())));
}

function policyIds(sim: Simulator, req: Request, device: number): number[] {
  const params = requestParams(req);
  const ids = params.ids('policyIds');
  if (ids.length === 0) throw fieldError('policyIds', 'NotNull', 'policyIds is required');
  const assigned = new Set(assignedConfigs(sim.tenant, device).map((config) => config.id));
  const unknown = ids.filter((id) => !assigned.has(id));
  if (unknown.length > 0)
    throw fieldError(
      'policyIds',
      'InvalidPolicy',
      `configuration ${unknown.join(', ')} is not assigned to this device`,
    );
  return ids;
}

export function deviceResourcesRouter(sim: Simulator): Router {
  const router = Router();
  const attributesOf = (device: number) => ({
    deviceId: sim.tenant.deviceId(device),
    guid: deviceGuid(sim.tenant, device),
    attrs: sim.tenant.customAttributes[device] ?? {},
  });

  router.delete('/api/v1/device/customattributes', (req, res) => {
    const body = parseOrThrow(removeBody, jsonBody(req), 'body');
    const devices = body.ids.map((id) => requireDevice(sim, String(id)));
    for (const device of devices)
      sim.tenant.setCustomAttributes(device, withoutKeys(sim.tenant.customAttributes[device], body.attrKeys));
    res.json(ok(devices.length));
  });

  router.get('/api/v1/device/:device/customattributes', (req, res) => {
    res.json(ok(attributesOf(requireDevice(sim, req.params.device))));
  });

  router.post('/api/v1/device/:device/customattributes', (req, res) => {
    const device = requireDevice(sim, req.params.device);
    const body = parseOrThrow(attrsBody, jsonBody(req), 'attrs');
    sim.tenant.setCustomAttributes(device, normalizeAttrs(body.attrs));
    res.json(ok(1));
  });

  router.patch('/api/v1/device/:device/customattributes', (req, res) => {
    const device = requireDevice(sim, req.params.device);
    const body = parseOrThrow(attrsBody, jsonBody(req), 'attrs');
    const overwrite = readForceOverwrite(body.forceOverwrite);
    const patch = normalizeAttrs(body.attrs);
    const merged = new Map(Object.entries(sim.tenant.customAttributes[device] ?? {}));
    for (const [name, values] of Object.entries(patch)) {
      // Names match case-insensitively; the patch's spelling wins.
      const existingKey = [...merged.keys()].find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
      const existing = merged.get(existingKey) ?? [];
      merged.delete(existingKey);
      merged.set(name, overwrite ? values : [...existing, ...values.filter((value) => !existing.includes(value))]);
    }
    sim.tenant.setCustomAttributes(device, Object.fromEntries(merged));
    res.json(ok(1));
  });

  router.delete('/api/v1/device/:device/customattributes', (req, res) => {
    const device = requireDevice(sim, req.params.device);
    const body = parseOrThrow(attrsBody, jsonBody(req), 'attrs');
    sim.tenant.setCustomAttributes(device, withoutKeys(sim.tenant.customAttributes[device], Object.keys(body.attrs)));
    res.json(ok(1));
  });

  router.get('/api/v1/device/:device/configs', (req, res) => {
    const device = requireDevice(sim, req.params.device);
    res.json(ok(page(configDocuments(sim.tenant, device))));
  });

  const setStatus = (status: ConfigStatus, settle: ConfigStatus | undefined) => (req: Request, res: Response) => {
    const device = requireDevice(sim, String(req.params.device));
    const ids = policyIds(sim, req, device);
    for (const id of ids) setConfigStatus(sim.tenant, device, id, status);
    if (settle)
      sim.steps.schedule([
        () => {
          ids.forEach((id) => {
            setConfigStatus(sim.tenant, device, id, settle);
          });
        },
      ]);
    sim.log.record(
      status === 'INACTIVE' ? 'excludeConfig' : 'installConfig',
      [sim.tenant.deviceId(device)],
      { policyIds: ids },
      Date.now(),
    );
    res.json(ok(true));
  };
  // Exclude; push an excluded configuration back; re-install.
  router.put('/api/v1/device/:device/uninstallconfigs', setStatus('INACTIVE', undefined));
  router.delete('/api/v1/device/:device/uninstallconfigs', setStatus('PENDING', 'INSTALLED'));
  router.put('/api/v1/device/:device/reinstallconfigs', setStatus('PENDING', 'INSTALLED'));

  router.get('/api/v1/device/:device/policies', (req, res) => {
    const device = requireDevice(sim, req.params.device);
    res.json(ok(page(policyDocuments(sim.tenant, device))));
  });

  router.get('/api/v1/device/:device/certs/search', (req, res) => {
    const device = requireDevice(sim, req.params.device);
    const accountId = queryParams(req).int('accountId', 0, Number.MAX_SAFE_INTEGER);
    if (accountId === undefined)
      throw fieldError('accountId', 'NotNull', 'accountId (the device owner id) is required');
    const ownerId = sim.tenant.userId(sim.tenant.devices.owner[device] ?? 0);
    const certs = accountId === ownerId ? certificateDocuments(sim.tenant, device, ownerId) : [];
    const states: Record<string, number> = {
      Manual_Revoke: 0,
      Pending_Revoke: 0,
      Active: 0,
      Revoked: 0,
      Expired: 0,
      Deleted: 0,
      Revoke_Failed: 0,
      Pending: 0,
    };
    for (const cert of certs) states[String(cert.certState)] = (states[String(cert.certState)] ?? 0) + 1;
    res.json(
      ok({
        ...page(certs),
        limit: 10,
        facetedResults: { CERTSTORESTATE: states },
        totalUnfilteredResultCount: certs.length,
        unfilteredFacetedResults: {},
      }),
    );
  });

  router.get('/api/v1/device/:device', (req, res) => {
    res.json(ok(detailsDocument(sim.tenant, requireDevice(sim, req.params.device))));
  });

  return router;
}

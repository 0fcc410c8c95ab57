import { DEFAULT_ROWS, MAX_RESULT_WINDOW, MAX_ROWS, REGISTRATION_STATES } from '@mdm-console/mdm-api';
import { Router } from 'express';
import { performAction } from '../../actions/perform.ts';
import { fieldError, VendorError } from '../../errors.ts';
import type { SearchRequest, SortSpec } from '../../search/engine.ts';
import type { Simulator } from '../../simulator.ts';
import { SPACES } from '../../tenant/catalog.ts';
import { searchDocumentJson } from '../../tenant/device-document.ts';
import type { Params } from '../params.ts';
import { ok, queryParams, requestParams } from '../request.ts';

function readSort(sim: Simulator, params: Params): SortSpec[] {
  const sort: SortSpec[] = [];
  for (let k = 0; params.has(`sortFields[${k}].name`); k += 1) {
    const name = params.one(`sortFields[${k}].name`) ?? '';
    const field = sim.engine.field(name.trim());
    if (!field)
      throw fieldError(`sortFields[${k}].name`, 'InvalidSortField', `'${name}' is not a field that can be sorted on`);
    const order = (params.one(`sortFields[${k}].order`) ?? 'ASC').trim().toUpperCase();
    if (order !== 'ASC' && order !== 'DESC')
      throw fieldError(`sortFields[${k}].order`, 'InvalidSortOrder', 'must be ASC or DESC');
    sort.push({ field, descending: order === 'DESC' });
  }
  return sort;
}

function readPartition(params: Params): number | undefined {
  const id = params.int('dmPartitionId', 0, Number.MAX_SAFE_INTEGER);
  if (id === undefined) return undefined;
  const index = SPACES.findIndex((space) => space.id === id);
  if (index < 0) throw fieldError('dmPartitionId', 'InvalidDeviceSpace', `No device space has the id ${id}`);
  return index;
}

/** Reads a search's parameters with the documented constraints (rows 1..500, start + rows ≤ 10,000). */
export function readSearchRequest(sim: Simulator, params: Params): SearchRequest {
  const rows = params.int('rows', 1, MAX_ROWS) ?? DEFAULT_ROWS;
  const start = params.int('start', 0, MAX_RESULT_WINDOW) ?? 0;
  if (start + rows > MAX_RESULT_WINDOW) {
    throw fieldError(
      'start',
      'Range',
      `start + rows must not exceed ${MAX_RESULT_WINDOW}; page deeper with searchAfterValues`,
    );
  }
  const after = params.values('searchAfterValues');
  return {
    q: params.values('q').join(' '),
    fq: params.values('fq'),
    partition: readPartition(params),
    start,
    rows,
    sort: readSort(sim, params),
    searchAfter:
      after.length === 0 || (after.length === 1 && after[0]?.trim() === '')
        ? undefined
        : after.length === 1
          ? (after[0] ?? '').split(',')
          : after,
  };
}

export function devicesSearchRouter(sim: Simulator): Router {
  const router = Router();

  router.get('/api/v1/device', (req, res) => {
    const began = performance.now();
    const request = readSearchRequest(sim, queryParams(req));
    const hits = sim.engine.search(request);
    const rest = JSON.stringify({
      offset: request.start,
      limit: request.rows,
      queryTime: Math.round(performance.now() - began),
      facetedResults: hits.facets,
      totalUnfilteredResultCount: hits.unfilteredTotal,
    });
    // Rows are spliced in as cached JSON; the body is the documented {errors, result} envelope.
    const rows = hits.indexes.map((i) => searchDocumentJson(sim.tenant, i)).join(',');
    res
      .type('application/json')
      .send(`{"errors":null,"result":{"totalCount":${String(hits.total)},"searchResults":[${rows}],${rest.slice(1)}}`);
  });

  // Delete: only devices that are neither ACTIVE nor WIPE_PENDING (documented); otherwise nothing is deleted.
  router.delete('/api/v1/device', (req, res) => {
    const params = requestParams(req);
    const ids = [...params.ids('deviceIds'), ...params.ids('ids')];
    if (ids.length === 0) throw fieldError('deviceIds', 'NotNull', 'deviceIds is required');
    const indexes = ids.map((id) => sim.tenant.indexOfDeviceId(id)).filter((i) => i >= 0);
    const blocked = indexes.filter((i) => {
      const state = REGISTRATION_STATES[sim.tenant.devices.registrationState[i] ?? 0];
      return state === 'ACTIVE' || state === 'WIPE_PENDING';
    });
    if (blocked.length > 0) {
      throw new VendorError(400, {
        fieldErrors: blocked.map((i) => ({
          code: 'InvalidRegistrationState',
          message: `Device ${sim.tenant.deviceId(i)} is ${REGISTRATION_STATES[sim.tenant.devices.registrationState[i] ?? 0]}: retire it before deleting`,
          field: 'deviceIds',
        })),
      });
    }
    res.json(ok(performAction(sim.actionContext(), 'delete', indexes, {})));
  });

  return router;
}

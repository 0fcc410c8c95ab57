import { Router } from 'express';
import { globalError } from '../../errors.ts';
import type { Simulator } from '../../simulator.ts';
import { TRUE } from '../../tenant/tenant.ts';
import { faultsSchema } from '../faults.ts';

/** The simulator's control API (`/__sim/`): never used by the console itself. */
export function controlRouter(sim: Simulator): Router {
  const router = Router();
  router.post('/__sim/reset', (_req, res) => {
    sim.reset();
    res.json({ ok: true, devices: sim.tenant.devices.count });
  });
  router.get('/__sim/faults', (_req, res) => {
    res.json(sim.faults);
  });
  router.put('/__sim/faults', (req, res) => {
    const parsed = faultsSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw globalError(400, 'InvalidFaults', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    sim.faults = parsed.data;
    res.json(sim.faults);
  });
  router.get('/__sim/actions', (_req, res) => {
    res.json(sim.log.list());
  });
  router.get('/__sim/health', (_req, res) => {
    const { devices } = sim.tenant;
    let live = 0;
    for (let i = 0; i < devices.count; i += 1) if (devices.deleted[i] !== TRUE) live += 1;
    res.json({ ok: true, devices: live });
  });
  return router;
}

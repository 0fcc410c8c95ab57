import { randomUUID } from 'node:crypto';
import type { CreateViewBody, Role, SavedView, UpdateViewBody } from '@mdm-console/contract';
import { createViewBodySchema, roleAtLeast, updateViewBodySchema } from '@mdm-console/contract';
import { AppError } from '../errors.ts';
import type { ViewRecord, ViewsRepository } from '../store/views-repository.ts';
import type { Vendor } from '../upstream/vendor.ts';
import { accessOf } from './access.ts';
import type { Clock } from './clock.ts';
import type { DeviceScope } from './device-scope.ts';
import { countDevices } from './device-search.ts';
import type { ActiveSession } from './sessions.ts';

const NOT_FOUND = () => new AppError(404, 'VIEW_NOT_FOUND', 'There is no view with this id.');

/**
 * Saved views: private to their owner, or shared with everyone who may browse (or with a role and those above it).
 * A view is only a query: its count, like its rows, is computed for the person looking, within their role and spaces.
 */
export class SavedViews {
  private readonly repository: ViewsRepository;
  private readonly vendor: Vendor;
  private readonly scope: DeviceScope;
  private readonly clock: Clock;

  constructor(deps: { repository: ViewsRepository; vendor: Vendor; scope: DeviceScope; clock: Clock }) {
    this.repository = deps.repository;
    this.vendor = deps.vendor;
    this.scope = deps.scope;
    this.clock = deps.clock;
  }

  private sees(session: ActiveSession, view: ViewRecord): boolean {
    if (view.ownerId === session.account.id) return true;
    if (!view.shared) return false;
    return view.sharedWithRole === null || roleAtLeast(accessOf(session.account).topRole, view.sharedWithRole);
  }

  /** The owner changes their view; an administrator may change a shared one too. */
  private mayChange(session: ActiveSession, view: ViewRecord): boolean {
    return (
      view.ownerId === session.account.id || (view.shared && accessOf(session.account).canSomewhere('accounts:manage'))
    );
  }

  private async describe(session: ActiveSession, view: ViewRecord): Promise<SavedView> {
    let count: number | null = null;
    let countError: string | null = null;
    try {
      count = await countDevices(this.vendor, this.scope, session, view.query);
    } catch (error) {
      if (!(error instanceof AppError) || !error.operational) throw error;
      countError = error.message;
    }
    return {
      id: view.id,
      name: view.name,
      query: view.query,
      columns: view.columns,
      owner: view.ownerEmail,
      mine: view.ownerId === session.account.id,
      shared: view.shared,
      sharedWithRole: view.sharedWithRole,
      editable: this.mayChange(session, view),
      pinned: view.pinned,
      count,
      countError,
      updatedAt: new Date(view.updatedAt).toISOString(),
    };
  }

  /** The user's views and those shared with them, each with its live count for them (counted together). */
  async list(session: ActiveSession): Promise<{ views: SavedView[] }> {
    const visible = (await this.repository.visibleTo(session.account.id)).filter((view) => this.sees(session, view));
    return { views: await Promise.all(visible.map((view) => this.describe(session, view))) };
  }

  private async get(session: ActiveSession, id: string): Promise<ViewRecord> {
    const [view] = await this.repository.visibleTo(session.account.id, id);
    if (!view || !this.sees(session, view)) throw NOT_FOUND();
    return view;
  }

  /** A raw fq is an administrator's tool: only they save one, and a view with one is shared with administrators only. */
  private checkFq(session: ActiveSession, fields: { fq?: string | undefined; shared: boolean; role: Role | null }) {
    if (fields.fq === undefined || fields.fq.trim() === '') return;
    if (!accessOf(session.account).canSomewhere('devices:fq'))
      throw new AppError(403, 'FORBIDDEN', 'Only administrators may save a view with a raw fq.');
    if (fields.shared && fields.role !== 'admin')
      throw new AppError(
        400,
        'FQ_VIEW_SHARED_BEYOND_ADMINS',
        'A view with a raw fq can be shared with administrators only: choose "Administrators" as who sees it.',
      );
  }

  async create(session: ActiveSession, input: CreateViewBody): Promise<SavedView> {
    const body = createViewBodySchema.parse(input);
    this.checkFq(session, { fq: body.query.fq, shared: body.shared, role: body.sharedWithRole });
    const id = randomUUID();
    const saved = await this.repository.insert({ ...body, id, ownerId: session.account.id, at: this.clock() });
    if (!saved) throw new AppError(409, 'VIEW_NAME_TAKEN', `You have a view named “${body.name}” already.`);
    return this.describe(session, await this.get(session, id));
  }

  async update(session: ActiveSession, id: string, input: UpdateViewBody): Promise<SavedView> {
    const { pinned, ...changes } = updateViewBodySchema.parse(input);
    const view = await this.get(session, id);
    if (Object.keys(changes).length > 0) {
      if (!this.mayChange(session, view))
        throw new AppError(403, 'NOT_YOUR_VIEW', 'Only its owner or an administrator may change a shared view.');
      this.checkFq(session, {
        fq: (changes.query ?? view.query).fq,
        shared: changes.shared ?? view.shared,
        role: changes.sharedWithRole === undefined ? view.sharedWithRole : changes.sharedWithRole,
      });
      if (
        changes.name !== undefined &&
        changes.name !== view.name &&
        (await this.repository.nameTaken(view.ownerId, changes.name))
      )
        throw new AppError(409, 'VIEW_NAME_TAKEN', `There is a view named “${changes.name}” already.`);
      await this.repository.update(id, changes, this.clock());
    }
    if (pinned !== undefined) await this.repository.setPinned(session.account.id, id, pinned);
    const [fresh] = await this.repository.visibleTo(session.account.id, id);
    // An administrator who made someone's shared view private again no longer sees it: the owner's copy answers.
    const [owners] = fresh ? [fresh] : await this.repository.visibleTo(view.ownerId, id);
    if (!owners) throw NOT_FOUND();
    return this.describe(session, fresh ?? { ...owners, pinned: false });
  }

  async delete(session: ActiveSession, id: string): Promise<{ ok: true }> {
    const view = await this.get(session, id);
    if (!this.mayChange(session, view))
      throw new AppError(403, 'NOT_YOUR_VIEW', 'Only its owner or an administrator may delete a shared view.');
    await this.repository.delete(id);
    return { ok: true };
  }
}

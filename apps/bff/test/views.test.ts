import { DEMO_EMEA_SPACE, type ApiClient, type SavedView } from '@mdm-console/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal, signedIn, startHarness, type Harness } from './harness.ts';

/** Saved views: private and shared, who may change them, and counts computed for the person looking. */
let h: Harness;
let admin: ApiClient;
let approver: ApiClient;
let helpdesk: ApiClient;
let viewer: ApiClient;
let emea: ApiClient;

const byName = (views: readonly SavedView[], name: string) => views.find((view) => view.name === name);

beforeAll(async () => {
  h = await startHarness();
  const base = h.bff.url;
  admin = await signedIn(base, 'admin@demo.local');
  approver = await signedIn(base, 'approver@demo.local');
  helpdesk = await signedIn(base, 'helpdesk@demo.local');
  viewer = await signedIn(base, 'viewer@demo.local');
  emea = await signedIn(base, 'emea-helpdesk@demo.local');
});
afterAll(async () => {
  await h.close();
});

describe('saved views', () => {
  it('when a user saves a private view, then only they see it, with the count their search gives', async () => {
    const query = { f: ['platform:IOS'], checkin: '30d' as const, sort: 'deviceName' as const, order: 'asc' as const };
    const saved = await helpdesk.createView({
      body: { name: 'Recent iPhones', query, columns: ['deviceName', 'serialNumber'] },
    });
    const search = await helpdesk.searchDevices({ query: { ...query, size: 1 } });
    expect(saved).toMatchObject({
      name: 'Recent iPhones',
      mine: true,
      shared: false,
      editable: true,
      pinned: false,
      count: search.total,
      countError: null,
      owner: 'helpdesk@demo.local',
      columns: ['deviceName', 'serialNumber'],
      query: { ...query, q: '' },
    });
    expect(byName((await viewer.listViews()).views, 'Recent iPhones')).toBeUndefined();
    expect(byName((await admin.listViews()).views, 'Recent iPhones')).toBeUndefined();
    expect((await refusal(admin.updateView({ params: { id: saved.id }, body: { name: 'Mine now' } }))).code).toBe(
      'VIEW_NOT_FOUND',
    );
    const again = await refusal(helpdesk.createView({ body: { name: 'Recent iPhones', query: {} } }));
    expect([again.status, again.code]).toEqual([409, 'VIEW_NAME_TAKEN']);
    const other = await helpdesk.createView({ body: { name: 'Older iPhones', query: { f: ['platform:IOS'] } } });
    const renamed = await refusal(helpdesk.updateView({ params: { id: other.id }, body: { name: 'Recent iPhones' } }));
    expect([renamed.status, renamed.code]).toEqual([409, 'VIEW_NAME_TAKEN']);
    await helpdesk.deleteView({ params: { id: other.id } });
  });

  it('when a view is shared, then everyone who browses sees it; only its owner or an admin changes it', async () => {
    const shared = await helpdesk.createView({
      body: { name: 'Android out of compliance', query: { f: ['platform:ANDROID', 'compliance:false'] }, shared: true },
    });
    const seen = byName((await viewer.listViews()).views, 'Android out of compliance');
    expect(seen).toMatchObject({ mine: false, editable: false, shared: true, owner: 'helpdesk@demo.local' });
    const refused = await refusal(viewer.updateView({ params: { id: shared.id }, body: { name: 'Hijacked' } }));
    expect([refused.status, refused.code]).toEqual([403, 'NOT_YOUR_VIEW']);
    expect((await refusal(viewer.deleteView({ params: { id: shared.id } }))).code).toBe('NOT_YOUR_VIEW');
    // A viewer may still pin it to their own Overview: a pin is theirs only.
    expect((await viewer.updateView({ params: { id: shared.id }, body: { pinned: true } })).pinned).toBe(true);
    expect(byName((await helpdesk.listViews()).views, 'Android out of compliance')?.pinned).toBe(false);
    expect(
      await admin.updateView({ params: { id: shared.id }, body: { name: 'Android, not compliant' } }),
    ).toMatchObject({ name: 'Android, not compliant', editable: true });
    expect(await helpdesk.updateView({ params: { id: shared.id }, body: { shared: false } })).toMatchObject({
      shared: false,
    });
    expect(byName((await viewer.listViews()).views, 'Android, not compliant')).toBeUndefined();
    expect(await helpdesk.deleteView({ params: { id: shared.id } })).toEqual({ ok: true });
    expect(byName((await helpdesk.listViews()).views, 'Android, not compliant')).toBeUndefined();
  });

  it('when a view is shared with a role, then only that role and those above it see it', async () => {
    const view = await admin.createView({
      body: {
        name: 'For the helpdesk and up',
        query: { f: ['lostMode:true'] },
        shared: true,
        sharedWithRole: 'helpdesk',
      },
    });
    expect(byName((await helpdesk.listViews()).views, view.name)).toBeDefined();
    expect(byName((await approver.listViews()).views, view.name)).toBeDefined();
    expect(byName((await viewer.listViews()).views, view.name)).toBeUndefined();
    expect((await refusal(viewer.updateView({ params: { id: view.id }, body: { pinned: true } }))).status).toBe(404);
  });

  it('when a shared view is counted for a user limited to a space, then it counts only what they may see', async () => {
    const view = await admin.createView({ body: { name: 'Every iPad', query: { f: ['platform:IOS'] }, shared: true } });
    const forEmea = byName((await emea.listViews()).views, view.name);
    const emeaSearch = await admin.searchDevices({ query: { space: DEMO_EMEA_SPACE, f: ['platform:IOS'], size: 1 } });
    const adminSearch = await admin.searchDevices({ query: { f: ['platform:IOS'], size: 1 } });
    expect(forEmea?.count).toBe(emeaSearch.total);
    expect(view.count).toBe(adminSearch.total);
    expect(emeaSearch.total).not.toBe(adminSearch.total);
  });

  it('when a view has a raw fq, then only an admin saves it, and shares it with admins only', async () => {
    const fq = 'platformType = "IOS"';
    expect((await refusal(helpdesk.createView({ body: { name: 'Raw', query: { fq } } }))).status).toBe(403);
    const widely = await refusal(admin.createView({ body: { name: 'Raw', query: { fq }, shared: true } }));
    expect([widely.status, widely.code]).toEqual([400, 'FQ_VIEW_SHARED_BEYOND_ADMINS']);
    const forAdmins = await admin.createView({
      body: { name: 'Raw', query: { fq }, shared: true, sharedWithRole: 'admin' },
    });
    expect(forAdmins.count).toBeGreaterThan(0);
    expect(byName((await approver.listViews()).views, 'Raw')?.count).toBe(forAdmins.count);
    expect(byName((await helpdesk.listViews()).views, 'Raw')).toBeUndefined();
  });

  it('when a view names a column or a filter the console does not know, then it is refused with the key named', async () => {
    const column = await refusal(admin.createView({ body: { name: 'Bad column', query: {}, columns: ['password'] } }));
    expect([column.status, column.message]).toEqual([400, expect.stringContaining('password')]);
  });
});

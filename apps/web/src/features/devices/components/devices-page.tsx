import { filterNarrows, isDeviceField, type JobFilter } from '@mdm-console/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useLayoutEffect, useMemo } from 'react';
import { ActionsButton } from '../../jobs/public.ts';
import { ViewsPanel } from '../../views/public.ts';
import { ExportButton } from '../../../components/ui/export-button.tsx';
import { ErrorState } from '../../../components/ui/states.tsx';
import { formatCount } from '../../../lib/format.ts';
import { handOverFirstScreen } from '../../../lib/first-screen.ts';
import { can } from '../../../lib/session.ts';
import { useSession } from '../../auth/public.ts';
import { exportDevices } from '../api/export-devices.ts';
import { getDeviceQueryOptions } from '../api/get-device.ts';
import { filtersOf, useDeviceSearch } from '../api/search-devices.ts';
import { DEFAULT_COLUMN_IDS, columnsOf } from './device-columns.tsx';
import { ColumnChooser } from './column-chooser.tsx';
import { DevicePanel } from './device-panel.tsx';
import { DeviceTable } from './device-table.tsx';
import { FacetSidebar } from './facet-sidebar.tsx';
import { FilterChips } from './filter-chips.tsx';
import { SearchBar } from './search-bar.tsx';
import { useColumnPreferences } from './use-column-preferences.ts';
import { useDevicesView } from './use-devices-view.ts';
import { useSelection } from './use-selection.ts';
import { resultCountText } from '../page-text.ts';
import type { DevicesSearch } from '../search-params.ts';

const NO_ROWS: never[] = [];

export function DevicesPage() {
  const session = useSession();
  const { view, update } = useDevicesView();
  const { q, f, checkin, registered, fq, sort, order } = view;
  const queryClient = useQueryClient();
  const filters = useMemo(
    () => filtersOf({ q, f, checkin, registered, fq, sort, order }),
    [q, f, checkin, registered, fq, sort, order],
  );
  const spaceId = session?.spaceId ?? null;
  const search = useDeviceSearch(filters, spaceId);
  const pages = search.data?.pages;
  const rows = useMemo(() => pages?.flatMap((page) => page.rows) ?? NO_ROWS, [pages]);
  const first = pages?.[0];
  const total = first?.total ?? 0;
  const selection = useSelection(JSON.stringify([spaceId, filters]));
  // "All matching" with no criteria is every device of the space: the BFF takes that only when said on purpose.
  const allMatching: JobFilter = {
    q,
    f,
    checkin,
    registered,
    fq,
    ...(spaceId === null ? {} : { space: spaceId }),
    ...(filterNarrows({ q, f, checkin, registered, fq }) ? {} : { all: true }),
  };
  const columnPrefs = useColumnPreferences(session?.user.id ?? 0, view.cols);
  const columns = useMemo(() => columnsOf(columnPrefs.visible), [columnPrefs.visible]);

  const { fetchNextPage, hasNextPage, isFetchingNextPage } = search;
  const loadMore = useCallback(() => void fetchNextPage({ cancelRefetch: false }), [fetchNextPage]);
  const prefetch = useCallback(
    // Details are fetched on hover, so the panel opens at once.
    (id: number) => void queryClient.query(getDeviceQueryOptions(id)).catch(() => undefined),
    [queryClient],
  );
  const onSearch = useCallback((q: string) => update({ q }, { replace: true }), [update]);

  const filtersNow = view.f;
  const toggleFilter = useCallback(
    (filter: string) =>
      update({
        f: filtersNow.includes(filter) ? filtersNow.filter((item) => item !== filter) : [...filtersNow, filter],
      }),
    [update, filtersNow],
  );
  const changeWindow = useCallback(
    (key: 'checkin' | 'registered', value: DevicesSearch['checkin']) => update({ [key]: value }),
    [update],
  );
  const clearSome = useCallback((patch: Partial<DevicesSearch>) => update(patch), [update]);
  const clearAll = useCallback(
    () => update({ q: '', f: [], checkin: undefined, registered: undefined, fq: undefined }),
    [update],
  );

  const changeColumns = (ids: string[]) => {
    columnPrefs.rememberColumns(ids);
    update({ cols: ids.join(',') === DEFAULT_COLUMN_IDS.join(',') ? undefined : ids.join(',') }, { replace: true });
  };

  // The first screen (the first rows painted before the app loaded) goes as this page shows its own: in the same
  // commit, before paint, so that no frame shows neither.
  const shown = first !== undefined || search.isError;
  useLayoutEffect(() => {
    if (shown) handOverFirstScreen();
  }, [shown]);
  useLayoutEffect(() => handOverFirstScreen, []);

  if (!session) return null;
  const selectedCount = selection.count(total);
  return (
    <div className={view.device === undefined ? 'devices-layout' : 'devices-layout with-panel'}>
      <h1 className="visually-hidden">Devices</h1>
      <FacetSidebar
        facets={first?.facets}
        selected={view.f}
        checkin={view.checkin}
        registered={view.registered}
        onToggle={toggleFilter}
        onWindow={changeWindow}
        above={<ViewsPanel current={filters} columns={columnPrefs.visible} />}
      />
      <section className="devices-main" aria-label="Device list">
        <SearchBar
          q={view.q}
          fq={view.fq}
          mayUseFq={can(session, 'devices:fq')}
          onSearch={onSearch}
          onFq={(fq) => update({ fq })}
        />
        <FilterChips
          q={view.q}
          filters={view.f}
          checkin={view.checkin}
          registered={view.registered}
          fq={view.fq}
          onRemoveFilter={toggleFilter}
          onClear={clearSome}
          onClearAll={clearAll}
        />
        <div className="table-toolbar">
          <p className="result-count" role="status" aria-live="polite">
            {first ? resultCountText(total, first.unfilteredTotal) : search.isPending ? 'Searching…' : ''}
            {search.isFetching && !search.isFetchingNextPage && first ? ' (updating…)' : ''}
          </p>
          {selectedCount > 0 ? (
            <div className="selection-bar" role="region" aria-label="Selection">
              <span>
                {selection.allMatching
                  ? `All ${formatCount(total)} matching devices selected`
                  : `${formatCount(selectedCount)} selected`}
              </span>
              {!selection.allMatching && selectedCount >= rows.length && total > rows.length ? (
                <button type="button" className="link-button" onClick={selection.selectAllMatching}>
                  Select all {formatCount(total)} matching
                </button>
              ) : null}
              <button type="button" className="link-button" onClick={selection.clear}>
                Clear selection
              </button>
              <ActionsButton
                session={session}
                target={selection.allMatching ? { filter: allMatching } : { ids: selection.ids }}
                targetLabel={
                  selection.allMatching
                    ? `all ${formatCount(total)} matching devices`
                    : `${formatCount(selectedCount)} selected device${selectedCount === 1 ? '' : 's'}`
                }
                label={`Actions for ${formatCount(selectedCount)} selected device${selectedCount === 1 ? '' : 's'}`}
              />
            </div>
          ) : null}
          <ExportButton
            run={(options) => exportDevices(filters, columnPrefs.visible.filter(isDeviceField), options)}
            fileName="devices.csv"
            what="devices"
          />
          <ColumnChooser visible={columnPrefs.visible} onChange={changeColumns} />
        </div>
        {search.isError && !first ? (
          <ErrorState error={search.error} onRetry={() => void search.refetch()} />
        ) : first && total === 0 ? (
          <div className="state state-empty">
            <p>No device matches these filters.</p>
            <button
              type="button"
              onClick={() => update({ q: '', f: [], checkin: undefined, registered: undefined, fq: undefined })}
            >
              Clear all filters
            </button>
          </div>
        ) : (
          <DeviceTable
            rows={rows}
            total={total}
            columns={columns}
            sort={view.sort}
            order={view.order}
            onSort={(sort, order) => update({ sort: sort as typeof view.sort, order })}
            columnSizing={columnPrefs.sizing}
            onColumnSizing={columnPrefs.changeSizing}
            selection={selection}
            openDeviceId={view.device}
            onOpen={(device) => update({ device, tab: undefined })}
            onHover={prefetch}
            hasMore={hasNextPage}
            loadingMore={isFetchingNextPage}
            onLoadMore={loadMore}
            busy={search.isFetching}
          />
        )}
        {search.isError && first ? <ErrorState error={search.error} onRetry={() => void search.refetch()} /> : null}
      </section>
      {view.device !== undefined ? (
        <DevicePanel
          id={view.device}
          tab={view.tab ?? 'overview'}
          session={session}
          onTab={(tab) => update({ tab: tab === 'overview' ? undefined : tab }, { replace: true })}
          onClose={() => update({ device: undefined, tab: undefined })}
        />
      ) : null}
    </div>
  );
}

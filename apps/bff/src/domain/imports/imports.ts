import { randomUUID } from 'node:crypto';
import {
  IMPORT_TTL_MS,
  type CreateImportRequest,
  type ImportCategory,
  type ImportEntry,
  type ImportSummary,
} from '@mdm-console/contract';
import pLimit from 'p-limit';
import { AppError } from '../../errors.ts';
import type { ImportRecord, ImportsRepository } from '../../store/imports-repository.ts';
import type { Vendor } from '../../upstream/vendor.ts';
import type { Clock } from '../clock.ts';
import type { DeviceScope } from '../device-scope.ts';
import { pageOf } from '../paging.ts';
import type { ActiveSession } from '../sessions.ts';
import { readImportFile } from './import-file.ts';
import { previewEntries } from './import-preview.ts';

/** Previews are kept this long for the jobs that applied them (retries read their values). */
const KEEP_MS = 7 * 24 * 3_600_000;

/** Previews made at once by this process: each holds its file and its entries in memory until stored. */
const previewing = pLimit(1);

const missing = () => new AppError(404, 'IMPORT_NOT_FOUND', 'There is no import with this id.');

function summaryOf(record: ImportRecord): ImportSummary {
  const counts = record.counts;
  return {
    id: record.id,
    fileName: record.fileName,
    key: record.key,
    spaceId: record.spaceId,
    createdBy: record.createdBy,
    createdAt: new Date(record.createdAt).toISOString(),
    expiresAt: new Date(record.createdAt + IMPORT_TTL_MS).toISOString(),
    columns: record.columns,
    rows: record.rows,
    matchedDevices: record.matchedDevices,
    counts: {
      change: counts.change ?? 0,
      unchanged: counts.unchanged ?? 0,
      unmatched: counts.unmatched ?? 0,
      ambiguous: counts.ambiguous ?? 0,
      duplicate: counts.duplicate ?? 0,
      invalid: counts.invalid ?? 0,
    },
    devicesToChange: { attributes: record.devicesToChange.attributes ?? 0, owner: record.devicesToChange.owner ?? 0 },
  };
}

/** Fixing inventory from a spreadsheet: the preview of what a file would change, for its jobs to apply. */
export class ImportService {
  private readonly repository: ImportsRepository;
  private readonly vendor: Vendor;
  private readonly scope: DeviceScope;
  private readonly clock: Clock;

  constructor(deps: { repository: ImportsRepository; vendor: Vendor; scope: DeviceScope; clock: Clock }) {
    this.repository = deps.repository;
    this.vendor = deps.vendor;
    this.scope = deps.scope;
    this.clock = deps.clock;
  }

  /** Reads the file and previews it: nothing is sent to any device. */
  async create(
    session: ActiveSession,
    body: Required<Omit<CreateImportRequest, 'space'>> & { space?: number | undefined },
  ): Promise<ImportSummary> {
    const spaceId = await this.scope.space(session, body.space, 'devices:import');
    const { file, entries, matchedDevices } = await previewing(async () => {
      const read = readImportFile(body.csv, body.key);
      return { file: read, ...(await previewEntries(this.vendor.client, spaceId, body.key, read)) };
    });
    const now = this.clock();
    await this.repository.deleteOlderThan(now - KEEP_MS);
    const record = await this.repository.insert(
      {
        id: randomUUID(),
        spaceId,
        createdById: session.account.id,
        createdBy: session.account.email,
        createdAt: now,
        fileName: body.fileName,
        key: body.key,
        columns: file.columns.map((column) => column.header),
        rows: file.rows.length + file.ragged.length,
        matchedDevices,
      },
      entries,
    );
    return summaryOf(record);
  }

  /** The import, if the user may import in its space. */
  async get(session: ActiveSession, id: string): Promise<ImportRecord> {
    const record = await this.repository.get(id);
    if (!record) throw missing();
    return this.scope.record(session, record, 'devices:import', missing());
  }

  async read(session: ActiveSession, id: string): Promise<ImportSummary> {
    return summaryOf(await this.get(session, id));
  }

  /** The devices an import changes with one kind of change, for the job that applies it; refused once stale. */
  async applicable(session: ActiveSession, id: string, kind: 'attributes' | 'owner') {
    const record = await this.get(session, id);
    if (this.clock() > record.createdAt + IMPORT_TTL_MS)
      throw new AppError(409, 'IMPORT_EXPIRED', 'This preview is more than a day old; upload the file again.');
    const ids = await this.repository.deviceIds(id, kind);
    if (ids.length === 0)
      throw new AppError(
        409,
        'NOTHING_TO_DO',
        `This import changes no device's ${kind === 'owner' ? 'owner' : 'attributes'}.`,
      );
    return { record, ids };
  }

  async entries(
    session: ActiveSession,
    id: string,
    filter: { category?: ImportCategory | undefined; after?: number | undefined; limit: number },
  ): Promise<{ entries: ImportEntry[]; nextAfter: number | null }> {
    await this.get(session, id);
    const rows = await this.repository.entries(id, { ...filter, limit: filter.limit + 1 });
    const { page, next } = pageOf(rows, filter.limit, (row) => row.seq);
    return { entries: page, nextAfter: next };
  }

  /** Every entry, page by page, for the preview's CSV (the caller has read the import: its access is checked). */
  async *allEntries(id: string): AsyncGenerator<ImportEntry[]> {
    let after: number | undefined;
    for (;;) {
      const rows = await this.repository.entries(id, { after, limit: 1000 });
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1]?.seq;
    }
  }
}

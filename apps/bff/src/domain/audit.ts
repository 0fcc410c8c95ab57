import type { AuditExportQuery, AuditPage, AuditQuery } from '@mdm-console/contract';
import type { AuditRecord, AuditRepository, NewAuditRecord } from '../store/audit-repository.ts';
import type { Clock } from './clock.ts';
import { pageOf } from './paging.ts';

/** An event as a use case records it: the time comes from the clock, secrets are removed on the way. */
export type AuditEntry = Omit<NewAuditRecord, 'at' | 'vendorResult'> & { vendorResult?: unknown };

const SECRET_KEYS = /pass(word)?|pin|secret|token|credential|cookie/i;

/** Removes anything that looks like a secret before it is recorded. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, SECRET_KEYS.test(key) ? '[redacted]' : withoutSecrets(inner)]),
    );
  }
  return value;
}

/** The append-only audit log: events are recorded with the clock's time and without secrets, and read newest first. */
export class AuditLog {
  private readonly repository: AuditRepository;
  private readonly clock: Clock;

  constructor(repository: AuditRepository, clock: Clock) {
    this.repository = repository;
    this.clock = clock;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.appendMany([entry]);
  }

  /** Several events in one write. */
  async appendMany(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.repository.insert(this.records(entries));
  }

  /** The events as they are stored (time stamped, secrets removed), for a write that records them with other data. */
  records(entries: readonly AuditEntry[]): NewAuditRecord[] {
    const at = new Date(this.clock()).toISOString();
    return entries.map((entry) => ({
      at,
      actorId: entry.actorId,
      actorEmail: entry.actorEmail,
      role: entry.role,
      action: entry.action,
      targets: entry.targets,
      params: withoutSecrets(entry.params ?? null),
      outcome: entry.outcome,
      vendorResult: entry.vendorResult,
      requestId: entry.requestId,
      spaceId: entry.spaceId,
    }));
  }

  /** Every event the filter selects, newest first, page by page (for the CSV export). */
  async *pages(filter: AuditExportQuery, spaces: readonly number[] | null): AsyncGenerator<AuditRecord[]> {
    let before: number | undefined;
    for (;;) {
      const rows = await this.repository.find({
        ...filter,
        actor: filter.actor?.toLowerCase(),
        spaces,
        before,
        limit: 1000,
      });
      if (rows.length === 0) return;
      yield rows;
      before = rows[rows.length - 1]?.id;
    }
  }

  /** Events newest first; `spaces` limits them to events about those device spaces (null: every event). */
  async query(filter: AuditQuery, spaces: readonly number[] | null): Promise<AuditPage> {
    const rows = await this.repository.find({
      ...filter,
      spaces,
      actor: filter.actor?.toLowerCase(),
      limit: filter.limit + 1,
    });
    const { page, next } = pageOf(rows, filter.limit, (row) => row.id);
    return { events: page, nextBefore: next };
  }
}

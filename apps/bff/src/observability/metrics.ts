import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { VendorAttempt } from '@mdm-console/mdm-api';

/** What the metrics read from the shared store when scraped (the same figures from every process). */
export interface StoreFigures {
  jobsByState(): Promise<Map<string, number>>;
  activeSessions(): Promise<number>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The process's Prometheus metrics (prom-client: the Prometheus project's own client model, text format and Node
 * default metrics, with no SDK pipeline to run). Counters are per process; gauges read from the store are global.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly vendorRequests: Counter<'call' | 'status'>;
  private readonly vendorDuration: Histogram<'call'>;
  private readonly jobItems: Counter<'action' | 'outcome'>;
  private readonly claims: Histogram;
  private readonly queries: Histogram;
  private readonly migration: Gauge;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.vendorRequests = new Counter({
      name: 'mdm_vendor_requests_total',
      help: 'Requests sent to the MDM tenant, retries included, by call and status (timeout, network: no answer)',
      labelNames: ['call', 'status'],
      registers,
    });
    this.vendorDuration = new Histogram({
      name: 'mdm_vendor_request_duration_seconds',
      help: 'Time of one request to the MDM tenant, by call',
      labelNames: ['call'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.jobItems = new Counter({
      name: 'mdm_job_items_total',
      help: 'Device outcomes recorded by this process, by action and outcome',
      labelNames: ['action', 'outcome'],
      registers,
    });
    this.claims = new Histogram({
      name: 'mdm_job_claim_duration_seconds',
      help: "Round trip of claiming a chunk of a job's devices from the store",
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
    this.queries = new Histogram({
      name: 'mdm_store_query_duration_seconds',
      help: 'Statements this process sent to the store (SQLite or PostgreSQL), and how long each took',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.migration = new Gauge({
      name: 'mdm_store_migration_seconds',
      help: 'Time the store took to open and migrate at start',
      registers,
    });
  }

  /** Adds the gauges read from the store at each scrape. */
  readFrom(figures: StoreFigures): void {
    const registers = [this.registry];
    new Gauge({
      name: 'mdm_jobs',
      help: 'Jobs in the store by state (the same from every process)',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        for (const [state, count] of await figures.jobsByState()) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'mdm_sessions_active',
      help: 'Sessions not expired (the same from every process)',
      registers,
      async collect() {
        this.set(await figures.activeSessions());
      },
    });
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  vendorAttempt(attempt: VendorAttempt): void {
    this.vendorRequests.inc({ call: attempt.call, status: String(attempt.status) });
    this.vendorDuration.observe({ call: attempt.call }, attempt.seconds);
  }

  jobOutcomes(action: string, outcome: string, count: number): void {
    this.jobItems.inc({ action, outcome }, count);
  }

  jobClaim(seconds: number): void {
    this.claims.observe(seconds);
  }

  storeQuery(seconds: number): void {
    this.queries.observe(seconds);
  }

  storeOpened(seconds: number): void {
    this.migration.set(seconds);
  }
}

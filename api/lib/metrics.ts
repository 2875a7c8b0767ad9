import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What a council's operations team alerts on (deploy/alert-rules.yml), in Prometheus' text format at
 * GET /metrics. One registry per app, so that tests building several apps in one process stay apart.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer a request, by route pattern, method and status.',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    reportsReceived: new Counter({
      name: 'reports_received_total',
      help: 'Housing reports stored (first delivery only), by urgency.',
      labelNames: ['urgent'] as const,
      registers: [registry],
    }),
    idempotentReplays: new Counter({
      name: 'idempotent_replays_total',
      help: 'Report deliveries answered from an earlier one with the same Idempotency-Key (phone retries).',
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: 'db_query_duration_seconds',
      help: 'Time of each database statement sent by the app.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
    retentionRuns: new Counter({
      name: 'retention_runs_total',
      help: 'Retention runs, by result.',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    /** Set by whoever can read it (the alerts worker), so the registry itself needs no database. */
    gauge(name: string, help: string, collect: () => Promise<number>) {
      return new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(await collect());
        },
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** What a route tells the request middleware about a report it handled (counted once the answer is sent). */
export type ReportOutcome = 'urgent' | 'routine' | 'replay';

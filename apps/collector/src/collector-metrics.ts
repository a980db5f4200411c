import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Signal = 'traces' | 'metrics' | 'logs' | 'zipkin' | 'accesslogs';
export type ThrottleReason = 'rate_limited' | 'queue_full' | 'queue_unavailable';

/** The collector's own metrics, served at GET /metrics in the Prometheus text format. */
export class CollectorMetrics {
  readonly registry = new Registry();
  private readonly accepted = new Counter({ name: 'linkscope_collector_accepted_items_total', help: 'Spans acknowledged (stored in the queue).', labelNames: ['signal'], registers: [this.registry] });
  private readonly rejected = new Counter({ name: 'linkscope_collector_rejected_items_total', help: 'Spans refused as invalid, by reason.', labelNames: ['signal', 'reason'], registers: [this.registry] });
  private readonly throttled = new Counter({ name: 'linkscope_collector_throttled_requests_total', help: 'Requests refused with 429 or 503, by reason.', labelNames: ['signal', 'reason'], registers: [this.registry] });
  private readonly refused = new Counter({ name: 'linkscope_collector_refused_requests_total', help: 'Requests refused before decoding (auth, content type, size, malformed body), by HTTP status (gRPC codes mapped to their HTTP equivalents).', labelNames: ['signal', 'status'], registers: [this.registry] });
  private readonly truncated = new Counter({ name: 'linkscope_collector_truncated_values_total', help: 'Attributes dropped or values shortened by the limits.', labelNames: ['signal'], registers: [this.registry] });
  readonly backlog = new Gauge({ name: 'linkscope_collector_queue_backlog', help: 'Jobs waiting in the ingest queue, as last seen by this collector.', registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'linkscope_collector_request_duration_seconds',
    help: 'Time from request to answer.',
    labelNames: ['route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'linkscope_collector_' });
  }

  acceptedItems(signal: Signal, count: number): void {
    if (count > 0) this.accepted.inc({ signal }, count);
  }

  rejectedItems(signal: Signal, reasons: Partial<Record<string, number>>): void {
    for (const [reason, count] of Object.entries(reasons)) if (count) this.rejected.inc({ signal, reason }, count);
  }

  throttledRequest(signal: Signal, reason: ThrottleReason): void {
    this.throttled.inc({ signal, reason });
  }

  refusedRequest(signal: Signal, status: number): void {
    this.refused.inc({ signal, status: String(status) });
  }

  truncatedValues(signal: Signal, count: number): void {
    if (count > 0) this.truncated.inc({ signal }, count);
  }

  /** `status` is the HTTP status, or the gRPC status name (OK, UNAUTHENTICATED, …) for OTLP/gRPC. */
  observeRequest(route: string, status: number | string, seconds: number): void {
    this.latency.observe({ route, status: String(status) }, seconds);
  }
}

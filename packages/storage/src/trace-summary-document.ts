import { createHash } from 'node:crypto';
import type { SpanRecord, TenantScope } from '@linkscope/domain';

/** Bounds on the term lists of one summary; past them terms are dropped and `terms_truncated` is set. */
export const SUMMARY_LIMITS = { services: 100, operations: 500, routes: 200, statuses: 50, attrKv: 1_000, attrKeys: 300, batches: 2_000, termLength: 256 } as const;

/**
 * One document per trace in `<prefix>-traces-YYYY.MM.DD` (day of the trace's first-seen start):
 * the facts trace search filters and sorts on, merged from every batch that carried spans of the
 * trace. Every merge is idempotent (set unions, min/max, and counts kept per batch digest), so a
 * retried batch changes nothing.
 */
export interface TraceSummaryDocument {
  '@timestamp': number;
  tenant_id: string;
  project_id: string;
  trace_id: string;
  /** Earliest span start and latest span end, ns since the epoch, exact decimal strings. */
  start_ns: string;
  end_ns: string;
  /** end − start: the whole trace, async work included. */
  duration_ns: number;
  span_count: number;
  error_count: number;
  has_error: boolean;
  root_span_id: string | null;
  root_service: string | null;
  root_name: string | null;
  root_route: string | null;
  root_duration_ns: number | null;
  services: string[];
  error_services: string[];
  operations: string[];
  routes: string[];
  http_statuses: string[];
  attr_kv: string[];
  attr_keys: string[];
  terms_truncated: boolean;
  /** Span and error counts per batch digest (unindexed): lets the counts stay exact when a batch is retried. */
  batches: Record<string, [number, number]>;
}

export function traceSummaryId(scope: TenantScope, traceId: string): string {
  return `${scope.tenantId}:${scope.projectId}:${traceId}`;
}

function bounded(target: string[], values: Iterable<string>, limit: number): boolean {
  const have = new Set(target);
  let truncated = false;
  for (const raw of values) {
    const value = raw.length > SUMMARY_LIMITS.termLength ? raw.slice(0, SUMMARY_LIMITS.termLength) : raw;
    if (have.has(value)) continue;
    if (target.length >= limit) {
      truncated = true;
      continue;
    }
    have.add(value);
    target.push(value);
  }
  return truncated;
}

function scalarTerms(attributes: SpanRecord['attributes'], kv: Set<string>, keys: Set<string>): void {
  for (const [key, value] of Object.entries(attributes)) {
    keys.add(key);
    if (Array.isArray(value)) continue;
    kv.add(`${key}=${String(value)}`);
  }
}

/** What the spans of one trace in one batch say about the trace. */
export function partialSummary(scope: TenantScope, traceId: string, spans: readonly SpanRecord[]): TraceSummaryDocument {
  let start = BigInt(spans[0]!.startEpochNs);
  let end = start;
  const services = new Set<string>();
  const errorServices = new Set<string>();
  const operations = new Set<string>();
  const routes = new Set<string>();
  const statuses = new Set<string>();
  const kv = new Set<string>();
  const keys = new Set<string>();
  let errors = 0;
  let root: SpanRecord | null = null;
  const digest = createHash('sha1');
  for (const span of spans) {
    const s = BigInt(span.startEpochNs);
    const e = s + BigInt(Math.max(0, Math.round(span.durationNs)));
    if (s < start) start = s;
    if (e > end) end = e;
    services.add(span.serviceName);
    operations.add(span.name);
    if (span.statusCode === 'error') {
      errors++;
      errorServices.add(span.serviceName);
    }
    const route = span.attributes['http.route'];
    if (typeof route === 'string' && (span.kind === 'server' || span.parentSpanId === null)) routes.add(route);
    const status = span.attributes['http.response.status_code'];
    if (status !== undefined && !Array.isArray(status)) statuses.add(String(status));
    scalarTerms(span.attributes, kv, keys);
    scalarTerms(span.resourceAttributes, kv, keys);
    if (span.parentSpanId === null && (!root || span.durationNs > root.durationNs)) root = span;
    digest.update(span.spanId);
  }
  const doc: TraceSummaryDocument = {
    '@timestamp': Number(start / 1_000_000n),
    tenant_id: scope.tenantId,
    project_id: scope.projectId,
    trace_id: traceId,
    start_ns: start.toString(),
    end_ns: end.toString(),
    duration_ns: Number(end - start),
    span_count: spans.length,
    error_count: errors,
    has_error: errors > 0,
    root_span_id: root?.spanId ?? null,
    root_service: root?.serviceName ?? null,
    root_name: root?.name ?? null,
    root_route: root && typeof root.attributes['http.route'] === 'string' ? (root.attributes['http.route'] as string) : null,
    root_duration_ns: root?.durationNs ?? null,
    services: [],
    error_services: [],
    operations: [],
    routes: [],
    http_statuses: [],
    attr_kv: [],
    attr_keys: [],
    terms_truncated: false,
    batches: { [digest.digest('base64url').slice(0, 16)]: [spans.length, errors] },
  };
  return mergeSummaries(doc, { services, errorServices, operations, routes, statuses, kv, keys });
}

interface TermSets {
  services: Iterable<string>;
  errorServices: Iterable<string>;
  operations: Iterable<string>;
  routes: Iterable<string>;
  statuses: Iterable<string>;
  kv: Iterable<string>;
  keys: Iterable<string>;
}

function mergeSummaries(into: TraceSummaryDocument, terms: TermSets): TraceSummaryDocument {
  let truncated = into.terms_truncated;
  truncated = bounded(into.services, terms.services, SUMMARY_LIMITS.services) || truncated;
  truncated = bounded(into.error_services, terms.errorServices, SUMMARY_LIMITS.services) || truncated;
  truncated = bounded(into.operations, terms.operations, SUMMARY_LIMITS.operations) || truncated;
  truncated = bounded(into.routes, terms.routes, SUMMARY_LIMITS.routes) || truncated;
  truncated = bounded(into.http_statuses, terms.statuses, SUMMARY_LIMITS.statuses) || truncated;
  truncated = bounded(into.attr_kv, terms.kv, SUMMARY_LIMITS.attrKv) || truncated;
  truncated = bounded(into.attr_keys, terms.keys, SUMMARY_LIMITS.attrKeys) || truncated;
  into.terms_truncated = truncated;
  return into;
}

/**
 * Merges a batch's partial summary into the stored one (or returns the partial when there is none).
 * Idempotent: merging the same partial twice gives the same document.
 */
export function mergeTraceSummary(stored: TraceSummaryDocument | null, partial: TraceSummaryDocument): TraceSummaryDocument {
  if (!stored) return partial;
  const merged: TraceSummaryDocument = { ...stored, services: [...stored.services], error_services: [...stored.error_services], operations: [...stored.operations], routes: [...stored.routes], http_statuses: [...(stored.http_statuses ?? [])], attr_kv: [...stored.attr_kv], attr_keys: [...stored.attr_keys], batches: { ...stored.batches } };
  const start = BigInt(stored.start_ns) < BigInt(partial.start_ns) ? stored.start_ns : partial.start_ns;
  const end = BigInt(stored.end_ns) > BigInt(partial.end_ns) ? stored.end_ns : partial.end_ns;
  merged.start_ns = start;
  merged.end_ns = end;
  merged['@timestamp'] = Number(BigInt(start) / 1_000_000n);
  merged.duration_ns = Number(BigInt(end) - BigInt(start));
  for (const [key, counts] of Object.entries(partial.batches)) {
    if (key in merged.batches) continue;
    if (Object.keys(merged.batches).length >= SUMMARY_LIMITS.batches) {
      // Past the bound the counts keep growing but a retried batch may count twice; said by terms_truncated.
      merged.terms_truncated = true;
      merged.span_count += counts[0];
      merged.error_count += counts[1];
      continue;
    }
    merged.batches[key] = counts;
    merged.span_count += counts[0];
    merged.error_count += counts[1];
  }
  merged.has_error = merged.error_count > 0;
  if (partial.root_span_id !== null && (merged.root_duration_ns === null || (partial.root_duration_ns ?? 0) > merged.root_duration_ns)) {
    merged.root_span_id = partial.root_span_id;
    merged.root_service = partial.root_service;
    merged.root_name = partial.root_name;
    merged.root_route = partial.root_route;
    merged.root_duration_ns = partial.root_duration_ns;
  }
  return mergeSummaries(merged, {
    services: partial.services,
    errorServices: partial.error_services,
    operations: partial.operations,
    routes: partial.routes,
    statuses: partial.http_statuses,
    kv: partial.attr_kv,
    keys: partial.attr_keys,
  });
}

import type { SpanView } from '@linkscope/domain';
import type { TraceAnalysis } from '@linkscope/trace-analysis';

/** One service's part in a trace. */
export interface ServiceSummaryRow {
  readonly serviceName: string;
  readonly spanCount: number;
  readonly errorCount: number;
  /** Sum of its spans' self time (own work, children removed), nanoseconds. */
  readonly selfTimeNs: number;
  /** Its spans' time on the critical path, nanoseconds. */
  readonly criticalNs: number;
}

/** Per-service totals of a trace, most critical-path time first (then most self time). */
export function serviceSummary(spans: readonly SpanView[], analysis: TraceAnalysis): ServiceSummaryRow[] {
  const rows = new Map<string, { serviceName: string; spanCount: number; errorCount: number; selfTimeNs: number; criticalNs: number }>();
  const row = (serviceName: string) => {
    let found = rows.get(serviceName);
    if (!found) rows.set(serviceName, (found = { serviceName, spanCount: 0, errorCount: 0, selfTimeNs: 0, criticalNs: 0 }));
    return found;
  };
  const seen = new Set<string>();
  for (const span of spans) {
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    const r = row(span.serviceName);
    r.spanCount++;
    if (span.statusCode === 'error') r.errorCount++;
    r.selfTimeNs += analysis.selfTimeNs?.[span.spanId] ?? 0;
  }
  for (const span of analysis.criticalPathSpans) row(span.serviceName).criticalNs += span.criticalNs;
  return [...rows.values()].sort((a, b) => b.criticalNs - a.criticalNs || b.selfTimeNs - a.selfTimeNs || a.serviceName.localeCompare(b.serviceName));
}

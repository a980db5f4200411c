import type { TraceAnalysis } from './analyse-trace';
import { normalisePath } from './call-signature';
import type { FindingKind } from './finding';

/** One operation's weight on the critical path across a set of traces. */
export interface OperationContribution {
  readonly serviceName: string;
  /** Span name with id-like path segments normalised. */
  readonly operation: string;
  /** Traces in which the operation is on the critical path at all. */
  readonly traces: number;
  /** Mean critical-path time per trace over every sampled trace, nanoseconds. */
  readonly meanCriticalNs: number;
  /** Share of the critical path of the traces at or above p95 (resp. p99) duration, in [0, 1]. */
  readonly p95Share: number;
  readonly p99Share: number;
  /** Mean critical-path time in the traces at or above p95, nanoseconds. */
  readonly p95MeanCriticalNs: number;
}

/** How often one finding (by key) occurs across a set of traces. */
export interface FindingFrequency {
  readonly key: string;
  readonly kind: FindingKind;
  readonly serviceName: string;
  readonly operation: string;
  readonly signature: string | null;
  /** Traces with the finding. */
  readonly traces: number;
  /** `traces` over the sampled traces, in [0, 1]. */
  readonly frequency: number;
  readonly meanCostNs: number;
  readonly meanCallCount: number;
  /** One trace that shows it, to open. */
  readonly exampleTraceId: string;
}

export interface AggregateAnalysis {
  readonly traceCount: number;
  /** Nearest-rank percentiles of the sampled traces' root durations, nanoseconds. */
  readonly p50Ns: number;
  readonly p95Ns: number;
  readonly p99Ns: number;
  /** By `p95Share`, highest first. */
  readonly operations: readonly OperationContribution[];
  /** By frequency, then cost. */
  readonly findings: readonly FindingFrequency[];
}

export interface AnalysedTrace {
  readonly traceId: string;
  readonly analysis: TraceAnalysis;
}

/** Nearest-rank percentile of sorted values; 0 for none. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * What makes a group of traces (one URI or business entity over a window) slow, without opening
 * any of them: the operations whose own work dominates the critical path of the tail traces
 * (at or above p95 and p99), and how often each call-pattern finding occurs.
 */
export function aggregateAnalyses(traces: readonly AnalysedTrace[], maxOperations = 50): AggregateAnalysis {
  const durations = traces.map((t) => t.analysis.rootDurationNs).sort((a, b) => a - b);
  const p95Ns = percentile(durations, 0.95);
  const p99Ns = percentile(durations, 0.99);

  interface OperationSums {
    serviceName: string;
    operation: string;
    traces: number;
    total: number;
    p95: number;
    p99: number;
  }
  const operations = new Map<string, OperationSums>();
  let p95Total = 0;
  let p99Total = 0;
  let p95Traces = 0;
  const findings = new Map<string, { sample: FindingFrequency; traces: number; cost: number; calls: number }>();

  for (const { traceId, analysis } of traces) {
    const inP95 = analysis.rootDurationNs >= p95Ns;
    const inP99 = analysis.rootDurationNs >= p99Ns;
    if (inP95) {
      p95Total += analysis.rootDurationNs;
      p95Traces++;
    }
    if (inP99) p99Total += analysis.rootDurationNs;
    const seenOperations = new Set<string>();
    for (const span of analysis.criticalPathSpans) {
      const operation = normalisePath(span.name);
      const key = `${span.serviceName}\u0000${operation}`;
      let sums = operations.get(key);
      if (!sums) operations.set(key, (sums = { serviceName: span.serviceName, operation, traces: 0, total: 0, p95: 0, p99: 0 }));
      if (!seenOperations.has(key)) {
        seenOperations.add(key);
        sums.traces++;
      }
      sums.total += span.criticalNs;
      if (inP95) sums.p95 += span.criticalNs;
      if (inP99) sums.p99 += span.criticalNs;
    }
    const seenFindings = new Set<string>();
    for (const finding of analysis.findings) {
      let entry = findings.get(finding.key);
      if (!entry) {
        entry = {
          sample: { key: finding.key, kind: finding.kind, serviceName: finding.serviceName, operation: finding.operation, signature: finding.signature, traces: 0, frequency: 0, meanCostNs: 0, meanCallCount: 0, exampleTraceId: traceId },
          traces: 0,
          cost: 0,
          calls: 0,
        };
        findings.set(finding.key, entry);
      }
      if (!seenFindings.has(finding.key)) {
        seenFindings.add(finding.key);
        entry.traces++;
      }
      entry.cost += finding.costNs;
      entry.calls += finding.callCount;
    }
  }

  const count = traces.length;
  return {
    traceCount: count,
    p50Ns: percentile(durations, 0.5),
    p95Ns,
    p99Ns,
    operations: [...operations.values()]
      .map((s) => ({
        serviceName: s.serviceName,
        operation: s.operation,
        traces: s.traces,
        meanCriticalNs: count > 0 ? s.total / count : 0,
        p95Share: p95Total > 0 ? s.p95 / p95Total : 0,
        p99Share: p99Total > 0 ? s.p99 / p99Total : 0,
        p95MeanCriticalNs: p95Traces > 0 ? s.p95 / p95Traces : 0,
      }))
      .sort((a, b) => b.p95Share - a.p95Share || b.meanCriticalNs - a.meanCriticalNs)
      .slice(0, maxOperations),
    findings: [...findings.values()]
      .map(({ sample, traces: withFinding, cost, calls }) => ({
        ...sample,
        traces: withFinding,
        frequency: count > 0 ? withFinding / count : 0,
        meanCostNs: withFinding > 0 ? cost / withFinding : 0,
        meanCallCount: withFinding > 0 ? calls / withFinding : 0,
      }))
      .sort((a, b) => b.frequency - a.frequency || b.meanCostNs - a.meanCostNs),
  };
}

import { type AnalysisOptions, type AnalysisSpan, DEFAULT_ANALYSIS_OPTIONS } from './analysis-span';
import { detectCallPatterns } from './call-patterns';
import { detectPathPatterns } from './call-paths';
import { criticalPath, criticalTimeByNode, selfTimes } from './critical-path';
import { FINDING_KINDS, type Finding } from './finding';
import { buildTraceGraph, type GraphRepairs, NO_NODE } from './trace-graph';

/** One span's share of the critical path. */
export interface CriticalPathSpan {
  readonly spanId: string;
  readonly serviceName: string;
  readonly name: string;
  /** Time this span's own work sat on the critical path, in nanoseconds. */
  readonly criticalNs: number;
  /** `criticalNs` over the root's duration, in [0, 1]. */
  readonly share: number;
}

/** A stretch of the critical path, for drawing it on the waterfall. */
export interface CriticalPathSegment {
  readonly spanId: string;
  /** Nanoseconds from the earliest span start in the trace. */
  readonly startOffsetNs: number;
  readonly endOffsetNs: number;
}

/** Everything the analysis says about one trace. JSON-serialisable and bounded in size except `selfTimeNs`. */
export interface TraceAnalysis {
  readonly spanCount: number;
  /** The span the critical path starts from (the longest true root, else the longest top-level span); null when empty. */
  readonly rootSpanId: string | null;
  /** Duration of that root span (what the caller waited), nanoseconds. */
  readonly rootDurationNs: number;
  /** Earliest start to latest end over every span (async work included), nanoseconds. */
  readonly extentNs: number;
  /** Critical path segments in time order; they tile the root span exactly. */
  readonly criticalPath: readonly CriticalPathSegment[];
  /** Spans on the critical path, each once, in order of first appearance on it. */
  readonly criticalPathSpans: readonly CriticalPathSpan[];
  /** The spans whose own work holds up the request most: highest critical-path time first. */
  readonly bottlenecks: readonly CriticalPathSpan[];
  /** Highest cost first. */
  readonly findings: readonly Finding[];
  readonly repairs: GraphRepairs;
  /** Self time (own work, children's time removed) per span id; filled only with `includeSelfTimes`. */
  readonly selfTimeNs: Readonly<Record<string, number>> | null;
  /** Max span nesting depth (0 for a lone root). */
  readonly maxDepth: number;
}

/**
 * Analyses one trace: critical path, self time, bottlenecks and call-pattern findings.
 * Pure and synchronous; 50,000 spans take well under 200 ms (see bench/traces).
 */
export function analyseTrace(spans: readonly AnalysisSpan[], overrides: Partial<AnalysisOptions> = {}): TraceAnalysis {
  const options = { ...DEFAULT_ANALYSIS_OPTIONS, ...overrides };
  const graph = buildTraceGraph(spans);
  const root = graph.primaryRoot;
  const rootDurationNs = root === NO_NODE ? 0 : graph.end[root]! - graph.start[root]!;
  const segments = criticalPath(graph, root);
  const critical = criticalTimeByNode(segments, graph.spans.length);

  // Lists are pushed, not preallocated: `new Array(n)` past ~16k elements is a slow dictionary array.
  const criticalPathSpans: CriticalPathSpan[] = [];
  for (let k = 0; k < critical.order.length; k++) {
    const node = critical.order[k]!;
    const span = graph.spans[node]!;
    const criticalNs = critical.byNode[node]!;
    criticalPathSpans.push({ spanId: span.spanId, serviceName: span.serviceName, name: span.name, criticalNs, share: rootDurationNs > 0 ? criticalNs / rootDurationNs : 0 });
  }
  const bottlenecks = topByCriticalTime(criticalPathSpans, options.bottleneckCount);

  const byKind = new Map<string, Finding[]>(FINDING_KINDS.map((kind) => [kind, []]));
  for (const finding of detectCallPatterns(graph, options)) byKind.get(finding.kind)!.push(finding);
  for (const finding of detectPathPatterns(graph, options)) byKind.get(finding.kind)!.push(finding);
  const findings: Finding[] = [];
  for (const kind of FINDING_KINDS) {
    for (const finding of byKind.get(kind)!.sort((a, b) => b.costNs - a.costNs).slice(0, options.maxFindingsPerKind)) findings.push(finding);
  }
  findings.sort((a, b) => b.costNs - a.costNs);

  let selfTimeNs: Record<string, number> | null = null;
  if (options.includeSelfTimes) {
    const self = selfTimes(graph);
    // No prototype: span ids are data, and an id such as `__proto__` or `constructor` must read
    // as itself (a plain object would drop the first and answer a function for the second).
    selfTimeNs = Object.create(null) as Record<string, number>;
    for (let i = 0; i < graph.spans.length; i++) selfTimeNs[graph.spans[i]!.spanId] = self[i]!;
  }

  let maxEnd = 0;
  let minStart = graph.spans.length > 0 ? Infinity : 0;
  let maxDepth = 0;
  for (let i = 0; i < graph.spans.length; i++) {
    maxEnd = Math.max(maxEnd, graph.end[i]!);
    minStart = Math.min(minStart, graph.start[i]!);
    maxDepth = Math.max(maxDepth, graph.depth[i]!);
  }

  const pathSegments: CriticalPathSegment[] = [];
  for (let k = 0; k < segments.nodes.length; k++) {
    pathSegments.push({ spanId: graph.spans[segments.nodes[k]!]!.spanId, startOffsetNs: segments.startNs[k]!, endOffsetNs: segments.endNs[k]! });
  }

  return {
    spanCount: graph.spans.length,
    rootSpanId: root === NO_NODE ? null : graph.spans[root]!.spanId,
    rootDurationNs,
    extentNs: maxEnd - minStart,
    criticalPath: pathSegments,
    criticalPathSpans,
    bottlenecks,
    findings,
    repairs: graph.repairs,
    selfTimeNs,
    maxDepth,
  };
}

/**
 * The `count` spans with the most critical-path time, most first; equal times keep path order
 * (what a stable sort of the whole list would give), without sorting the whole list.
 */
function topByCriticalTime(spans: readonly CriticalPathSpan[], count: number): CriticalPathSpan[] {
  if (!(Number.isInteger(count) && count > 0)) return [...spans].sort((a, b) => b.criticalNs - a.criticalNs).slice(0, count);
  const top: CriticalPathSpan[] = [];
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k]!;
    if (top.length === count && span.criticalNs <= top[count - 1]!.criticalNs) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]!.criticalNs < span.criticalNs) at--;
    top.splice(at, 0, span);
    if (top.length > count) top.pop();
  }
  return top;
}

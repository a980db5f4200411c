import type { AnalysisSpan } from './analysis-span';
import { normalisePath } from './call-signature';
import { NO_NODE, type TraceGraph, buildTraceGraph } from './trace-graph';

/** Spans present on one side only, grouped by operation. */
export interface OperationDelta {
  readonly serviceName: string;
  readonly operation: string;
  readonly count: number;
  readonly totalDurationNs: number;
  /** At most 20, from the side that has them. */
  readonly spanIds: readonly string[];
}

/** One span matched on both sides whose duration changed beyond the thresholds. */
export interface SpanDelta {
  readonly serviceName: string;
  readonly operation: string;
  /** Where it sits: the operations from the root down, ` > `-separated. */
  readonly path: string;
  readonly baseSpanId: string;
  readonly otherSpanId: string;
  readonly baseDurationNs: number;
  readonly otherDurationNs: number;
  /** other − base; positive is slower. */
  readonly deltaNs: number;
}

export interface TraceComparison {
  /** Root duration of other − base, nanoseconds. */
  readonly durationDeltaNs: number;
  readonly baseSpanCount: number;
  readonly otherSpanCount: number;
  /** In `other` only (by operation, most time first). */
  readonly added: readonly OperationDelta[];
  /** In `base` only. */
  readonly removed: readonly OperationDelta[];
  /** Matched spans that took longer in `other`, largest change first. */
  readonly slower: readonly SpanDelta[];
  readonly faster: readonly SpanDelta[];
}

export interface ComparisonOptions {
  /** A matched span counts as changed when its duration moved by at least this much … */
  readonly minDeltaNs: number;
  /** … and by at least this fraction of the base duration. */
  readonly minDeltaRatio: number;
  /** Bound on each list. */
  readonly maxItems: number;
}

const DEFAULTS: ComparisonOptions = { minDeltaNs: 1_000_000, minDeltaRatio: 0.2, maxItems: 100 };

interface Keyed {
  readonly graph: TraceGraph;
  /** Structural key per node, comparable across traces: the operations from the root and the ordinal among like siblings. */
  readonly keys: string[];
  /** Readable path per node. */
  readonly labels: string[];
}

/** Keys long chains by a hash so that memory stays linear in depth. */
function keyNodes(spans: readonly AnalysisSpan[]): Keyed {
  const graph = buildTraceGraph(spans);
  const n = graph.spans.length;
  const keys = new Array<string>(n);
  const labels = new Array<string>(n);
  const ordinals = new Map<string, number>();
  for (let k = 0; k < graph.preorder.length; k++) {
    const i = graph.preorder[k]!;
    const p = graph.parent[i]!;
    const span = graph.spans[i]!;
    const label = `${span.serviceName}:${normalisePath(span.name)}`;
    const siblingKey = `${p === NO_NODE ? '' : keys[p]!}/${label}`;
    const ordinal = ordinals.get(siblingKey) ?? 0;
    ordinals.set(siblingKey, ordinal + 1);
    const key = `${siblingKey}#${ordinal}`;
    keys[i] = key.length > 256 ? `h${hash(key)}:${label}#${ordinal}` : key;
    labels[i] = p === NO_NODE ? label : `${labels[p]!} > ${label}`.slice(-300);
  }
  return { graph, keys, labels };
}

function hash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}

function groupByOperation(graph: TraceGraph, nodes: readonly number[], maxItems: number): OperationDelta[] {
  const groups = new Map<string, { serviceName: string; operation: string; count: number; totalDurationNs: number; spanIds: string[] }>();
  for (const i of nodes) {
    const span = graph.spans[i]!;
    const operation = normalisePath(span.name);
    const key = `${span.serviceName}\u0000${operation}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { serviceName: span.serviceName, operation, count: 0, totalDurationNs: 0, spanIds: [] }));
    group.count++;
    group.totalDurationNs += graph.end[i]! - graph.start[i]!;
    if (group.spanIds.length < 20) group.spanIds.push(span.spanId);
  }
  return [...groups.values()].sort((a, b) => b.totalDurationNs - a.totalDurationNs).slice(0, maxItems);
}

/**
 * Compares two traces of the same kind of request. Spans are matched by position (the chain of
 * operations from the root and the ordinal among siblings doing the same operation), so the 8th
 * `SELECT` under the same handler matches the 8th. Unmatched spans are added or removed; matched
 * spans whose duration changed by at least `minDeltaNs` and `minDeltaRatio` are slower or faster.
 */
export function compareTraces(base: readonly AnalysisSpan[], other: readonly AnalysisSpan[], overrides: Partial<ComparisonOptions> = {}): TraceComparison {
  const options = { ...DEFAULTS, ...overrides };
  const a = keyNodes(base);
  const b = keyNodes(other);
  const aKeys = a.keys;
  const bKeys = b.keys;
  const bByKey = new Map<string, number>();
  bKeys.forEach((key, i) => bByKey.set(key, i));
  const matchedB = new Uint8Array(bKeys.length);
  const removed: number[] = [];
  const slower: SpanDelta[] = [];
  const faster: SpanDelta[] = [];
  aKeys.forEach((key, i) => {
    const j = bByKey.get(key);
    if (j === undefined) {
      removed.push(i);
      return;
    }
    matchedB[j] = 1;
    const baseDurationNs = a.graph.end[i]! - a.graph.start[i]!;
    const otherDurationNs = b.graph.end[j]! - b.graph.start[j]!;
    const deltaNs = otherDurationNs - baseDurationNs;
    if (Math.abs(deltaNs) < options.minDeltaNs || Math.abs(deltaNs) < options.minDeltaRatio * baseDurationNs) return;
    const span = a.graph.spans[i]!;
    const delta: SpanDelta = {
      serviceName: span.serviceName,
      operation: normalisePath(span.name),
      path: a.labels[i]!,
      baseSpanId: span.spanId,
      otherSpanId: b.graph.spans[j]!.spanId,
      baseDurationNs,
      otherDurationNs,
      deltaNs,
    };
    (deltaNs > 0 ? slower : faster).push(delta);
  });
  const added: number[] = [];
  matchedB.forEach((matched, j) => {
    if (!matched) added.push(j);
  });
  const rootDuration = (k: Keyed) => (k.graph.primaryRoot === NO_NODE ? 0 : k.graph.end[k.graph.primaryRoot]! - k.graph.start[k.graph.primaryRoot]!);
  return {
    durationDeltaNs: rootDuration(b) - rootDuration(a),
    baseSpanCount: a.graph.spans.length,
    otherSpanCount: b.graph.spans.length,
    added: groupByOperation(b.graph, added, options.maxItems),
    removed: groupByOperation(a.graph, removed, options.maxItems),
    slower: slower.sort((x, y) => y.deltaNs - x.deltaNs).slice(0, options.maxItems),
    faster: faster.sort((x, y) => x.deltaNs - y.deltaNs).slice(0, options.maxItems),
  };
}

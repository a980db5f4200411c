import type { AnalysisSpan } from './analysis-span';

export const NO_NODE = -1;

/** What had to be repaired to read the trace as one tree; all zero for a clean trace. */
export interface GraphRepairs {
  /** Spans whose parent id is not in the trace (parent lost, not yet indexed, or in another system). */
  readonly orphanSpans: number;
  /** Extra copies of a span id (the same span delivered by several sources); the longest copy is kept. */
  readonly duplicateSpans: number;
  /** Spans cut loose from their parent to break a parent-id cycle. */
  readonly cycleBreaks: number;
  /** Cross-service spans moved into their parent's time window because the two hosts' clocks disagree. */
  readonly skewAdjustedSpans: number;
  /** Spans that end after their parent ends (async work outliving its caller); clipped on the critical path. */
  readonly spansOutlivingParent: number;
}

/**
 * One trace as index-addressed arrays: node i is `spans[i]`. Times are nanoseconds from the earliest
 * span start, after clock-skew correction, as doubles (exact within a trace: 2^53 ns is 104 days).
 */
export interface TraceGraph {
  readonly spans: readonly AnalysisSpan[];
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly parent: Int32Array;
  /** Children of node i are `childIndex[childOffset[i] .. childOffset[i+1])`, sorted by start. */
  readonly childOffset: Int32Array;
  readonly childIndex: Int32Array;
  readonly depth: Int32Array;
  /** Every node, each parent before its children. */
  readonly preorder: Int32Array;
  /** Top-level nodes (true roots first, then orphans and cycle cuts), by start. */
  readonly roots: readonly number[];
  /** The root the trace is read from: the longest true root, else the longest top-level node; NO_NODE when empty. */
  readonly primaryRoot: number;
  /** Earliest span start, nanoseconds since the epoch. */
  readonly startEpochNs: bigint;
  readonly repairs: GraphRepairs;
}

function durationOf(span: AnalysisSpan): number {
  const d = span.durationNs;
  return Number.isFinite(d) && d > 0 ? d : 0;
}

/**
 * Keeps one span per span id: the longest copy (a fuller view of the same work), ties to the first.
 * Most traces have no duplicate ids: one map insert per span tells, and the input is used as it is.
 */
function dedupe(input: readonly AnalysisSpan[]): { spans: readonly AnalysisSpan[]; duplicates: number; indexById: Map<string, number> } {
  const lastIndexById = new Map<string, number>();
  for (let i = 0; i < input.length; i++) lastIndexById.set(input[i]!.spanId, i);
  if (lastIndexById.size === input.length) return { spans: input, duplicates: 0, indexById: lastIndexById };

  const indexById = new Map<string, number>();
  const spans: AnalysisSpan[] = [];
  let duplicates = 0;
  for (const span of input) {
    const seen = indexById.get(span.spanId);
    if (seen === undefined) {
      indexById.set(span.spanId, spans.length);
      spans.push(span);
      continue;
    }
    duplicates++;
    if (durationOf(span) > durationOf(spans[seen]!)) spans[seen] = span;
  }
  return { spans, duplicates, indexById };
}

/** Largest span of starts read without BigInt: every offset stays an exact integer in a double. */
const EXACT_SPAN_NS = Number.MAX_SAFE_INTEGER;

/**
 * Start offsets from the earliest start, exact. Plain decimal strings (the stored form) are read
 * as two doubles, the digits before the last nine and the last nine, which is exact and avoids a
 * BigInt per span; anything else (signs, spaces, garbage, or starts further apart than 2^53 ns)
 * goes through BigInt as a whole, with unreadable values read as 0.
 */
function parseStarts(spans: readonly AnalysisSpan[]): { offsets: Float64Array; min: bigint } {
  const n = spans.length;
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  let minHigh = Infinity;
  let minLow = Infinity;
  let maxHigh = -Infinity;
  for (let i = 0; i < n; i++) {
    const text = spans[i]!.startEpochNs;
    const length = typeof text === 'string' ? text.length : 0;
    if (length === 0 || length > 24) return parseStartsExactly(spans);
    const split = length - 9;
    let h = 0;
    let l = 0;
    for (let k = 0; k < length; k++) {
      const digit = text.charCodeAt(k) - 48;
      if (digit < 0 || digit > 9) return parseStartsExactly(spans);
      if (k < split) h = h * 10 + digit;
      else l = l * 10 + digit;
    }
    high[i] = h;
    low[i] = l;
    if (h < minHigh || (h === minHigh && l < minLow)) {
      minHigh = h;
      minLow = l;
    }
    if (h > maxHigh) maxHigh = h;
  }
  if (n === 0) return { offsets: new Float64Array(0), min: 0n };
  if ((maxHigh - minHigh + 1) * 1e9 > EXACT_SPAN_NS) return parseStartsExactly(spans);
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = (high[i]! - minHigh) * 1e9 + (low[i]! - minLow);
  return { offsets, min: BigInt(minHigh) * 1_000_000_000n + BigInt(minLow) };
}

function parseStartsExactly(spans: readonly AnalysisSpan[]): { offsets: Float64Array; min: bigint } {
  const n = spans.length;
  const raw = new Array<bigint>(n);
  let min = 0n;
  for (let i = 0; i < n; i++) {
    let value: bigint;
    try {
      value = BigInt(spans[i]!.startEpochNs);
    } catch {
      value = 0n;
    }
    raw[i] = value;
    if (i === 0 || value < min) min = value;
  }
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = Number(raw[i]! - min);
  return { offsets, min };
}

/** Cuts every parent-id cycle at its earliest-starting member. Each node is walked once. */
function breakCycles(parent: Int32Array, start: Float64Array): number {
  const n = parent.length;
  const state = new Uint8Array(n); // 0 unvisited, 1 on path, 2 done
  let cuts = 0;
  // The current walk; its nodes are never on another walk, so n slots suffice.
  const path = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (state[s] !== 0) continue;
    let length = 0;
    let at = s;
    while (at !== NO_NODE && state[at] === 0) {
      state[at] = 1;
      path[length++] = at;
      at = parent[at]!;
    }
    if (at !== NO_NODE && state[at] === 1) {
      let k = 0;
      while (path[k] !== at) k++;
      let cut = at;
      for (; k < length; k++) {
        const i = path[k]!;
        if (start[i]! < start[cut]! || (start[i] === start[cut] && i < cut)) cut = i;
      }
      parent[cut] = NO_NODE;
      cuts++;
    }
    for (let k = 0; k < length; k++) state[path[k]!] = 2;
  }
  return cuts;
}

/** Sorts each child list by (start, index) where it is not in that order already. */
function sortChildLists(childOffset: Int32Array, childIndex: Int32Array, start: Float64Array): void {
  const n = childOffset.length - 1;
  for (let i = 0; i < n; i++) {
    const from = childOffset[i]!;
    const to = childOffset[i + 1]!;
    for (let k = from + 1; k < to; k++) {
      const a = childIndex[k - 1]!;
      const b = childIndex[k]!;
      if (start[a]! > start[b]! || (start[a] === start[b] && a > b)) {
        childIndex.subarray(from, to).sort((x, y) => start[x]! - start[y]! || x - y);
        break;
      }
    }
  }
}

/**
 * Builds the tree of one trace. Robust to what real traces contain: spans in any order, duplicate
 * span ids from several sources, missing parents (orphans become top-level nodes), parent-id
 * cycles, and clocks that disagree between services (see `correctClockSkew`). O(n log n), no recursion.
 */
export function buildTraceGraph(input: readonly AnalysisSpan[]): TraceGraph {
  const { spans, duplicates, indexById } = dedupe(input);
  const n = spans.length;
  const { offsets: start, min } = parseStarts(spans);
  const end = new Float64Array(n);
  const parent = new Int32Array(n).fill(NO_NODE);
  let orphanSpans = 0;
  const trueRoot = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const span = spans[i]!;
    end[i] = start[i]! + durationOf(span);
    if (span.parentSpanId === null || span.parentSpanId === '') {
      trueRoot[i] = 1;
      continue;
    }
    const p = indexById.get(span.parentSpanId);
    if (p === undefined || p === i) orphanSpans++;
    else parent[i] = p;
  }
  const cycleBreaks = breakCycles(parent, start);

  // Children in CSR form, each list sorted by start (ties by index, for determinism). Filled in
  // index order; the stored order is by start already, so most lists need no sort at all.
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parent[i] !== NO_NODE) childCount[parent[i]! + 1]!++;
  const childOffset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childOffset[i + 1] = childOffset[i]! + childCount[i + 1]!;
  const fill = childOffset.slice(0, n);
  const childIndex = new Int32Array(Math.max(0, childOffset[n]!));
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p === NO_NODE) roots.push(i);
    else childIndex[fill[p]!++] = i;
  }
  sortChildLists(childOffset, childIndex, start);
  roots.sort((a, b) => trueRoot[b]! - trueRoot[a]! || start[a]! - start[b]! || a - b);

  const depth = new Int32Array(n);
  const preorder = new Int32Array(n);
  let written = 0;
  // Every node is pushed once, so a stack of n suffices.
  const stack = new Int32Array(n);
  let top = 0;
  for (let r = roots.length - 1; r >= 0; r--) stack[top++] = roots[r]!;
  while (top > 0) {
    const i = stack[--top]!;
    preorder[written++] = i;
    for (let k = childOffset[i + 1]! - 1; k >= childOffset[i]!; k--) {
      const c = childIndex[k]!;
      depth[c] = depth[i]! + 1;
      stack[top++] = c;
    }
  }

  const skewAdjustedSpans = correctClockSkew(spans, start, end, parent, preorder);
  // Moved spans may now start in another order among their siblings.
  if (skewAdjustedSpans > 0) sortChildLists(childOffset, childIndex, start);
  let spansOutlivingParent = 0;
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p !== NO_NODE && end[i]! > end[p]!) spansOutlivingParent++;
  }

  let primaryRoot = NO_NODE;
  const anyTrueRoot = roots.some((r) => trueRoot[r] === 1);
  for (const r of roots) {
    if (anyTrueRoot && trueRoot[r] !== 1) continue;
    if (primaryRoot === NO_NODE || end[r]! - start[r]! > end[primaryRoot]! - start[primaryRoot]!) primaryRoot = r;
  }

  return {
    spans,
    start,
    end,
    parent,
    childOffset,
    childIndex,
    depth,
    preorder,
    roots,
    primaryRoot,
    startEpochNs: min,
    repairs: { orphanSpans, duplicateSpans: duplicates, cycleBreaks, skewAdjustedSpans, spansOutlivingParent },
  };
}

/**
 * Clock-skew correction, in the manner of Jaeger's adjuster. Only a child in another service than
 * its parent can be skewed (one process has one clock). A synchronous child (anything but a
 * consumer) must lie within its caller: when it does not but would fit, it is centred in the
 * caller's window (the network time split evenly); when it is longer than its caller (the caller
 * gave up first), only its start is moved up to the caller's. An asynchronous consumer may
 * legitimately outlive its producer, so it is only moved when it starts before its parent.
 * Each shift carries to the whole subtree, which the pre-order visits after its root. Returns how many spans moved.
 */
function correctClockSkew(
  spans: readonly AnalysisSpan[],
  start: Float64Array,
  end: Float64Array,
  parent: Int32Array,
  preorder: Int32Array,
): number {
  const shift = new Float64Array(spans.length);
  let adjusted = 0;
  for (let k = 0; k < preorder.length; k++) {
    const i = preorder[k]!;
    const p = parent[i]!;
    if (p === NO_NODE) continue;
    let delta = shift[p]!;
    const s = start[i]! + delta;
    const e = end[i]! + delta;
    if (spans[i]!.serviceName !== spans[p]!.serviceName) {
      const ps = start[p]!;
      const pe = end[p]!;
      const duration = e - s;
      let target = s;
      if (spans[i]!.kind === 'consumer') {
        if (s < ps) target = ps;
      } else if (s < ps || e > pe) {
        target = duration <= pe - ps ? ps + (pe - ps - duration) / 2 : ps;
        if (duration > pe - ps && s >= ps) target = s;
      }
      if (target !== s) {
        delta += target - s;
        adjusted++;
      }
    }
    shift[i] = delta;
    if (delta !== 0) {
      start[i] = start[i]! + delta;
      end[i] = end[i]! + delta;
    }
  }
  return adjusted;
}

/** Children of node i (a view, no copy). */
export function childrenOf(graph: TraceGraph, i: number): Int32Array {
  return graph.childIndex.subarray(graph.childOffset[i]!, graph.childOffset[i + 1]!);
}

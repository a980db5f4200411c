import type { SpanView } from '@linkscope/domain';

/**
 * Why a node sits at the top of the tree: a true root (no parent id), an orphan (its parent is not
 * in the trace, e.g. not yet indexed or dropped), or a span cut loose to break a parent cycle.
 */
export type RootReason = 'root' | 'orphan' | 'cycle';

export interface SpanNode {
  readonly span: SpanView;
  /** Nanoseconds from the earliest span start in the trace to this span's start; never negative. */
  readonly startOffsetNs: number;
  /** 0 for roots. */
  readonly depth: number;
  /** The node this one hangs under in the tree; null for roots (whatever `span.parentSpanId` says). */
  readonly parent: SpanNode | null;
  /** Sorted by start, ties in input order. */
  readonly children: readonly SpanNode[];
  /** Spans below this one at every level. */
  readonly descendantCount: number;
  /** Set on roots only. */
  readonly rootReason: RootReason | null;
}

export interface SpanTree {
  /** Sorted by start, ties in input order. Every span of the input is reachable from exactly one root. */
  readonly roots: readonly SpanNode[];
  readonly spanCount: number;
  /** Earliest span start in nanoseconds since the epoch; 0n for an empty trace. */
  readonly startEpochNs: bigint;
  /** From the earliest span start to the latest span end, in nanoseconds; 0 for an empty trace. */
  readonly durationNs: number;
}

interface MutableSpanNode {
  span: SpanView;
  startOffsetNs: number;
  depth: number;
  parent: MutableSpanNode | null;
  children: MutableSpanNode[];
  descendantCount: number;
  rootReason: RootReason | null;
}

const NO_PARENT = -1;

/**
 * Builds the span tree of one trace. Spans may arrive in any order. A span whose parent id is not
 * in the trace becomes a root marked `orphan`; when parent ids form a cycle, the earliest-starting
 * span of the cycle becomes a root marked `cycle`, so every span appears exactly once and the walk
 * always ends. When two spans share a span id, children attach to the first. Runs in O(n log n)
 * without recursion, so a chain tens of thousands deep cannot overflow the stack.
 */
export function buildSpanTree(spans: readonly SpanView[]): SpanTree {
  if (spans.length === 0) return { roots: [], spanCount: 0, startEpochNs: 0n, durationNs: 0 };

  const starts = spans.map((span) => BigInt(span.startEpochNs));
  const startEpochNs = starts.reduce((min, start) => (start < min ? start : min));
  // Offsets within one trace fit a double exactly (2^53 ns is 104 days); epoch values do not.
  const offsets = starts.map((start) => Number(start - startEpochNs));
  let endOffsetNs = 0;
  spans.forEach((span, i) => {
    endOffsetNs = Math.max(endOffsetNs, offsets[i]! + Math.max(0, span.durationNs));
  });

  const indexById = new Map<string, number>();
  spans.forEach((span, i) => {
    if (!indexById.has(span.spanId)) indexById.set(span.spanId, i);
  });
  const parentOf = new Int32Array(spans.length).fill(NO_PARENT);
  const rootReasons = spans.map((span, i): RootReason | null => {
    if (span.parentSpanId === null) return 'root';
    const parentIndex = indexById.get(span.parentSpanId);
    if (parentIndex === undefined) return 'orphan';
    parentOf[i] = parentIndex;
    return null;
  });
  breakCycles(parentOf, offsets, rootReasons);

  const nodes: MutableSpanNode[] = spans.map((span, i) => ({
    span,
    startOffsetNs: offsets[i]!,
    depth: 0,
    parent: null,
    children: [],
    descendantCount: 0,
    rootReason: rootReasons[i] ?? null,
  }));
  const byStart = spans.map((_, i) => i).sort((a, b) => offsets[a]! - offsets[b]! || a - b);
  const roots: MutableSpanNode[] = [];
  for (const i of byStart) {
    const node = nodes[i]!;
    const parentIndex = parentOf[i]!;
    if (parentIndex === NO_PARENT) {
      roots.push(node);
    } else {
      node.parent = nodes[parentIndex]!;
      node.parent.children.push(node);
    }
  }
  assignDepthsAndCounts(roots);
  return { roots, spanCount: spans.length, startEpochNs, durationNs: endOffsetNs };
}

/**
 * Walks up from every span once. Reaching a span already on the current path means a cycle: its
 * earliest-starting member is cut loose and becomes a root. Each span is walked once, so O(n).
 */
function breakCycles(parentOf: Int32Array, offsets: readonly number[], rootReasons: (RootReason | null)[]): void {
  const UNVISITED = 0;
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Uint8Array(parentOf.length);
  for (let start = 0; start < parentOf.length; start++) {
    if (state[start] !== UNVISITED) continue;
    const path: number[] = [];
    let at = start;
    while (at !== NO_PARENT && state[at] === UNVISITED) {
      state[at] = ON_PATH;
      path.push(at);
      at = parentOf[at]!;
    }
    if (at !== NO_PARENT && state[at] === ON_PATH) {
      const cycle = path.slice(path.indexOf(at));
      const cut = cycle.reduce((best, i) => (offsets[i]! < offsets[best]! || (offsets[i] === offsets[best] && i < best) ? i : best));
      parentOf[cut] = NO_PARENT;
      rootReasons[cut] = 'cycle';
    }
    for (const i of path) state[i] = DONE;
  }
}

function assignDepthsAndCounts(roots: readonly MutableSpanNode[]): void {
  const preorder: MutableSpanNode[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    preorder.push(node);
    for (const child of node.children) {
      child.depth = node.depth + 1;
      stack.push(child);
    }
  }
  // Reverse pre-order visits every child before its parent.
  for (let i = preorder.length - 1; i >= 0; i--) {
    const node = preorder[i]!;
    if (node.parent) node.parent.descendantCount += node.descendantCount + 1;
  }
}

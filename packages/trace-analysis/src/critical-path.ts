import { NO_NODE, type TraceGraph } from './trace-graph';

/**
 * The critical path as stretches of time during which one span's own work was what the request
 * waited for, in time order: stretch k is node `nodes[k]` from `startNs[k]` to `endNs[k]`
 * (nanoseconds from the trace start). Parallel arrays rather than an object per stretch: a
 * 50,000-span trace has tens of thousands of them.
 */
export interface CriticalSegments {
  readonly nodes: readonly number[];
  readonly startNs: readonly number[];
  readonly endNs: readonly number[];
}

/**
 * The critical path from `root`: the chain of work the root's end actually waited for, as time
 * segments in time order that tile [root start, root end] exactly.
 *
 * Walking back from the root's end, the last child to finish before the cursor is what the parent
 * was waiting for; its own critical path is taken, the cursor moves to its start, and the walk goes
 * on with the children that finished before that. Between them the parent itself is on the path.
 * Children are first clipped to their parent's window, so async work that outlives its caller (or
 * starts before it, when skew could not be corrected) never extends the path; children wholly
 * outside the window are not on it. Iterative; O(n log n) for the sort by end.
 */
export function criticalPath(graph: TraceGraph, root: number = graph.primaryRoot): CriticalSegments {
  const nodes: number[] = [];
  const startNs: number[] = [];
  const endNs: number[] = [];
  if (root === NO_NODE) return { nodes, startNs, endNs };
  const n = graph.spans.length;
  const clipStart = new Float64Array(n);
  const clipEnd = new Float64Array(n);
  const inside = new Uint8Array(n);
  clipStart[root] = graph.start[root]!;
  clipEnd[root] = graph.end[root]!;
  inside[root] = 1;

  // Clip top-down: pre-order visits a parent before its children. Nodes outside the root's
  // subtree stay `inside = 0`.
  for (let k = 0; k < graph.preorder.length; k++) {
    const i = graph.preorder[k]!;
    const p = graph.parent[i]!;
    if (p === NO_NODE || inside[p] !== 1) continue;
    const s = Math.max(graph.start[i]!, clipStart[p]!);
    const e = Math.min(graph.end[i]!, clipEnd[p]!);
    if (e > s) {
      clipStart[i] = s;
      clipEnd[i] = e;
      inside[i] = 1;
    }
  }

  const noKids: number[] = [];
  const byEndDesc = (i: number): number[] => {
    const from = graph.childOffset[i]!;
    const to = graph.childOffset[i + 1]!;
    if (from === to) return noKids; // most nodes on a long path are leaves
    const kids: number[] = [];
    for (let k = from; k < to; k++) {
      const c = graph.childIndex[k]!;
      if (inside[c] === 1) kids.push(c);
    }
    return kids.sort((a, b) => clipEnd[b]! - clipEnd[a]! || clipStart[b]! - clipStart[a]! || a - b);
  };

  // Segments are found from the end backwards; the stack of frames is kept as parallel arrays.
  const push = (node: number, from: number, to: number) => {
    nodes.push(node);
    startNs.push(from);
    endNs.push(to);
  };
  const frameNode: number[] = [root];
  const frameCursor: number[] = [clipEnd[root]!];
  const frameKids: number[][] = [byEndDesc(root)];
  const frameNext: number[] = [0];
  while (frameNode.length > 0) {
    const top = frameNode.length - 1;
    const node = frameNode[top]!;
    const kids = frameKids[top]!;
    let next = frameNext[top]!;
    const cursor = frameCursor[top]!;
    // The cursor only moves earlier, so a child ending after it can never be picked later: skip it for good.
    while (next < kids.length && clipEnd[kids[next]!]! > cursor) next++;
    if (next < kids.length) {
      const child = kids[next]!;
      frameNext[top] = next + 1;
      const childEnd = clipEnd[child]!;
      if (childEnd < cursor) push(node, childEnd, cursor);
      frameCursor[top] = clipStart[child]!;
      frameNode.push(child);
      frameCursor.push(childEnd);
      frameKids.push(byEndDesc(child));
      frameNext.push(0);
      continue;
    }
    if (cursor > clipStart[node]!) push(node, clipStart[node]!, cursor);
    frameNode.pop();
    frameCursor.pop();
    frameKids.pop();
    frameNext.pop();
  }
  nodes.reverse();
  startNs.reverse();
  endNs.reverse();
  return { nodes, startNs, endNs };
}

/** Critical-path time per node (sum of its segments), and the nodes on the path in order of first appearance. */
export interface CriticalTimes {
  /** Indexed by node; 0 for nodes off the path. */
  readonly byNode: Float64Array;
  readonly order: Int32Array;
}

export function criticalTimeByNode(segments: CriticalSegments, nodeCount: number): CriticalTimes {
  const byNode = new Float64Array(nodeCount);
  const seen = new Uint8Array(nodeCount);
  const order: number[] = [];
  for (let k = 0; k < segments.nodes.length; k++) {
    const node = segments.nodes[k]!;
    if (seen[node] === 0) {
      seen[node] = 1;
      order.push(node);
    }
    byNode[node] = byNode[node]! + segments.endNs[k]! - segments.startNs[k]!;
  }
  return { byNode, order: Int32Array.from(order) };
}

/**
 * Each span's self time: its duration minus the time covered by at least one of its children
 * (children clipped to the span, overlaps counted once). Children sorted by start make it one pass.
 */
export function selfTimes(graph: TraceGraph): Float64Array {
  const n = graph.spans.length;
  const self = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = graph.start[i]!;
    const e = graph.end[i]!;
    let covered = 0;
    let runStart = 0;
    let runEnd = -Infinity;
    for (let k = graph.childOffset[i]!; k < graph.childOffset[i + 1]!; k++) {
      const c = graph.childIndex[k]!;
      const cs = Math.max(s, graph.start[c]!);
      const ce = Math.min(e, graph.end[c]!);
      if (ce <= cs) continue;
      if (cs > runEnd) {
        if (runEnd > runStart) covered += runEnd - runStart;
        runStart = cs;
        runEnd = ce;
      } else if (ce > runEnd) runEnd = ce;
    }
    if (runEnd > runStart) covered += runEnd - runStart;
    self[i] = Math.max(0, e - s - covered);
  }
  return self;
}

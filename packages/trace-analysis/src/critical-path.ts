import { NO_NODE, type TraceGraph } from './trace-graph';

/** A stretch of time during which one span's own work was what the request waited for. */
export interface CriticalSegment {
  readonly node: number;
  /** Nanoseconds from the trace start. */
  readonly startNs: number;
  readonly endNs: number;
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
export function criticalPath(graph: TraceGraph, root: number = graph.primaryRoot): CriticalSegment[] {
  if (root === NO_NODE) return [];
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

  const byEndDesc = (i: number): number[] => {
    const kids: number[] = [];
    for (let k = graph.childOffset[i]!; k < graph.childOffset[i + 1]!; k++) {
      const c = graph.childIndex[k]!;
      if (inside[c] === 1) kids.push(c);
    }
    return kids.sort((a, b) => clipEnd[b]! - clipEnd[a]! || clipStart[b]! - clipStart[a]! || a - b);
  };

  const segments: CriticalSegment[] = [];
  interface Frame {
    readonly node: number;
    cursor: number;
    readonly kids: number[];
    next: number;
  }
  const stack: Frame[] = [{ node: root, cursor: clipEnd[root]!, kids: byEndDesc(root), next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const { node, kids } = frame;
    // The cursor only moves earlier, so a child ending after it can never be picked later: skip it for good.
    while (frame.next < kids.length && clipEnd[kids[frame.next]!]! > frame.cursor) frame.next++;
    if (frame.next < kids.length) {
      const child = kids[frame.next++]!;
      const childEnd = clipEnd[child]!;
      if (childEnd < frame.cursor) segments.push({ node, startNs: childEnd, endNs: frame.cursor });
      frame.cursor = clipStart[child]!;
      stack.push({ node: child, cursor: childEnd, kids: byEndDesc(child), next: 0 });
      continue;
    }
    if (frame.cursor > clipStart[node]!) segments.push({ node, startNs: clipStart[node]!, endNs: frame.cursor });
    stack.pop();
  }
  segments.reverse();
  return segments;
}

/** Critical-path time per node (sum of its segments); nodes off the path are absent. */
export function criticalTimeByNode(segments: readonly CriticalSegment[]): Map<number, number> {
  const byNode = new Map<number, number>();
  for (const segment of segments) byNode.set(segment.node, (byNode.get(segment.node) ?? 0) + segment.endNs - segment.startNs);
  return byNode;
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

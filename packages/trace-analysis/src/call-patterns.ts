import type { AnalysisOptions } from './analysis-span';
import { callFailed, callSignature, isDownstreamCall, resendCount, signatureOperation } from './call-signature';
import type { Finding } from './finding';
import type { TraceGraph } from './trace-graph';

/** Wall-clock time covered by the intervals of `nodes` (sorted by start). */
function unionNs(graph: TraceGraph, nodes: readonly number[]): number {
  let total = 0;
  let runStart = 0;
  let runEnd = -Infinity;
  // Indexed loops here and below: this runs for every group of every parent of a big trace.
  for (let k = 0; k < nodes.length; k++) {
    const i = nodes[k]!;
    const s = graph.start[i]!;
    const e = graph.end[i]!;
    if (s > runEnd) {
      if (runEnd > runStart) total += runEnd - runStart;
      runStart = s;
      runEnd = e;
    } else if (e > runEnd) runEnd = e;
  }
  if (runEnd > runStart) total += runEnd - runStart;
  return total;
}

const durationOf = (graph: TraceGraph, i: number) => graph.end[i]! - graph.start[i]!;

function maxDuration(graph: TraceGraph, nodes: readonly number[]): number {
  let max = 0;
  for (let k = 0; k < nodes.length; k++) max = Math.max(max, durationOf(graph, nodes[k]!));
  return max;
}

function finding(
  graph: TraceGraph,
  options: AnalysisOptions,
  fields: Omit<Finding, 'spanIds' | 'spanCount' | 'serviceName' | 'operation' | 'parentSpanId' | 'key'> & { parent: number; nodes: readonly number[] },
): Finding {
  const parentSpan = graph.spans[fields.parent]!;
  const { parent: _parent, nodes, ...rest } = fields;
  return {
    ...rest,
    key: `${fields.kind}|${parentSpan.serviceName}|${parentSpan.name}|${fields.signature ?? ''}`,
    parentSpanId: parentSpan.spanId,
    serviceName: parentSpan.serviceName,
    operation: parentSpan.name,
    spanIds: nodes.slice(0, options.maxSpanIdsPerFinding).map((i) => graph.spans[i]!.spanId),
    spanCount: nodes.length,
  };
}

/**
 * Findings about the calls one parent makes: N+1, retries, fan-out and serial calls. Every parent
 * is looked at once, its calls already in start order, so the whole pass is O(n) plus the grouping.
 */
export function detectCallPatterns(graph: TraceGraph, options: AnalysisOptions): Finding[] {
  const found: Finding[] = [];
  // Reused for every parent and never shrunk (emptying an array frees its storage, and the next
  // parent would grow it again). `patterned` marks calls explained as N+1 or retries; each node
  // has one parent, so marks never need clearing.
  const callBuffer = new Int32Array(graph.spans.length);
  const signatures: string[] = [];
  const patterned = new Uint8Array(graph.spans.length);
  for (let p = 0; p < graph.spans.length; p++) {
    const from = graph.childOffset[p]!;
    const to = graph.childOffset[p + 1]!;
    if (to - from < 2) continue;
    let count = 0;
    for (let k = from; k < to; k++) {
      const c = graph.childIndex[k]!;
      if (isDownstreamCall(graph.spans[c]!)) callBuffer[count++] = c;
    }
    if (count < 2) continue;
    const calls = callBuffer.subarray(0, count);

    const groups = new Map<string, number[]>();
    for (let k = 0; k < count; k++) {
      const c = calls[k]!;
      const signature = callSignature(graph.spans[c]!);
      signatures[k] = signature;
      let group = groups.get(signature);
      if (!group) groups.set(signature, (group = []));
      group.push(c);
    }

    for (const [signature, group] of groups) {
      if (group.length < 2) continue;
      // Retry chains: an attempt that failed (or an explicit resend) followed by the same call.
      // A chain is the run group[chainStart .. end) of the group.
      let logicalCalls = 0;
      let chainStart = 0;
      const closeChain = (end: number) => {
        logicalCalls++;
        if (end - chainStart < 2) return;
        const chain = group.slice(chainStart, end);
        for (let k = 0; k < chain.length; k++) patterned[chain[k]!] = 1;
        const last = chain[chain.length - 1]!;
        found.push(
          finding(graph, options, {
            kind: 'retries',
            parent: p,
            nodes: chain,
            signature: signatureOperation(signature),
            callCount: chain.length,
            costNs: graph.start[last]! - graph.start[chain[0]!]!,
          }),
        );
      };
      for (let k = 1; k < group.length; k++) {
        if (callFailed(graph.spans[group[k - 1]!]!) || resendCount(graph.spans[group[k]!]!) > 0) continue;
        closeChain(k);
        chainStart = k;
      }
      closeChain(group.length);
      if (logicalCalls >= options.nPlusOneMinCalls) {
        for (let k = 0; k < group.length; k++) patterned[group[k]!] = 1;
        found.push(
          finding(graph, options, {
            kind: 'n-plus-one',
            parent: p,
            nodes: group,
            signature: signatureOperation(signature),
            callCount: group.length,
            costNs: unionNs(graph, group) - maxDuration(graph, group),
          }),
        );
      }
    }

    if (count >= options.fanOutMinCalls) {
      const all: number[] = [];
      for (let k = 0; k < count; k++) all.push(calls[k]!);
      found.push(
        finding(graph, options, {
          kind: 'fan-out',
          parent: p,
          nodes: all,
          signature: null,
          callCount: count,
          costNs: unionNs(graph, all),
        }),
      );
    }

    detectSerialRuns(graph, options, p, calls, patterned, signatures, found);
  }
  return found;
}

/**
 * Runs of back-to-back calls to different operations under one parent: each starts after the one
 * before has ended, with at most a short gap (a longer gap is read as the parent working on the
 * previous answer, i.e. a data dependency). Calls already explained as N+1 or retries are left out.
 *
 * A call that starts once a group of concurrent calls has all finished (nothing else of the
 * parent's calls still running) is read as the step after a join — `await Promise.all(...)`, then
 * use the answers — and does not extend a run from that group: the parent already ran what it
 * could in parallel, and what follows waited for the results. Timing cannot see a data dependency
 * without a gap otherwise (ADR 0009).
 */
function detectSerialRuns(
  graph: TraceGraph,
  options: AnalysisOptions,
  parent: number,
  calls: Int32Array,
  patterned: Uint8Array,
  /** `signatures[k]` is the signature of `calls[k]`. */
  signatures: readonly string[],
  found: Finding[],
): void {
  // startedConcurrently[k]: calls[k] started while an earlier call was still running.
  // endedBefore[k]: the latest end among calls[0 .. k), i.e. whether anything is in flight at calls[k]'s start.
  const startedConcurrently = new Uint8Array(calls.length);
  const endedBefore = new Float64Array(calls.length);
  let latestEnd = -Infinity;
  for (let k = 0; k < calls.length; k++) {
    const c = calls[k]!;
    endedBefore[k] = latestEnd;
    if (latestEnd > graph.start[c]!) startedConcurrently[k] = 1;
    latestEnd = Math.max(latestEnd, graph.end[c]!);
  }

  let run: number[] = [];
  let runEnd = -Infinity;
  let lastConcurrent = false;
  const runSignatures = new Set<string>();
  const close = () => {
    if (run.length >= 2) {
      const durations = run.map((i) => durationOf(graph, i));
      const saving = durations.reduce((sum, d) => sum + d, 0) - Math.max(...durations);
      if (saving >= options.serialMinSavingNs) {
        found.push(
          finding(graph, options, {
            kind: 'serial-calls',
            parent,
            nodes: run,
            // The run's signatures are distinct and kept in run order.
            signature: [...runSignatures].map(signatureOperation).join(' → '),
            callCount: run.length,
            costNs: saving,
          }),
        );
      }
    }
    run = [];
    runSignatures.clear();
    runEnd = -Infinity;
  };
  for (let k = 0; k < calls.length; k++) {
    const c = calls[k]!;
    if (patterned[c] === 1) continue;
    const signature = signatures[k]!;
    const start = graph.start[c]!;
    if (run.length > 0) {
      const last = run[run.length - 1]!;
      const gap = start - runEnd;
      const allowedGap = Math.max(options.serialMaxGapNs, options.serialMaxGapRatio * Math.min(durationOf(graph, last), durationOf(graph, c)));
      const afterJoin = lastConcurrent && endedBefore[k]! <= start;
      if (gap < 0 || gap > allowedGap || runSignatures.has(signature) || afterJoin) close();
    }
    run.push(c);
    runSignatures.add(signature);
    runEnd = Math.max(runEnd, graph.end[c]!);
    lastConcurrent = startedConcurrently[k] === 1;
  }
  close();
}

import type { SpanTree } from '../waterfall/span-tree';

/** What the trace page header says about a whole trace. */
export interface TraceStats {
  /** Service and operation of the true root, or of the earliest top-level span when the root is missing. */
  readonly rootServiceName: string;
  readonly rootOperation: string;
  readonly durationNs: number;
  readonly spanCount: number;
  readonly serviceCount: number;
  readonly errorCount: number;
  /** Earliest span start, in milliseconds since the epoch (truncated). */
  readonly startEpochMs: number;
}

/** Sums up a span tree. For an empty tree the root names are empty strings and every count is 0. */
export function traceStats(tree: SpanTree): TraceStats {
  const root = tree.roots.find((node) => node.rootReason === 'root') ?? tree.roots[0];
  const services = new Set<string>();
  let errorCount = 0;
  const stack = [...tree.roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    services.add(node.span.serviceName);
    if (node.span.statusCode === 'error') errorCount++;
    for (const child of node.children) stack.push(child);
  }
  return {
    rootServiceName: root?.span.serviceName ?? '',
    rootOperation: root?.span.name ?? '',
    durationNs: tree.durationNs,
    spanCount: tree.spanCount,
    serviceCount: services.size,
    errorCount,
    startEpochMs: Number(tree.startEpochNs / 1_000_000n),
  };
}

import type { AnalysisOptions } from './analysis-span';
import type { Finding } from './finding';
import { NO_NODE, type TraceGraph } from './trace-graph';

interface CycleGroup {
  path: string;
  nodes: number[];
  costNs: number;
  first: number;
}

/**
 * Findings about whole call paths: service cycles (a path that leaves a service and comes back,
 * A → B → A) and excessive depth (span nesting or service hops past the limits). One depth-first
 * walk over every tree, iterative, with the services on the current path counted in a map.
 */
export function detectPathPatterns(graph: TraceGraph, options: AnalysisOptions): Finding[] {
  const n = graph.spans.length;
  const found: Finding[] = [];
  const servicesOnPath = new Map<string, number>();
  /** Entry spans (first span of a service run) on the current path, outermost first. */
  const entries: number[] = [];
  const hops = new Int32Array(n);
  const cycles = new Map<string, CycleGroup>();
  let deepest = NO_NODE;
  let mostHops = NO_NODE;

  // Each node is pushed as ~i (enter) and later visited as i (leave).
  const stack: number[] = [];
  for (let r = graph.roots.length - 1; r >= 0; r--) stack.push(~graph.roots[r]!);
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item >= 0) {
      if (entries[entries.length - 1] === item) {
        entries.pop();
        const service = graph.spans[item]!.serviceName;
        const count = servicesOnPath.get(service)! - 1;
        if (count === 0) servicesOnPath.delete(service);
        else servicesOnPath.set(service, count);
      }
      continue;
    }
    const i = ~item;
    const p = graph.parent[i]!;
    const service = graph.spans[i]!.serviceName;
    const isEntry = p === NO_NODE || graph.spans[p]!.serviceName !== service;
    hops[i] = p === NO_NODE ? 0 : hops[p]! + (isEntry ? 1 : 0);
    if (isEntry) {
      if (p !== NO_NODE && (servicesOnPath.get(service) ?? 0) > 0) recordCycle(graph, entries, i, cycles);
      entries.push(i);
      servicesOnPath.set(service, (servicesOnPath.get(service) ?? 0) + 1);
    }
    if (deepest === NO_NODE || graph.depth[i]! > graph.depth[deepest]!) deepest = i;
    if (mostHops === NO_NODE || hops[i]! > hops[mostHops]!) mostHops = i;
    stack.push(i);
    for (let k = graph.childOffset[i + 1]! - 1; k >= graph.childOffset[i]!; k--) stack.push(~graph.childIndex[k]!);
  }

  const cycleFindings = [...cycles.values()].map(
    (group): Finding => ({
      kind: 'service-cycle',
      key: `service-cycle|${graph.spans[group.first]!.serviceName}|${group.path}|`,
      parentSpanId: null,
      serviceName: graph.spans[group.first]!.serviceName,
      operation: group.path,
      signature: null,
      spanIds: group.nodes.slice(0, options.maxSpanIdsPerFinding).map((i) => graph.spans[i]!.spanId),
      spanCount: group.nodes.length,
      callCount: group.nodes.length,
      costNs: group.costNs,
    }),
  );
  found.push(...cycleFindings);

  if (deepest !== NO_NODE && graph.depth[deepest]! > options.maxSpanDepth) {
    found.push(depthFinding(graph, options, deepest, (i) => graph.depth[i]! === options.maxSpanDepth + 1, graph.depth[deepest]!, 'span levels'));
  }
  if (mostHops !== NO_NODE && hops[mostHops]! > options.maxServiceHops) {
    found.push(depthFinding(graph, options, mostHops, (i) => hops[i]! === options.maxServiceHops + 1 && (graph.parent[i] === NO_NODE || hops[graph.parent[i]!]! === options.maxServiceHops), hops[mostHops]!, 'service hops'));
  }
  return found;
}

/** `i` enters a service already on the path: the loop is the entries from that service's last entry to `i`. */
function recordCycle(graph: TraceGraph, entries: readonly number[], i: number, cycles: Map<string, CycleGroup>): void {
  const service = graph.spans[i]!.serviceName;
  let from = entries.length - 1;
  while (from >= 0 && graph.spans[entries[from]!]!.serviceName !== service) from--;
  const loop = entries.slice(from).map((e) => graph.spans[e]!.serviceName);
  const path = [...loop, service].join(' → ');
  let group = cycles.get(path);
  if (!group) cycles.set(path, (group = { path, nodes: [], costNs: 0, first: entries[from]! }));
  group.nodes.push(i);
  group.costNs += graph.end[i]! - graph.start[i]!;
}

function depthFinding(graph: TraceGraph, options: AnalysisOptions, leaf: number, isFirstBeyond: (i: number) => boolean, depth: number, unit: string): Finding {
  const path: number[] = [];
  let beyond = NO_NODE;
  for (let at = leaf; at !== NO_NODE; at = graph.parent[at]!) {
    path.push(at);
    if (isFirstBeyond(at)) beyond = at;
  }
  path.reverse();
  const root = path[0]!;
  return {
    kind: 'excessive-depth',
    key: `excessive-depth|${graph.spans[root]!.serviceName}|${graph.spans[root]!.name}|${unit}`,
    parentSpanId: null,
    serviceName: graph.spans[root]!.serviceName,
    operation: `${depth} ${unit}`,
    signature: null,
    // The deepest part of the path says most; keep the tail when the path is long.
    spanIds: path.slice(-options.maxSpanIdsPerFinding).map((i) => graph.spans[i]!.spanId),
    spanCount: path.length,
    callCount: depth,
    costNs: beyond === NO_NODE ? 0 : graph.end[beyond]! - graph.start[beyond]!,
  };
}

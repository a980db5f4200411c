import type { SpanNode, SpanTree } from './span-tree';

const NOTHING_COLLAPSED: ReadonlySet<string> = new Set();

/**
 * The rows the waterfall shows, in pre-order: each span before its children, siblings by start.
 * A collapsed span is itself shown; everything below it is not. Span ids in `collapsedSpanIds`
 * that are not in the tree are ignored. Iterative, so any depth is safe.
 */
export function visibleRows(tree: SpanTree, collapsedSpanIds: ReadonlySet<string> = NOTHING_COLLAPSED): SpanNode[] {
  const rows: SpanNode[] = [];
  const stack = [...tree.roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    rows.push(node);
    if (collapsedSpanIds.has(node.span.spanId)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return rows;
}

/** Span ids of every span that has children: collapsing them all leaves only the roots visible. */
export function parentSpanIds(tree: SpanTree): Set<string> {
  const ids = new Set<string>();
  for (const node of visibleRows(tree)) {
    if (node.children.length > 0) ids.add(node.span.spanId);
  }
  return ids;
}

/**
 * `collapsedSpanIds` without the ancestors of `node`, so that `node` becomes visible.
 * Returns the same set when nothing had to change, so React state stays referentially stable.
 */
export function revealNode(node: SpanNode, collapsedSpanIds: ReadonlySet<string>): ReadonlySet<string> {
  let revealed: Set<string> | null = null;
  for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
    if (!collapsedSpanIds.has(ancestor.span.spanId)) continue;
    revealed ??= new Set(collapsedSpanIds);
    revealed.delete(ancestor.span.spanId);
  }
  return revealed ?? collapsedSpanIds;
}

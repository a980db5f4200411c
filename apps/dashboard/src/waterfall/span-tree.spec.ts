import { describe, expect, it } from 'vitest';
import { FIXTURE_EPOCH_NS, spanView } from '../testing/span-view.fixture';
import { type SpanNode, buildSpanTree } from './span-tree';

function ids(nodes: readonly SpanNode[]): string[] {
  return nodes.map((node) => node.span.spanId);
}

describe('buildSpanTree', () => {
  it('nests children under parents, siblings by start, whatever the input order', () => {
    const tree = buildSpanTree([
      spanView({ spanId: 'c2', parentSpanId: 'root', startOffsetNs: 300 }),
      spanView({ spanId: 'gc', parentSpanId: 'c1', startOffsetNs: 150 }),
      spanView({ spanId: 'root', startOffsetNs: 0, durationNs: 1_000 }),
      spanView({ spanId: 'c1', parentSpanId: 'root', startOffsetNs: 100 }),
    ]);
    expect(ids(tree.roots)).toEqual(['root']);
    const root = tree.roots[0]!;
    expect(root.rootReason).toBe('root');
    expect(ids(root.children)).toEqual(['c1', 'c2']);
    expect(ids(root.children[0]!.children)).toEqual(['gc']);
    expect(root.children[0]!.children[0]!.depth).toBe(2);
    expect(root.children[0]!.children[0]!.parent).toBe(root.children[0]);
    expect(root.descendantCount).toBe(3);
  });

  it('measures offsets exactly from the earliest start and the duration to the latest end', () => {
    const tree = buildSpanTree([
      spanView({ spanId: 'late', startOffsetNs: 7, durationNs: 10 }),
      spanView({ spanId: 'early', startOffsetNs: 3, durationNs: 2 }),
    ]);
    expect(tree.startEpochNs).toBe(FIXTURE_EPOCH_NS + 3n);
    expect(tree.roots.map((node) => node.startOffsetNs)).toEqual([0, 4]);
    expect(tree.durationNs).toBe(14);
  });

  it('makes a span whose parent is missing a root marked orphan', () => {
    const tree = buildSpanTree([
      spanView({ spanId: 'root', startOffsetNs: 0 }),
      spanView({ spanId: 'lost', parentSpanId: 'not-in-trace', startOffsetNs: 50 }),
      spanView({ spanId: 'child-of-lost', parentSpanId: 'lost', startOffsetNs: 60 }),
    ]);
    expect(ids(tree.roots)).toEqual(['root', 'lost']);
    expect(tree.roots[1]!.rootReason).toBe('orphan');
    expect(ids(tree.roots[1]!.children)).toEqual(['child-of-lost']);
  });

  it('breaks a parent cycle at its earliest span, keeping every span exactly once', () => {
    const tree = buildSpanTree([
      spanView({ spanId: 'a', parentSpanId: 'c', startOffsetNs: 20 }),
      spanView({ spanId: 'b', parentSpanId: 'a', startOffsetNs: 10 }),
      spanView({ spanId: 'c', parentSpanId: 'b', startOffsetNs: 30 }),
      spanView({ spanId: 'tail', parentSpanId: 'c', startOffsetNs: 40 }),
    ]);
    expect(ids(tree.roots)).toEqual(['b']);
    expect(tree.roots[0]!.rootReason).toBe('cycle');
    expect(tree.roots[0]!.descendantCount).toBe(3);
    expect(ids(tree.roots[0]!.children)).toEqual(['c']);
    expect(ids(tree.roots[0]!.children[0]!.children)).toEqual(['a', 'tail']);
  });

  it('treats a span that is its own parent as a broken cycle', () => {
    const tree = buildSpanTree([spanView({ spanId: 'self', parentSpanId: 'self' })]);
    expect(ids(tree.roots)).toEqual(['self']);
    expect(tree.roots[0]!.rootReason).toBe('cycle');
  });

  it('attaches children to the first of two spans sharing an id, and keeps both', () => {
    const tree = buildSpanTree([
      spanView({ spanId: 'dup', startOffsetNs: 0 }),
      spanView({ spanId: 'dup', startOffsetNs: 5 }),
      spanView({ spanId: 'kid', parentSpanId: 'dup', startOffsetNs: 10 }),
    ]);
    expect(tree.spanCount).toBe(3);
    expect(tree.roots.map((node) => node.children.length)).toEqual([1, 0]);
  });

  it('handles a chain far deeper than the call stack allows for recursion', () => {
    const depth = 20_000;
    const spans = Array.from({ length: depth }, (_, i) =>
      spanView({ spanId: `s${i}`, parentSpanId: i === 0 ? null : `s${i - 1}`, startOffsetNs: i }),
    );
    const tree = buildSpanTree(spans);
    expect(tree.roots[0]!.descendantCount).toBe(depth - 1);
    let deepest = tree.roots[0]!;
    while (deepest.children[0]) deepest = deepest.children[0];
    expect(deepest.depth).toBe(depth - 1);
  });

  it('returns an empty tree for no spans', () => {
    expect(buildSpanTree([])).toEqual({ roots: [], spanCount: 0, startEpochNs: 0n, durationNs: 0 });
  });
});

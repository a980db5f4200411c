import { describe, expect, it } from 'vitest';
import { spanView } from '../testing/span-view.fixture';
import { buildSpanTree } from './span-tree';
import { parentSpanIds, revealNode, visibleRows } from './visible-rows';

//   root
//   ├─ a
//   │  └─ a1
//   └─ b
//      └─ b1
//         └─ b2
const tree = buildSpanTree([
  spanView({ spanId: 'root', startOffsetNs: 0 }),
  spanView({ spanId: 'a', parentSpanId: 'root', startOffsetNs: 1 }),
  spanView({ spanId: 'a1', parentSpanId: 'a', startOffsetNs: 2 }),
  spanView({ spanId: 'b', parentSpanId: 'root', startOffsetNs: 3 }),
  spanView({ spanId: 'b1', parentSpanId: 'b', startOffsetNs: 4 }),
  spanView({ spanId: 'b2', parentSpanId: 'b1', startOffsetNs: 5 }),
]);

const rowIds = (collapsed?: ReadonlySet<string>) => visibleRows(tree, collapsed).map((node) => node.span.spanId);

describe('visibleRows', () => {
  it('lists every span in pre-order when nothing is collapsed', () => {
    expect(rowIds()).toEqual(['root', 'a', 'a1', 'b', 'b1', 'b2']);
  });

  it('shows a collapsed span but nothing below it', () => {
    expect(rowIds(new Set(['b']))).toEqual(['root', 'a', 'a1', 'b']);
    expect(rowIds(new Set(['root']))).toEqual(['root']);
  });

  it('hides a collapsed grandchild subtree with its collapsed ancestor, and ignores unknown ids', () => {
    expect(rowIds(new Set(['b1', 'b', 'nope']))).toEqual(['root', 'a', 'a1', 'b']);
    expect(rowIds(new Set(['b1']))).toEqual(['root', 'a', 'a1', 'b', 'b1']);
  });
});

describe('parentSpanIds', () => {
  it('collects exactly the spans that have children', () => {
    expect([...parentSpanIds(tree)].sort()).toEqual(['a', 'b', 'b1', 'root']);
  });
});

describe('revealNode', () => {
  const b2 = visibleRows(tree).find((node) => node.span.spanId === 'b2')!;

  it('expands every collapsed ancestor of the node and nothing else', () => {
    expect([...revealNode(b2, new Set(['root', 'b1', 'a']))].sort()).toEqual(['a']);
  });

  it('returns the same set when the node is already visible', () => {
    const collapsed = new Set(['a']);
    expect(revealNode(b2, collapsed)).toBe(collapsed);
  });
});

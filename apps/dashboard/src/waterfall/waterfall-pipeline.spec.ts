import type { SpanView } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { spanView } from '../testing/span-view.fixture';
import { buildSpanTree } from './span-tree';
import { visibleRows } from './visible-rows';
import { layoutRows } from './waterfall-layout';

const SPAN_COUNT = 50_000;
const FAN_OUT = 4;

/**
 * A 4-ary trace of 50,000 spans, shuffled, with a handful of orphans and one 3-span parent cycle
 * mixed in, as a large real trace with late or lost spans would arrive.
 */
function largeTrace(): SpanView[] {
  const spans = Array.from({ length: SPAN_COUNT }, (_, i) =>
    spanView({
      spanId: `s${i}`,
      parentSpanId: i === 0 ? null : `s${Math.floor((i - 1) / FAN_OUT)}`,
      serviceName: `svc-${i % 17}`,
      startOffsetNs: i * 1_000,
      durationNs: Math.max(1, (SPAN_COUNT - i) * 1_000 - 500),
      statusCode: i % 97 === 0 ? 'error' : 'ok',
    }),
  );
  for (const i of [49_990, 49_991, 49_992]) spans[i] = { ...spans[i]!, parentSpanId: `missing-${i}` };
  spans[49_993] = { ...spans[49_993]!, parentSpanId: 's49995' };
  spans[49_994] = { ...spans[49_994]!, parentSpanId: 's49993' };
  spans[49_995] = { ...spans[49_995]!, parentSpanId: 's49994' };
  // Deterministic shuffle (LCG): the pipeline must not rely on input order.
  let seed = 42;
  for (let i = spans.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [spans[i], spans[j]] = [spans[j]!, spans[i]!];
  }
  return spans;
}

describe('waterfall pipeline at 50,000 spans', () => {
  const spans = largeTrace();
  const tree = buildSpanTree(spans);
  const rows = visibleRows(tree);
  const layout = layoutRows(rows, tree.durationNs);

  it('keeps every span exactly once', () => {
    expect(tree.spanCount).toBe(SPAN_COUNT);
    expect(rows).toHaveLength(SPAN_COUNT);
    expect(new Set(rows.map((node) => node.span.spanId)).size).toBe(SPAN_COUNT);
  });

  it('puts the true root first, then orphans and the broken cycle as further roots in start order', () => {
    expect(tree.roots.map((node) => [node.span.spanId, node.rootReason])).toEqual([
      ['s0', 'root'],
      ['s49990', 'orphan'],
      ['s49991', 'orphan'],
      ['s49992', 'orphan'],
      ['s49993', 'cycle'],
    ]);
  });

  it('lists each span after its parent, one level deeper', () => {
    const position = new Map(rows.map((node, i) => [node, i]));
    for (const node of rows) {
      if (!node.parent) continue;
      expect(position.get(node.parent)!).toBeLessThan(position.get(node)!);
      expect(node.depth).toBe(node.parent.depth + 1);
    }
  });

  it('lays every bar inside the axis, at its start over the trace duration', () => {
    for (const row of layout) {
      expect(row.offset).toBeGreaterThanOrEqual(0);
      expect(row.width).toBeGreaterThanOrEqual(0);
      expect(row.offset + row.width).toBeLessThanOrEqual(1 + 1e-12);
      expect(row.offset).toBeCloseTo(row.node.startOffsetNs / tree.durationNs, 12);
      expect(row.depth).toBe(row.node.depth);
    }
    expect(layout[0]).toMatchObject({ offset: 0, depth: 0 });
  });

  it('hides exactly a collapsed subtree', () => {
    const first = tree.roots[0]!.children[0]!;
    expect(visibleRows(tree, new Set([first.span.spanId]))).toHaveLength(SPAN_COUNT - first.descendantCount);
    expect(visibleRows(tree, new Set(['s0']))).toHaveLength(SPAN_COUNT - tree.roots[0]!.descendantCount);
  });
});

import { describe, expect, it } from 'vitest';
import { spanView } from '../testing/span-view.fixture';
import { buildSpanTree } from './span-tree';
import { visibleRows } from './visible-rows';
import { layoutRows, timeAxisTicks } from './waterfall-layout';

describe('layoutRows', () => {
  it('places bars as fractions of the trace duration, with depth', () => {
    const tree = buildSpanTree([
      spanView({ spanId: 'root', startOffsetNs: 0, durationNs: 1_000 }),
      spanView({ spanId: 'mid', parentSpanId: 'root', startOffsetNs: 250, durationNs: 500 }),
      spanView({ spanId: 'end', parentSpanId: 'mid', startOffsetNs: 900, durationNs: 100 }),
    ]);
    const layout = layoutRows(visibleRows(tree), tree.durationNs);
    expect(layout.map(({ offset, width, depth }) => ({ offset, width, depth }))).toEqual([
      { offset: 0, width: 1, depth: 0 },
      { offset: 0.25, width: 0.5, depth: 1 },
      { offset: 0.9, width: 0.1, depth: 2 },
    ]);
  });

  it('never lets a bar run past the end of the axis', () => {
    const tree = buildSpanTree([
      spanView({ spanId: 'root', startOffsetNs: 0, durationNs: 1_000 }),
      spanView({ spanId: 'late', parentSpanId: 'root', startOffsetNs: 800, durationNs: 200 }),
    ]);
    const [root, late] = layoutRows(visibleRows(tree), 500); // an axis shorter than the trace
    expect(root).toMatchObject({ offset: 0, width: 1 });
    expect(late).toMatchObject({ offset: 1, width: 0 });
  });

  it('gives every span of a zero-length trace a zero-width bar at the start', () => {
    const tree = buildSpanTree([spanView({ spanId: 'instant', durationNs: 0 })]);
    expect(layoutRows(visibleRows(tree), tree.durationNs)).toMatchObject([{ offset: 0, width: 0, depth: 0 }]);
  });
});

describe('timeAxisTicks', () => {
  it('spaces ticks evenly from start to end, both included', () => {
    expect(timeAxisTicks(2_000, 4)).toEqual([
      { fraction: 0, offsetNs: 0 },
      { fraction: 0.25, offsetNs: 500 },
      { fraction: 0.5, offsetNs: 1_000 },
      { fraction: 0.75, offsetNs: 1_500 },
      { fraction: 1, offsetNs: 2_000 },
    ]);
  });
});

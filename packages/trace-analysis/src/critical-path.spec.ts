import { describe, expect, it } from 'vitest';
import { analyseTrace } from './analyse-trace';
import { ms, span } from './span-builders.spec-helpers';

const criticalOf = (analysis: ReturnType<typeof analyseTrace>) => Object.fromEntries(analysis.criticalPathSpans.map((s) => [s.spanId, s.criticalNs]));

describe('critical path', () => {
  it('goes through sequential children and the parent time between them', () => {
    const analysis = analyseTrace([
      span('root', { at: 0, ms: 100 }),
      span('a', { parent: 'root', at: 10, ms: 30 }),
      span('b', { parent: 'root', at: 50, ms: 40 }),
    ]);
    expect(analysis.criticalPath.map((s) => [s.spanId, s.startOffsetNs / ms(1), s.endOffsetNs / ms(1)])).toEqual([
      ['root', 0, 10],
      ['a', 10, 40],
      ['root', 40, 50],
      ['b', 50, 90],
      ['root', 90, 100],
    ]);
    expect(criticalOf(analysis)).toEqual({ root: ms(30), a: ms(30), b: ms(40) });
    expect(analysis.bottlenecks[0]).toMatchObject({ spanId: 'b', share: 0.4 });
  });

  it('follows the child that finished last among parallel children and skips the one it overlaps', () => {
    const analysis = analyseTrace([
      span('root', { at: 0, ms: 100 }),
      span('long', { parent: 'root', at: 10, ms: 70 }),
      span('short', { parent: 'root', at: 20, ms: 30 }),
    ]);
    expect(criticalOf(analysis)).toEqual({ root: ms(30), long: ms(70) });
  });

  it('descends into grandchildren and takes an earlier sibling that finished before the picked child started', () => {
    const analysis = analyseTrace([
      span('root', { at: 0, ms: 100 }),
      span('first', { parent: 'root', at: 5, ms: 20 }), // 5..25
      span('second', { parent: 'root', at: 30, ms: 60 }), // 30..90
      span('inner', { parent: 'second', at: 40, ms: 30 }), // 40..70
      span('overlapping', { parent: 'root', at: 20, ms: 15 }), // 20..35: ends after `second` starts
    ]);
    expect(criticalOf(analysis)).toEqual({ root: ms(10 + 5 + 5), second: ms(30), inner: ms(30), first: ms(20) });
  });

  it('tiles the root exactly: the critical times sum to the root duration', () => {
    const spans = [span('root', { at: 0, ms: 1000 })];
    for (let i = 0; i < 200; i++) spans.push(span(`c${i}`, { parent: 'root', at: (i * 37) % 900, ms: 5 + ((i * 13) % 90) }));
    for (let i = 0; i < 200; i++) spans.push(span(`g${i}`, { parent: `c${i}`, at: ((i * 37) % 900) + 1, ms: 3 }));
    const analysis = analyseTrace(spans);
    const total = analysis.criticalPathSpans.reduce((sum, s) => sum + s.criticalNs, 0);
    expect(total).toBe(ms(1000));
    for (let k = 1; k < analysis.criticalPath.length; k++) expect(analysis.criticalPath[k]!.startOffsetNs).toBe(analysis.criticalPath[k - 1]!.endOffsetNs);
  });

  it('clips an async child that outlives its parent, so the path never passes the root end', () => {
    const analysis = analyseTrace([span('root', { at: 0, ms: 100 }), span('async', { parent: 'root', at: 60, ms: 240 })]);
    expect(criticalOf(analysis)).toEqual({ root: ms(60), async: ms(40) });
    expect(analysis.rootDurationNs).toBe(ms(100));
    expect(analysis.extentNs).toBe(ms(300));
    expect(analysis.repairs.spansOutlivingParent).toBe(1);
  });

  it('leaves a child that starts after its parent ended off the path', () => {
    const analysis = analyseTrace([span('root', { at: 0, ms: 100 }), span('later', { parent: 'root', at: 150, ms: 10 })]);
    expect(criticalOf(analysis)).toEqual({ root: ms(100) });
  });

  it('self time removes overlapping children once', () => {
    const analysis = analyseTrace(
      [
        span('root', { at: 0, ms: 100 }),
        span('a', { parent: 'root', at: 10, ms: 40 }), // 10..50
        span('b', { parent: 'root', at: 30, ms: 40 }), // 30..70, overlaps a
        span('c', { parent: 'root', at: 90, ms: 50 }), // 90..140, clipped to 90..100
      ],
      { includeSelfTimes: true },
    );
    expect(analysis.selfTimeNs).toEqual({ root: ms(100 - 60 - 10), a: ms(40), b: ms(40), c: ms(50) });
  });
});

describe('robustness', () => {
  it('corrects clock skew: a server span whose host clock runs 70 ms behind is centred in its client span, children included', () => {
    const analysis = analyseTrace([
      span('root', { service: 'gateway', kind: 'server', at: 0, ms: 120 }),
      span('client', { parent: 'root', service: 'gateway', kind: 'client', at: 10, ms: 100 }),
      // Really 30..90 inside the 10..110 client call; reported 70 ms early.
      span('server', { parent: 'client', service: 'catalogue', kind: 'server', at: -40, ms: 60 }),
      span('query', { parent: 'server', service: 'catalogue', kind: 'client', at: -30, ms: 40 }),
    ]);
    expect(analysis.repairs.skewAdjustedSpans).toBe(1);
    const serverStart = analysis.criticalPath.find((s) => s.spanId === 'server')!.startOffsetNs;
    // The earliest reported start (the server's, -40) is offset 0, so the root starts at 40.
    expect((serverStart - ms(40)) / ms(1)).toBe(30);
    expect(criticalOf(analysis)).toEqual({ root: ms(20), client: ms(40), server: ms(20), query: ms(40) });
  });

  it('moves a consumer that starts before its producer only to the producer start, and keeps one that outlives it', () => {
    const analysis = analyseTrace([
      span('producer', { service: 'orders', kind: 'producer', at: 0, ms: 5 }),
      span('consumer', { parent: 'producer', service: 'billing', kind: 'consumer', at: -20, ms: 50 }),
    ]);
    expect(analysis.repairs.skewAdjustedSpans).toBe(1);
    expect(analysis.extentNs).toBe(ms(50));
  });

  it('does not move same-service children (one clock) even when they outlive the parent', () => {
    const analysis = analyseTrace([span('root', { at: 0, ms: 10 }), span('child', { parent: 'root', at: 5, ms: 50 })]);
    expect(analysis.repairs.skewAdjustedSpans).toBe(0);
  });

  it('reads a trace with a missing parent: the orphan subtree is kept and analysed, the path runs from the true root', () => {
    const spans = [span('root', { at: 0, ms: 100 }), span('child', { parent: 'root', at: 10, ms: 20 }), span('orphan', { parent: 'lost', at: 40, ms: 50 })];
    for (let i = 0; i < 6; i++) spans.push(span(`q${i}`, { parent: 'orphan', kind: 'client', at: 41 + i * 6, ms: 5, attributes: { 'db.system.name': 'mysql', 'db.query.text': `select * from t where id = ${i}` } }));
    const analysis = analyseTrace(spans);
    expect(analysis.rootSpanId).toBe('root');
    expect(analysis.repairs.orphanSpans).toBe(1);
    expect(analysis.findings.map((f) => [f.kind, f.parentSpanId])).toContainEqual(['n-plus-one', 'orphan']);
  });

  it('without any true root, reads from the longest top-level span', () => {
    const analysis = analyseTrace([span('a', { parent: 'x', at: 0, ms: 10 }), span('b', { parent: 'y', at: 0, ms: 30 })]);
    expect(analysis.rootSpanId).toBe('b');
    expect(analysis.rootDurationNs).toBe(ms(30));
  });

  it('keeps one copy of a span delivered by several sources (the longest) and counts the duplicate', () => {
    const analysis = analyseTrace([
      span('root', { at: 0, ms: 100 }),
      span('a', { parent: 'root', at: 10, ms: 20 }),
      span('a', { parent: 'root', at: 10, ms: 25 }),
      span('b', { parent: 'a', at: 12, ms: 5 }),
    ]);
    expect(analysis.spanCount).toBe(3);
    expect(analysis.repairs.duplicateSpans).toBe(1);
    expect(criticalOf(analysis)['a']).toBe(ms(20));
  });

  it('breaks a parent-id cycle instead of looping', () => {
    const analysis = analyseTrace([span('a', { parent: 'b', at: 0, ms: 10 }), span('b', { parent: 'a', at: 1, ms: 5 })]);
    expect(analysis.repairs.cycleBreaks).toBe(1);
    expect(analysis.rootSpanId).toBe('a');
    expect(criticalOf(analysis)).toEqual({ a: ms(5), b: ms(5) });
  });

  it('analyses an empty trace to nothing', () => {
    const analysis = analyseTrace([]);
    expect(analysis).toMatchObject({ spanCount: 0, rootSpanId: null, criticalPath: [], findings: [] });
  });

  it('survives a 50,000-deep chain (no recursion) and a 50,000-span trace', () => {
    const chain = [span('s0', { at: 0, ms: 50_000 })];
    for (let i = 1; i < 50_000; i++) chain.push(span(`s${i}`, { parent: `s${i - 1}`, at: i * 0.5, ms: 50_000 - i }));
    const analysis = analyseTrace(chain, { maxSpanIdsPerFinding: 10 });
    expect(analysis.maxDepth).toBe(49_999);
    expect(analysis.criticalPathSpans.reduce((sum, s) => sum + s.criticalNs, 0)).toBe(ms(50_000));
    expect(analysis.findings.find((f) => f.kind === 'excessive-depth')?.callCount).toBe(49_999);
  });
});

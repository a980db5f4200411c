import { describe, expect, it } from 'vitest';
import { analyseTrace } from './analyse-trace';
import type { AnalysisSpan } from './analysis-span';
import { ms, span } from './span-builders.spec-helpers';

/** The same trace with its spans in another order (the analysis must not depend on it). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A root calling 40 services, overlapping, each with a few queries; no two siblings start at the same instant (ties keep input order). */
function wideTrace(): AnalysisSpan[] {
  const spans = [span('root', { service: 'gateway', kind: 'server', at: 0, ms: 500 })];
  for (let s = 0; s < 40; s++) {
    spans.push(span(`call${s}`, { parent: 'root', service: 'gateway', kind: 'client', at: 1 + s * 1.5, ms: 30 + (s % 7) }));
    for (let q = 0; q < 3; q++) spans.push(span(`q${s}.${q}`, { parent: `call${s}`, service: 'gateway', kind: 'client', at: 2 + s * 1.5 + q * 5, ms: 4, attributes: { 'db.system.name': 'postgresql', 'db.query.text': `select ${q}` } }));
  }
  return spans;
}

describe('analysis does not depend on the order spans arrive in', () => {
  it('gives the same critical path, bottlenecks, findings and self times for any input order', () => {
    const spans = wideTrace();
    const expected = analyseTrace(spans, { includeSelfTimes: true });
    for (const seed of [1, 7, 42]) {
      const again = analyseTrace(shuffled(spans, seed), { includeSelfTimes: true });
      expect(again.criticalPath).toEqual(expected.criticalPath);
      expect(again.bottlenecks).toEqual(expected.bottlenecks);
      expect(again.findings).toEqual(expected.findings);
      expect({ ...again.selfTimeNs }).toEqual({ ...expected.selfTimeNs });
    }
  });
});

describe('bottlenecks', () => {
  it('names the spans with the most critical-path time, equal times in path order, at most the configured count', () => {
    // root 0..100 calls a (10..30), b (30..50), c (50..60), d (60..80) in turn: a, b and d are 20 ms each.
    const spans = [
      span('root', { at: 0, ms: 100 }),
      span('a', { parent: 'root', at: 10, ms: 20 }),
      span('b', { parent: 'root', at: 30, ms: 20 }),
      span('c', { parent: 'root', at: 50, ms: 10 }),
      span('d', { parent: 'root', at: 60, ms: 20 }),
    ];
    expect(analyseTrace(spans, { bottleneckCount: 2 }).bottlenecks.map((b) => [b.spanId, b.criticalNs])).toEqual([
      ['root', ms(30)],
      ['a', ms(20)],
    ]);
    expect(analyseTrace(spans, { bottleneckCount: 4 }).bottlenecks.map((b) => b.spanId)).toEqual(['root', 'a', 'b', 'd']);
    expect(analyseTrace(spans, { bottleneckCount: 10 }).bottlenecks.map((b) => b.spanId)).toEqual(['root', 'a', 'b', 'd', 'c']);
    expect(analyseTrace(spans, { bottleneckCount: 0 }).bottlenecks).toEqual([]);
  });
});

describe('start times', () => {
  it('reads nanosecond starts exactly, beyond what a double holds', () => {
    const base = 1_763_900_000_123_456_789n;
    const at = (offsetNs: bigint, id: string, parent: string | null, durationNs: number): AnalysisSpan => ({ ...span(id, { parent, at: 0, ms: 0 }), startEpochNs: String(base + offsetNs), durationNs });
    const analysis = analyseTrace([at(0n, 'root', null, 10), at(3n, 'a', 'root', 4), at(7n, 'b', 'root', 1)]);
    expect(analysis.criticalPath.map((s) => [s.spanId, s.startOffsetNs, s.endOffsetNs])).toEqual([
      ['root', 0, 3],
      ['a', 3, 7],
      ['b', 7, 8],
      ['root', 8, 10],
    ]);
  });

  it('reads starts of different lengths, leading zeros, and unreadable ones (as 0) as before', () => {
    const spans: AnalysisSpan[] = [
      { ...span('root', { at: 0, ms: 0 }), startEpochNs: '1000', durationNs: 100 },
      { ...span('a', { parent: 'root', at: 0, ms: 0 }), startEpochNs: '0001010', durationNs: 20 },
      { ...span('b', { parent: 'root', at: 0, ms: 0 }), startEpochNs: '1050', durationNs: 10 },
    ];
    expect(analyseTrace(spans).criticalPath.map((s) => [s.spanId, s.startOffsetNs, s.endOffsetNs])).toEqual([
      ['root', 0, 10],
      ['a', 10, 30],
      ['root', 30, 50],
      ['b', 50, 60],
      ['root', 60, 100],
    ]);
    // An unreadable start is read as 0, which puts the others about 56 years later: still exact.
    const withGarbage = analyseTrace([{ ...spans[0]!, startEpochNs: '1763900000123456789' }, { ...spans[1]!, startEpochNs: 'garbage' }]);
    expect(withGarbage.extentNs).toBe(Number(1_763_900_000_123_456_789n + 100n));
  });
});

describe('self times', () => {
  it('are kept for any span id, including ones that name object properties', () => {
    const analysis = analyseTrace(
      [span('__proto__', { at: 0, ms: 10 }), span('constructor', { parent: '__proto__', at: 2, ms: 3 }), span('toString', { parent: '__proto__', at: 6, ms: 1 })],
      { includeSelfTimes: true },
    );
    expect(Object.keys(analysis.selfTimeNs!)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(analysis.selfTimeNs!['__proto__']).toBe(ms(6));
    expect(analysis.selfTimeNs!['constructor']).toBe(ms(3));
    expect(JSON.parse(JSON.stringify(analysis.selfTimeNs))).toEqual({ ['__proto__']: ms(6), constructor: ms(3), toString: ms(1) });
  });
});

import { describe, expect, it } from 'vitest';
import type { AnalysisSpan } from './analysis-span';
import { analyseTrace } from './analyse-trace';
import { normalisePath, normaliseStatement } from './call-signature';
import type { FindingKind } from './finding';
import { dbCall, httpCall, ms, span } from './span-builders.spec-helpers';

const kinds = (spans: readonly AnalysisSpan[]): FindingKind[] => analyseTrace(spans).findings.map((f) => f.kind);
const only = (spans: readonly AnalysisSpan[], kind: FindingKind) => analyseTrace(spans).findings.filter((f) => f.kind === kind);

describe('normalisation', () => {
  it('takes literals out of statements', () => {
    expect(normaliseStatement("SELECT * FROM items WHERE id = 42 AND name = 'x''y'")).toBe('SELECT * FROM items WHERE id = ? AND name = ?');
    expect(normaliseStatement('select * from t where id in (1, 2,3)  and  v > -1.5e3')).toBe('select * from t where id in (?) and v > ?');
    expect(normaliseStatement('select * from t2 where a = $1')).toBe('select * from t2 where a = ?');
  });

  it('reduces urls to route shapes', () => {
    expect(normalisePath('http://catalogue:8082/products/42?x=1')).toBe('/products/{id}');
    expect(normalisePath('/orders/3f2a9c1e-1b2c-4d5e-8f90-0123456789ab/items')).toBe('/orders/{id}/items');
    expect(normalisePath('/api/v1/products')).toBe('/api/v1/products');
  });
});

describe('n-plus-one', () => {
  const handler = span('handler', { service: 'shop', kind: 'server', at: 0, ms: 100 });
  const repeated = (count: number) => Array.from({ length: count }, (_, i) => dbCall(`q${i}`, 'handler', 10 + i * 6, 5, `select * from items where id = ${i + 1}`, 'shop'));

  it('finds the same normalised statement repeated under one parent, with the time batching would save', () => {
    const findings = only([handler, dbCall('list', 'handler', 2, 6, 'select id from orders', 'shop'), ...repeated(10)], 'n-plus-one');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      parentSpanId: 'handler',
      callCount: 10,
      spanCount: 10,
      signature: 'db postgresql: select * from items where id = ?',
      // Ten 5 ms calls back to back (one 1 ms gap each) cover 50 ms; one batched call would take ~5 ms.
      costNs: ms(50 - 5),
    });
    expect(findings[0]!.spanIds).toEqual(Array.from({ length: 10 }, (_, i) => `q${i}`));
  });

  it('stays quiet below the threshold and for repeats under different parents', () => {
    expect(kinds([handler, ...repeated(4)])).not.toContain('n-plus-one');
    const spread = [handler, span('a', { parent: 'handler', at: 1, ms: 40 }), span('b', { parent: 'handler', at: 50, ms: 40 })];
    for (let i = 0; i < 6; i++) spread.push(dbCall(`x${i}`, i % 2 ? 'a' : 'b', i % 2 ? 2 + i : 51 + i, 1, `select 1 from t where id = ${i}`));
    expect(kinds(spread)).not.toContain('n-plus-one');
  });

  it('counts HTTP calls to the same route with different ids as the same call', () => {
    const spans = [handler];
    for (let i = 0; i < 6; i++) spans.push(httpCall(`h${i}`, 'handler', i * 10, 8, `/products/${100 + i}`, { service: 'shop', peer: 'catalogue' }));
    expect(only(spans, 'n-plus-one')[0]).toMatchObject({ callCount: 6, signature: 'http GET catalogue/products/{id}' });
  });
});

describe('serial calls', () => {
  const root = span('handler', { service: 'gateway', kind: 'server', at: 0, ms: 200 });

  it('finds back-to-back calls to different operations, with the time running them in parallel would save', () => {
    const findings = only(
      [
        root,
        httpCall('c1', 'handler', 10, 40, '/products', { service: 'gateway', peer: 'catalogue' }),
        httpCall('c2', 'handler', 50.5, 30, '/stock', { service: 'gateway', peer: 'inventory' }),
        httpCall('c3', 'handler', 81, 60, '/prices', { service: 'gateway', peer: 'pricing' }),
      ],
      'serial-calls',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ callCount: 3, spanIds: ['c1', 'c2', 'c3'], costNs: ms(40 + 30 + 60 - 60) });
    expect(findings[0]!.signature).toBe('http GET catalogue/products → http GET inventory/stock → http GET pricing/prices');
  });

  it('does not flag calls that already overlap, or a call that waits on work done with the previous answer', () => {
    expect(kinds([root, httpCall('a', 'handler', 10, 40, '/a', { service: 'gateway' }), httpCall('b', 'handler', 30, 40, '/b', { service: 'gateway' })])).not.toContain('serial-calls');
    // 30 ms of the parent's own work between the calls: read as a data dependency.
    expect(kinds([root, httpCall('a', 'handler', 10, 40, '/a', { service: 'gateway' }), httpCall('b', 'handler', 80, 40, '/b', { service: 'gateway' })])).not.toContain('serial-calls');
  });

  it('does not extend a run across a join: a call that starts once every concurrent call has finished waited for their answers', () => {
    // The user and two products are looked up in parallel; the order is written once all three are back.
    const spans = [
      root,
      httpCall('user', 'handler', 10, 30, '/users/7', { service: 'gateway', peer: 'users' }),
      httpCall('p1', 'handler', 11, 25, '/products/1', { service: 'gateway', peer: 'catalogue' }),
      httpCall('p2', 'handler', 12, 29, '/products/2', { service: 'gateway', peer: 'catalogue' }),
      dbCall('insert', 'handler', 41.2, 6, 'INSERT INTO orders VALUES (1)', 'gateway'),
      dbCall('commit', 'handler', 47.3, 0.4, 'COMMIT', 'gateway'),
    ];
    expect(kinds(spans)).not.toContain('serial-calls');
  });

  it('still finds a run after a join, and a run beside a call that keeps running in the background', () => {
    const afterJoin = only(
      [
        root,
        httpCall('a', 'handler', 10, 20, '/a', { service: 'gateway' }),
        httpCall('b', 'handler', 12, 20, '/b', { service: 'gateway' }),
        httpCall('c', 'handler', 32.5, 20, '/c', { service: 'gateway' }),
        httpCall('d', 'handler', 53, 20, '/d', { service: 'gateway' }),
      ],
      'serial-calls',
    );
    expect(afterJoin.map((f) => f.spanIds)).toEqual([['c', 'd']]);
    // A prefetch runs 10..150 while b and c go one after another: c did not wait for it.
    const beside = only(
      [
        root,
        httpCall('prefetch', 'handler', 10, 140, '/prefetch', { service: 'gateway' }),
        httpCall('b', 'handler', 20, 30, '/b', { service: 'gateway' }),
        httpCall('c', 'handler', 50.5, 30, '/c', { service: 'gateway' }),
      ],
      'serial-calls',
    );
    expect(beside.map((f) => f.spanIds)).toEqual([['b', 'c']]);
  });

  it('does not flag a pair whose parallel saving is below the minimum', () => {
    expect(kinds([root, httpCall('a', 'handler', 10, 0.5, '/a', { service: 'gateway' }), httpCall('b', 'handler', 10.6, 0.5, '/b', { service: 'gateway' })])).not.toContain('serial-calls');
  });
});

describe('fan-out', () => {
  it('finds a parent with more direct calls than the threshold', () => {
    const spans = [span('root', { at: 0, ms: 100 })];
    for (let i = 0; i < 35; i++) spans.push(httpCall(`c${i}`, 'root', 10, 20 + (i % 3), `/shard/${String.fromCharCode(97 + (i % 26))}${i}x`));
    const finding = only(spans, 'fan-out')[0];
    expect(finding).toMatchObject({ parentSpanId: 'root', callCount: 35, costNs: ms(22) });
    expect(kinds(spans.slice(0, 20))).not.toContain('fan-out');
  });
});

describe('retries', () => {
  it('finds failed attempts followed by the same call, and does not call them N+1', () => {
    const spans = [
      span('root', { at: 0, ms: 400 }),
      httpCall('a1', 'root', 0, 50, '/pay', { status: 503 }),
      httpCall('a2', 'root', 60, 50, '/pay', { status: 503 }),
      httpCall('a3', 'root', 130, 50, '/pay', { status: 503 }),
      httpCall('a4', 'root', 220, 50, '/pay', { status: 503 }),
      httpCall('a5', 'root', 330, 40, '/pay'),
    ];
    const analysis = analyseTrace(spans);
    const retries = analysis.findings.filter((f) => f.kind === 'retries');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ callCount: 5, spanIds: ['a1', 'a2', 'a3', 'a4', 'a5'], costNs: ms(330) });
    expect(analysis.findings.map((f) => f.kind)).not.toContain('n-plus-one');
    expect(analysis.findings.map((f) => f.kind)).not.toContain('serial-calls');
  });

  it('reads http.request.resend_count as an explicit retry even after a success', () => {
    const resent = { ...httpCall('b', 'root', 60, 10, '/x'), attributes: { ...httpCall('b', 'root', 60, 10, '/x').attributes, 'http.request.resend_count': 1 } };
    expect(only([span('root', { at: 0, ms: 100 }), httpCall('a', 'root', 0, 50, '/x'), resent], 'retries')[0]?.callCount).toBe(2);
  });

  it('does not read two successful identical calls as a retry', () => {
    expect(kinds([span('root', { at: 0, ms: 100 }), httpCall('a', 'root', 0, 40, '/x'), httpCall('b', 'root', 50, 40, '/x')])).not.toContain('retries');
  });
});

describe('service cycles', () => {
  it('finds a path that leaves a service and comes back to it', () => {
    const spans = [
      span('g', { service: 'gateway', kind: 'server', at: 0, ms: 100 }),
      span('g-call', { parent: 'g', service: 'gateway', kind: 'client', at: 5, ms: 90 }),
      span('o', { parent: 'g-call', service: 'orders', kind: 'server', at: 10, ms: 80 }),
      span('o-call', { parent: 'o', service: 'orders', kind: 'client', at: 20, ms: 50 }),
      span('g2', { parent: 'o-call', service: 'gateway', kind: 'server', at: 25, ms: 40 }),
    ];
    const cycle = only(spans, 'service-cycle');
    expect(cycle).toHaveLength(1);
    expect(cycle[0]).toMatchObject({ operation: 'gateway → orders → gateway', spanIds: ['g2'], costNs: ms(40) });
  });

  it('does not see a cycle in a service calling two others in turn', () => {
    const spans = [
      span('g', { service: 'gateway', at: 0, ms: 100 }),
      span('a', { parent: 'g', service: 'a', kind: 'server', at: 5, ms: 20 }),
      span('b', { parent: 'g', service: 'b', kind: 'server', at: 30, ms: 20 }),
      span('g-again', { parent: 'g', service: 'gateway', at: 60, ms: 10 }),
    ];
    expect(kinds(spans)).not.toContain('service-cycle');
  });
});

describe('excessive depth', () => {
  it('flags nesting past the limit with the path and the time below the limit', () => {
    const spans = [span('s0', { at: 0, ms: 100 })];
    for (let i = 1; i <= 12; i++) spans.push(span(`s${i}`, { parent: `s${i - 1}`, at: i, ms: 100 - 2 * i }));
    const finding = analyseTrace(spans, { maxSpanDepth: 10 }).findings.find((f) => f.kind === 'excessive-depth');
    expect(finding).toMatchObject({ callCount: 12, spanCount: 13, costNs: ms(100 - 22) });
    expect(finding!.spanIds.at(-1)).toBe('s12');
    expect(analyseTrace(spans, { maxSpanDepth: 12 }).findings.map((f) => f.kind)).not.toContain('excessive-depth');
  });

  it('flags too many service hops', () => {
    const spans = [span('s0', { service: 'svc0', at: 0, ms: 100 })];
    for (let i = 1; i <= 5; i++) spans.push(span(`s${i}`, { parent: `s${i - 1}`, service: `svc${i}`, kind: 'server', at: i, ms: 90 - i }));
    const finding = analyseTrace(spans, { maxServiceHops: 3 }).findings.find((f) => f.kind === 'excessive-depth');
    expect(finding).toMatchObject({ callCount: 5, operation: '5 service hops' });
  });
});

describe('a clean trace', () => {
  it('has no findings', () => {
    expect(
      analyseTrace([
        span('g', { service: 'gateway', kind: 'server', at: 0, ms: 30 }),
        httpCall('c', 'g', 2, 25, '/products/7', { service: 'gateway', peer: 'catalogue' }),
        span('s', { parent: 'c', service: 'catalogue', kind: 'server', at: 3, ms: 22 }),
      ]).findings,
    ).toEqual([]);
  });
});

import type { LayerEntityRow, LayerFigures } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { canonicalRoute, joinUriSources } from './uri-side-by-side';

function row(source: 'log' | 'trace', service: string, method: string, route: string, count: number): LayerEntityRow {
  const figures: LayerFigures = { count, errors: 0, errorRate: 0, ratePerS: count / 60, p50Us: null, p95Us: null, p99Us: null, avgUs: null, maxUs: null, slowCount: 0 };
  return { layer: 'uri', source, key: `${service}\u001f${method}\u001f${route}`, dims: { service, method, route }, figures, statusCounts: {}, previous: null, infra: null, spark: null };
}

describe('canonicalRoute', () => {
  it.each([
    ['/api/products/{num}', '/api/products/{}'],
    ['/api/products/:id', '/api/products/{}'],
    ['/users/{uuid}/orders', '/users/{}/orders'],
    ['/static/app.{hex}.js', '/static/app.{}.js'],
    ['/files/*', '/files/{}'],
    ['/api/products', '/api/products'],
    ['/a:b/c', '/a:b/c'],
  ])('%s → %s', (route, expected) => expect(canonicalRoute(route)).toBe(expected));
});

describe('joinUriSources', () => {
  it('matches log and trace routes of the same service and method, busiest first, with the traced share', () => {
    const joined = joinUriSources(
      [row('log', 'demo-gateway', 'GET', '/api/products/{num}', 100), row('log', 'demo-gateway', 'GET', '/healthz', 300), row('log', 'demo-gateway', 'POST', '/api/orders', 10)],
      [row('trace', 'demo-gateway', 'GET', '/api/products/:id', 25), row('trace', 'demo-gateway', 'POST', '/api/orders', 10), row('trace', 'demo-catalogue', 'GET', '/products/:id', 25)],
    );
    expect(joined.map((r) => [r.service, r.method, r.route, r.log?.figures.count ?? null, r.trace?.figures.count ?? null, r.tracedShare])).toEqual([
      ['demo-gateway', 'GET', '/healthz', 300, null, null],
      ['demo-gateway', 'GET', '/api/products/{num}', 100, 25, 0.25],
      ['demo-catalogue', 'GET', '/products/:id', null, 25, null],
      ['demo-gateway', 'POST', '/api/orders', 10, 10, 1],
    ]);
  });

  it('does not match another method or another service', () => {
    const joined = joinUriSources([row('log', 'a', 'GET', '/x', 5)], [row('trace', 'a', 'POST', '/x', 5), row('trace', 'b', 'GET', '/x', 4)]);
    expect(joined.every((r) => r.log === null || r.trace === null)).toBe(true);
    expect(joined).toHaveLength(3);
  });
});

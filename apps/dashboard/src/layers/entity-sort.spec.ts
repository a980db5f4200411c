import type { LayerEntityRow } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { filterRows, sortRows } from './entity-sort';

const row = (route: string, count: number, errorRate: number, p95Us: number | null): LayerEntityRow => ({
  layer: 'uri',
  source: 'trace',
  key: route,
  dims: { service: 's', method: 'GET', route },
  figures: { count, errors: 0, errorRate, ratePerS: count / 60, p50Us: null, p95Us, p99Us: null, avgUs: null, maxUs: null, slowCount: 0 },
  statusCounts: {},
  previous: null,
  infra: null,
  spark: null,
});

describe('sortRows', () => {
  const rows = [row('/b', 10, 0.5, 100), row('/a', 30, 0, null), row('/c', 20, 0.1, 300)];

  it('sorts by a figure in either direction', () => {
    expect(sortRows(rows, 'rate', 'desc').map((r) => r.key)).toEqual(['/a', '/c', '/b']);
    expect(sortRows(rows, 'errorRate', 'asc').map((r) => r.key)).toEqual(['/a', '/c', '/b']);
  });

  it('sorts by name and keeps rows without a value last', () => {
    expect(sortRows(rows, 'name', 'asc').map((r) => r.key)).toEqual(['/a', '/b', '/c']);
    expect(sortRows(rows, 'p95', 'desc').map((r) => r.key)).toEqual(['/c', '/b', '/a']);
    expect(sortRows(rows, 'p95', 'asc').map((r) => r.key)).toEqual(['/b', '/c', '/a']);
  });
});

describe('filterRows', () => {
  const row = (service: string, route: string) => ({ layer: 'uri', dims: { service, method: 'GET', route } }) as unknown as LayerEntityRow;
  it('keeps rows whose name or context contains the text, ignoring case', () => {
    const rows = [row('demo-catalogue', '/products'), row('demo-orders', '/orders'), row('demo-users', '/login')];
    expect(filterRows(rows, 'CATALOGUE').map((r) => r.dims.service)).toEqual(['demo-catalogue']);
    expect(filterRows(rows, 'ord').map((r) => r.dims.service)).toEqual(['demo-orders']);
    expect(filterRows(rows, '  ')).toBe(rows);
    expect(filterRows(rows, null)).toBe(rows);
  });
});

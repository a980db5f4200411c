import type { EpochNs } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { spanView } from '../testing/span-view.fixture';
import { findMatchingSpanIds } from './span-search';

const spans = [
  spanView({ spanId: 'aaaa000000000001', name: 'GET /api/cart', serviceName: 'frontend' }),
  spanView({ spanId: 'aaaa000000000002', name: 'SELECT', serviceName: 'cart-db', attributes: { 'db.statement': 'SELECT * FROM Orders' } }),
  spanView({ spanId: 'aaaa000000000003', name: 'publish', serviceName: 'queue', attributes: { 'messaging.tags': ['urgent', 'eu'] } }),
  spanView({ spanId: 'aaaa000000000004', name: 'charge', serviceName: 'payment', resourceAttributes: { 'host.name': 'pay-7f' } }),
  spanView({ spanId: 'aaaa000000000005', name: 'authorize', serviceName: 'psp', statusMessage: 'Deadline exceeded' }),
  spanView({
    spanId: 'aaaa000000000006',
    name: 'render',
    serviceName: 'web',
    events: [{ timeEpochNs: '1' as EpochNs, name: 'exception', attributes: { 'exception.type': 'TimeoutError' } }],
  }),
];

const find = (query: string) => [...findMatchingSpanIds(spans, query)].map((id) => id.slice(-1));

describe('findMatchingSpanIds', () => {
  it('matches span names and service names, ignoring case', () => {
    expect(find('CART')).toEqual(['1', '2']);
  });

  it('matches attribute values, including array items and resource attributes', () => {
    expect(find('orders')).toEqual(['2']);
    expect(find('urgent')).toEqual(['3']);
    expect(find('pay-7f')).toEqual(['4']);
  });

  it('matches the status message and event names and attribute values', () => {
    expect(find('deadline')).toEqual(['5']);
    expect(find('exception')).toEqual(['6']);
    expect(find('timeouterror')).toEqual(['6']);
  });

  it('does not match attribute keys', () => {
    expect(find('db.statement')).toEqual([]);
  });

  it('matches nothing for a blank query', () => {
    expect(find('   ')).toEqual([]);
  });
});

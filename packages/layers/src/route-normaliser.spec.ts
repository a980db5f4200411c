import { describe, expect, it } from 'vitest';
import { normaliseRoute } from './route-normaliser';

describe('normaliseRoute', () => {
  it.each([
    ['/orders/123/items?x=1', '/orders/{id}/items'],
    ['/users/3f2a9c1e-1b2c-4d5e-8f90-0a1b2c3d4e5f', '/users/{id}'],
    ['/blobs/deadbeefcafe0042', '/blobs/{id}'],
    ['/t/aZ3kq9XbP0wLm2Rt7', '/t/{id}'],
    ['/api/products', '/api/products'],
    ['/api/v2/health-check', '/api/v2/health-check'],
    ['/products/p-1006', '/products/{id}'],
    ['/orders/ORD-2024-0001/lines', '/orders/{id}/lines'],
    ['/users/user1234', '/users/{id}'],
    ['/auth/oauth2/ipv6/html5', '/auth/oauth2/ipv6/html5'],
    ['/orders/o-54b2f2b2-ec4', '/orders/{id}'],
    ['/orders/o-b2fea2df-5da', '/orders/{id}'],
    ['/carts/cart_9f3a2b', '/carts/{id}'],
    ['/auth/oauth2callback', '/auth/oauth2callback'],
    ['/docs/deadbeef/facade', '/docs/deadbeef/facade'],
    ['', '/'],
  ])('%s → %s', (path, route) => {
    expect(normaliseRoute(path)).toBe(route);
  });

  it('keeps at most 12 segments', () => {
    expect(normaliseRoute(`/${'a/'.repeat(20)}`)).toBe(`/${Array(12).fill('a').join('/')}/…`);
  });
});

import { PRODUCTS } from '../catalogue/product-catalogue';

/** What one generated request asks the gateway for. */
export type PlannedRequest =
  | { kind: 'list'; path: '/api/products' }
  | { kind: 'existing'; path: string }
  | { kind: 'missing'; path: string };

/** The mix as cumulative bounds of one roll: 40 % product list, 45 % existing product, 15 % missing product. */
const LIST_BELOW = 0.4;
const EXISTING_BELOW = 0.85;

/**
 * Picks the next request. `random` returns values in [0, 1) and is injectable so the mix can be
 * tested; ids of existing products come from the catalogue's own list.
 */
export function planRequest(random: () => number = Math.random): PlannedRequest {
  const roll = random();
  if (roll < LIST_BELOW) return { kind: 'list', path: '/api/products' };
  if (roll < EXISTING_BELOW) {
    const product = PRODUCTS[Math.floor(random() * PRODUCTS.length)] ?? PRODUCTS[0];
    return { kind: 'existing', path: `/api/products/${product.id}` };
  }
  return { kind: 'missing', path: `/api/products/p-missing-${Math.floor(random() * 1000)}` };
}

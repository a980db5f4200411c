import { describe, expect, it } from 'vitest';
import { SERVICE_PALETTE, serviceColour } from './service-colour';

describe('serviceColour', () => {
  it('gives the same service the same palette colour every time', () => {
    expect(serviceColour('checkout')).toBe(serviceColour('checkout'));
    expect(SERVICE_PALETTE).toContain(serviceColour('checkout'));
  });

  it('spreads a realistic set of service names over most of the palette', () => {
    const names = ['frontend', 'checkout', 'cart', 'payment', 'shipping', 'email', 'currency', 'ad', 'recommendation', 'product-catalog', 'quote', 'fraud-detection'];
    expect(new Set(names.map(serviceColour)).size).toBeGreaterThanOrEqual(7);
  });
});

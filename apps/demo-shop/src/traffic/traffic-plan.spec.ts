import { describe, expect, it } from 'vitest';

import { PRODUCTS } from '../catalogue/product-catalogue';
import { MIX, planJourney, type JourneyStep } from './traffic-plan';

/** A seeded generator (mulberry32), so the mix is measured on the same draws every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kinds = (steps: JourneyStep[]) => steps.map((step) => step.kind);

describe('planJourney', () => {
  it('follows the shop funnel: login, browse, add to cart, place order, pay, in that order', () => {
    const random = seeded(7);
    for (let run = 0; run < 500; run += 1) {
      const journey = kinds(planJourney(random)).filter((kind, index, all) => all.indexOf(kind) === index);
      const order = ['login', 'browse-list', 'browse-product', 'add-to-cart', 'place-order', 'pay'];
      expect(journey.map((kind) => order.indexOf(kind))).toEqual([...journey.map((kind) => order.indexOf(kind))].sort((a, b) => a - b));
    }
  });

  it('never adds to the cart without a login, and only products the visitor viewed', () => {
    const random = seeded(11);
    for (let run = 0; run < 500; run += 1) {
      const steps = planJourney(random);
      const viewed = new Set(steps.flatMap((step) => (step.kind === 'browse-product' ? [step.productId] : [])));
      for (const step of steps) {
        if (step.kind !== 'add-to-cart') continue;
        expect(steps[0]?.kind).toBe('login');
        expect(viewed.has(step.productId)).toBe(true);
        expect(PRODUCTS.some((product) => product.id === step.productId)).toBe(true);
      }
    }
  });

  it('produces the configured mix within a few points over many visits', () => {
    const random = seeded(3);
    const journeys = Array.from({ length: 5_000 }, () => kinds(planJourney(random)));
    const share = (predicate: (journey: string[]) => boolean) => journeys.filter(predicate).length / journeys.length;

    expect(share((journey) => journey[0] !== 'login')).toBeCloseTo(MIX.anonymous, 1);
    const loggedIn = (1 - MIX.anonymous) * (1 - MIX.wrongPassword);
    expect(share((journey) => journey.includes('pay'))).toBeGreaterThan(loggedIn * MIX.addToCart * MIX.placeOrder * MIX.pay * 0.8);
    expect(share((journey) => journey.includes('pay'))).toBeLessThan(loggedIn * MIX.addToCart * MIX.placeOrder * MIX.pay * 1.2);
  });
});

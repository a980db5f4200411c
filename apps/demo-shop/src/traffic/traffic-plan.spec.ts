import { describe, expect, it } from 'vitest';

import { findProduct } from '../catalogue/product-catalogue';
import { planRequest } from './traffic-plan';

function sequence(...values: number[]): () => number {
  return () => values.shift() ?? 0;
}

describe('planRequest', () => {
  it('asks for the list 40 % of the time, an existing product 45 %, a missing one 15 %', () => {
    expect(planRequest(sequence(0.39)).kind).toBe('list');
    expect(planRequest(sequence(0.4, 0)).kind).toBe('existing');
    expect(planRequest(sequence(0.84, 0.99)).kind).toBe('existing');
    expect(planRequest(sequence(0.85, 0.5)).kind).toBe('missing');
  });

  it('uses ids the catalogue knows for existing products and unknown ones for missing products', () => {
    const idOf = (path: string) => path.split('/').pop() ?? '';

    expect(findProduct(idOf(planRequest(sequence(0.5, 0.999)).path))).toBeDefined();
    expect(findProduct(idOf(planRequest(sequence(0.9, 0.5)).path))).toBeUndefined();
  });
});

/** A product as the catalogue serves it. */
export interface Product {
  id: string;
  name: string;
  /** Price in the smallest currency unit (cents). */
  priceCents: number;
  currency: 'EUR';
  stock: number;
}

/** The fixed, in-memory catalogue. The traffic generator draws its existing ids from here. */
export const PRODUCTS: readonly [Product, ...Product[]] = [
  { id: 'p-1001', name: 'Espresso beans, 1 kg', priceCents: 2490, currency: 'EUR', stock: 120 },
  { id: 'p-1002', name: 'Hand grinder', priceCents: 6900, currency: 'EUR', stock: 35 },
  { id: 'p-1003', name: 'Pour-over kettle', priceCents: 4590, currency: 'EUR', stock: 18 },
  { id: 'p-1004', name: 'Paper filters, 100', priceCents: 590, currency: 'EUR', stock: 400 },
  { id: 'p-1005', name: 'Milk jug, 350 ml', priceCents: 1890, currency: 'EUR', stock: 64 },
  { id: 'p-1006', name: 'Digital scale', priceCents: 3290, currency: 'EUR', stock: 27 },
  { id: 'p-1007', name: 'Tamper, 58 mm', priceCents: 2990, currency: 'EUR', stock: 41 },
  { id: 'p-1008', name: 'Descaler', priceCents: 1290, currency: 'EUR', stock: 90 },
];

const productsById = new Map(PRODUCTS.map((product) => [product.id, product]));

/** The product with `id`, or `undefined`. */
export function findProduct(id: string): Product | undefined {
  return productsById.get(id);
}

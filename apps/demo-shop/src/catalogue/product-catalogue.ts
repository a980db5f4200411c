import type { TracedDatabase } from '@linkscope/sdk-node';

/** A product as the catalogue serves it. */
export interface Product {
  id: string;
  name: string;
  /** Price in the smallest currency unit (cents). */
  priceCents: number;
  currency: 'EUR';
  stock: number;
}

const NAMES = [
  'Espresso beans, 1 kg', 'Hand grinder', 'Pour-over kettle', 'Paper filters, 100', 'Milk jug, 350 ml', 'Digital scale',
  'Tamper, 58 mm', 'Descaler', 'French press', 'Moka pot, 6 cups', 'Cold brew bottle', 'Cupping spoon',
  'Knock box', 'Latte art pen', 'Burr set', 'Dosing cup', 'Travel mug', 'Cleaning tablets',
  'Water filter', 'Barista towel', 'Gooseneck thermometer', 'Aeropress', 'Siphon brewer', 'Green beans, 5 kg',
] as const;

/** The fixed catalogue: ids `p-1001` … `p-1024`. The traffic generator draws existing ids from here. */
export const PRODUCTS: readonly [Product, ...Product[]] = NAMES.map((name, index) => ({
  id: `p-${1001 + index}`,
  name,
  priceCents: 490 + ((index * 733) % 9000),
  currency: 'EUR' as const,
  stock: 10 + ((index * 37) % 400),
})) as unknown as readonly [Product, ...Product[]];

/** Rows of the view log, joined to the referrers table by the product page's campaign query. */
export const PRODUCT_VIEW_ROWS = 36_000;
const REFERRER_COUNT = 1_000;

interface ProductRow {
  id: string;
  name: string;
  price_cents: number;
  currency: 'EUR';
  stock: number;
}

const toProduct = (row: ProductRow): Product => ({ id: row.id, name: row.name, priceCents: row.price_cents, currency: row.currency, stock: row.stock });

/** Creates and fills the catalogue's tables (in an in-memory SQLite database) with tracing suppressed by the caller. */
export function seedCatalogue(db: TracedDatabase): void {
  // No automatic indexes: a query the schema has no index for stays as slow as it is.
  db.exec(`
    PRAGMA automatic_index = OFF;
    CREATE TABLE products (id TEXT PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL, currency TEXT NOT NULL, stock INTEGER NOT NULL);
    CREATE TABLE product_views (id INTEGER PRIMARY KEY, product_id TEXT NOT NULL, viewed_at INTEGER NOT NULL, referrer TEXT NOT NULL);
    CREATE TABLE referrers (url TEXT NOT NULL, campaign TEXT NOT NULL);
  `);
  const insertProduct = db.database.prepare('INSERT INTO products (id, name, price_cents, currency, stock) VALUES (?, ?, ?, ?, ?)');
  const insertView = db.database.prepare('INSERT INTO product_views (product_id, viewed_at, referrer) VALUES (?, ?, ?)');
  const insertReferrer = db.database.prepare('INSERT INTO referrers (url, campaign) VALUES (?, ?)');
  db.database.exec('BEGIN');
  for (const product of PRODUCTS) insertProduct.run(product.id, product.name, product.priceCents, product.currency, product.stock);
  for (let index = 0; index < PRODUCT_VIEW_ROWS; index += 1) {
    const product = PRODUCTS[(index * 7919) % PRODUCTS.length]!;
    insertView.run(product.id, 1_700_000_000_000 + index * 1000, `https://example.com/ref/${index % REFERRER_COUNT}`);
  }
  for (let index = 0; index < REFERRER_COUNT; index += 1) insertReferrer.run(`https://example.com/ref/${index}`, `campaign-${index % 12}`);
  db.database.exec('COMMIT');
  db.exec(`
    CREATE INDEX idx_product_views_product ON product_views (product_id);
    CREATE INDEX idx_referrers_url ON referrers (url);
  `);
}

/** Every product with one query. */
export function listProducts(db: TracedDatabase): Product[] {
  return db.all<ProductRow>('SELECT id, name, price_cents, currency, stock FROM products ORDER BY id').map(toProduct);
}

/** The N+1 way: the ids first, then one query per product (what a lazy-loading ORM does). */
export function listProductsOneByOne(db: TracedDatabase): Product[] {
  const ids = db.all<{ id: string }>('SELECT id FROM products ORDER BY id');
  return ids
    .map(({ id }) => db.get<ProductRow>('SELECT id, name, price_cents, currency, stock FROM products WHERE id = ?', id))
    .filter((row): row is ProductRow => row !== undefined)
    .map(toProduct);
}

/** A product page: the product and the campaigns that brought the most views to it. */
export interface ProductPage extends Product {
  topCampaigns: { campaign: string; views: number }[];
}

/**
 * One product page. `slow` runs the campaign query as if the index on `referrers.url` were
 * missing (`NOT INDEXED`): every view of the product is matched against every referrer, the
 * textbook slow query a dropped index causes.
 */
export function findProduct(db: TracedDatabase, id: string, slow: boolean): ProductPage | undefined {
  const row = db.get<ProductRow>('SELECT id, name, price_cents, currency, stock FROM products WHERE id = ?', id);
  if (row === undefined) return undefined;
  const topCampaigns = db.all<{ campaign: string; views: number }>(
    `SELECT r.campaign, count(*) AS views FROM product_views v JOIN referrers r${slow ? ' NOT INDEXED' : ''} ON r.url = v.referrer ` +
      'WHERE v.product_id = ? GROUP BY r.campaign ORDER BY views DESC LIMIT 3',
    id,
  );
  return { ...toProduct(row), topCampaigns };
}

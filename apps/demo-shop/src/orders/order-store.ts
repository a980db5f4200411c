import type { TracedDatabase } from '@linkscope/sdk-node';
import { randomUUID } from 'node:crypto';

/** One line of an order. */
export interface OrderLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
}

/** An order as the orders service returns it. */
export interface Order {
  id: string;
  userId: string;
  status: 'placed' | 'paid';
  totalCents: number;
  lines: OrderLine[];
}

export function createOrderTables(db: TracedDatabase): void {
  db.exec(`
    CREATE TABLE orders (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, status TEXT NOT NULL, total_cents INTEGER NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE order_lines (order_id TEXT NOT NULL, product_id TEXT NOT NULL, quantity INTEGER NOT NULL, unit_price_cents INTEGER NOT NULL);
    CREATE INDEX idx_order_lines_order ON order_lines (order_id);
  `);
}

/** Inserts the order and its lines in one transaction; returns the stored order. */
export function insertOrder(db: TracedDatabase, userId: string, lines: OrderLine[]): Order {
  const order: Order = {
    id: `o-${randomUUID().slice(0, 12)}`,
    userId,
    status: 'placed',
    totalCents: lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
    lines,
  };
  db.run('BEGIN');
  try {
    db.run('INSERT INTO orders (id, user_id, status, total_cents, created_at) VALUES (?, ?, ?, ?, ?)', order.id, userId, order.status, order.totalCents, Date.now());
    for (const line of lines) {
      db.run('INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)', order.id, line.productId, line.quantity, line.unitPriceCents);
    }
    db.run('COMMIT');
  } catch (error) {
    db.run('ROLLBACK');
    throw error;
  }
  return order;
}

export function findOrder(db: TracedDatabase, id: string): Order | undefined {
  const row = db.get<{ id: string; user_id: string; status: 'placed' | 'paid'; total_cents: number }>(
    'SELECT id, user_id, status, total_cents FROM orders WHERE id = ?',
    id,
  );
  if (row === undefined) return undefined;
  const lines = db.all<{ product_id: string; quantity: number; unit_price_cents: number }>(
    'SELECT product_id, quantity, unit_price_cents FROM order_lines WHERE order_id = ?',
    id,
  );
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    totalCents: row.total_cents,
    lines: lines.map((line) => ({ productId: line.product_id, quantity: line.quantity, unitPriceCents: line.unit_price_cents })),
  };
}

export function markOrderPaid(db: TracedDatabase, id: string): boolean {
  return Number(db.run("UPDATE orders SET status = 'paid' WHERE id = ? AND status = 'placed'", id).changes) > 0;
}

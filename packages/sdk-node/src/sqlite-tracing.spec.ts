import { describe, expect, it } from 'vitest';

import { sqlSpanAttributes } from './sqlite-tracing';

describe('sqlSpanAttributes', () => {
  it.each([
    ['SELECT id FROM products WHERE id = ?', 'SELECT products', 'SELECT', 'products'],
    ['  insert into order_lines (order_id) values (?)', 'INSERT order_lines', 'INSERT', 'order_lines'],
    ['UPDATE orders SET status = ? WHERE id = ?', 'UPDATE orders', 'UPDATE', 'orders'],
    ['DELETE FROM "carts" WHERE id = ?', 'DELETE carts', 'DELETE', 'carts'],
    ['CREATE TABLE IF NOT EXISTS payments (id INTEGER)', 'CREATE payments', 'CREATE', 'payments'],
  ])('names %s as "%s"', (sql, name, operation, collection) => {
    const result = sqlSpanAttributes(sql, 'shop');

    expect(result.name).toBe(name);
    expect(result.attributes).toEqual({
      'db.system.name': 'sqlite',
      'db.namespace': 'shop',
      'db.operation.name': operation,
      'db.collection.name': collection,
      'db.query.text': sql.trim(),
    });
  });

  it('names a statement without a table by its operation alone', () => {
    const result = sqlSpanAttributes('BEGIN', 'shop');

    expect(result.name).toBe('BEGIN');
    expect(result.attributes['db.collection.name']).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_SCANNED_SQL_CHARS, parseSqlStatement } from './sql-statement';

describe('parseSqlStatement', () => {
  it('reads the operation and the first table of the common statements', () => {
    expect(parseSqlStatement('SELECT id, name FROM sdk_items ORDER BY id')).toEqual({ operation: 'SELECT', collection: 'sdk_items' });
    expect(parseSqlStatement('select name from items where id = $1')).toEqual({ operation: 'SELECT', collection: 'items' });
    expect(parseSqlStatement('INSERT INTO orders (id) VALUES (?)')).toEqual({ operation: 'INSERT', collection: 'orders' });
    expect(parseSqlStatement('UPDATE LOW_PRIORITY stock SET n = n - 1')).toEqual({ operation: 'UPDATE', collection: 'stock' });
    expect(parseSqlStatement('DELETE FROM carts WHERE id = ?')).toEqual({ operation: 'DELETE', collection: 'carts' });
    expect(parseSqlStatement('CREATE TABLE IF NOT EXISTS audit (id int)')).toEqual({ operation: 'CREATE', collection: 'audit' });
    expect(parseSqlStatement('DROP TABLE IF EXISTS audit')).toEqual({ operation: 'DROP', collection: 'audit' });
    expect(parseSqlStatement('TRUNCATE audit')).toEqual({ operation: 'TRUNCATE', collection: 'audit' });
  });

  it('keeps a schema prefix and drops identifier quotes', () => {
    expect(parseSqlStatement('SELECT * FROM "public"."Orders" o JOIN lines l ON l.o = o.id')).toEqual({ operation: 'SELECT', collection: 'public.Orders' });
    expect(parseSqlStatement('INSERT INTO `shop`.`carts` VALUES (1)')).toEqual({ operation: 'INSERT', collection: 'shop.carts' });
  });

  it('takes the statement’s table, not a sub-query’s, and the main statement of a WITH', () => {
    expect(parseSqlStatement('SELECT (SELECT max(id) FROM a) AS m FROM b')).toEqual({ operation: 'SELECT', collection: 'b' });
    expect(parseSqlStatement('WITH recent AS (SELECT * FROM orders) DELETE FROM carts WHERE id IN (SELECT id FROM recent)')).toEqual({
      operation: 'DELETE',
      collection: 'carts',
    });
    expect(parseSqlStatement('SELECT * FROM (SELECT 1) AS t')).toEqual({ operation: 'SELECT' });
  });

  it('skips comments and string literals', () => {
    expect(parseSqlStatement("/* report */ -- daily\nSELECT 'FROM fake' FROM real_table")).toEqual({ operation: 'SELECT', collection: 'real_table' });
  });

  it('gives the operation only where there is no table, and nothing for no statement', () => {
    expect(parseSqlStatement('SELECT 1')).toEqual({ operation: 'SELECT' });
    expect(parseSqlStatement('BEGIN')).toEqual({ operation: 'BEGIN' });
    expect(parseSqlStatement('CREATE INDEX i ON t (a)')).toEqual({ operation: 'CREATE' });
    expect(parseSqlStatement('  ')).toEqual({});
  });

  it('reads no further than its bound', () => {
    const padding = ' '.repeat(MAX_SCANNED_SQL_CHARS);
    expect(parseSqlStatement(`SELECT a${padding}FROM far_away`)).toEqual({ operation: 'SELECT' });
  });

  it('gives the same names for a statement seen before, also after its memory of statements filled and was emptied', () => {
    const first = parseSqlStatement(['SELECT id FROM', 'orders WHERE id = $1'].join(' '));
    expect(parseSqlStatement(['SELECT id FROM', 'orders WHERE id = $1'].join(' '))).toEqual(first);
    for (let i = 0; i < 1_500; i++) expect(parseSqlStatement(`UPDATE t${i} SET n = ${i}`)).toEqual({ operation: 'UPDATE', collection: `t${i}` });
    expect(parseSqlStatement('SELECT id FROM orders WHERE id = $1')).toEqual({ operation: 'SELECT', collection: 'orders' });
  });
});

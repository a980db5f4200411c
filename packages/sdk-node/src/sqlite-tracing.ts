import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { DatabaseSync, SQLInputValue, StatementResultingChanges, StatementSync } from 'node:sqlite';

const TRACER_NAME = '@linkscope/sdk-node/sqlite';
/** Prepared statements kept per database; SQL text beyond this count is prepared each time. */
const MAX_CACHED_STATEMENTS = 256;
const OPERATION = /^\s*(?:WITH\b[\s\S]*?\)\s*)?([A-Za-z]+)/;
const COLLECTION = /\b(?:FROM|INTO|UPDATE|TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?|JOIN)\s+["`[]?([A-Za-z_][A-Za-z0-9_]*)/i;

/** A `node:sqlite` database whose every statement runs inside a CLIENT span. */
export interface TracedDatabase {
  /** INSERT, UPDATE, DELETE, DDL with parameters: changes and last row id. */
  run(sql: string, ...params: SQLInputValue[]): StatementResultingChanges;
  /** The first row, or `undefined`. */
  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined;
  /** Every row. */
  all<T>(sql: string, ...params: SQLInputValue[]): T[];
  /** Several statements without parameters (schema, seeding). */
  exec(sql: string): void;
  /** The database itself, for what the wrapper does not cover. Statements run on it are not traced. */
  readonly database: DatabaseSync;
}

/** The semantic-convention attributes of one SQL statement. */
export function sqlSpanAttributes(sql: string, namespace: string): { name: string; attributes: Attributes } {
  const operation = OPERATION.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
  const collection = COLLECTION.exec(sql)?.[1];
  const attributes: Attributes = {
    'db.system.name': 'sqlite',
    'db.namespace': namespace,
    'db.operation.name': operation,
    'db.query.text': sql.trim(),
  };
  if (collection !== undefined) attributes['db.collection.name'] = collection;
  return { name: collection === undefined ? operation : `${operation} ${collection}`, attributes };
}

/**
 * Wraps a `node:sqlite` `DatabaseSync` (Node 22.5+) so each statement gets a CLIENT span named
 * `<operation> <table>` with `db.system.name=sqlite`, `db.namespace`, `db.operation.name`,
 * `db.collection.name` and `db.query.text` (the SQL as written, with `?` placeholders: pass
 * values as parameters and they never reach the span). OpenTelemetry has no instrumentation for
 * `node:sqlite`; this is ours. `node:sqlite` is synchronous, so a span's duration is exactly the
 * time the statement held the event loop, and statements run one after another never overlap
 * (the SDK gives every span a sub-millisecond start: local-root.processor.ts). Failures are recorded on the span and rethrown.
 */
export function traceDatabaseSync(database: DatabaseSync, namespace: string): TracedDatabase {
  const tracer = trace.getTracer(TRACER_NAME);
  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    const cached = statements.get(sql);
    if (cached !== undefined) return cached;
    const statement = database.prepare(sql);
    if (statements.size < MAX_CACHED_STATEMENTS) statements.set(sql, statement);
    return statement;
  };
  const traced = <T>(sql: string, body: () => T, rowCount?: (result: T) => number): T => {
    const { name, attributes } = sqlSpanAttributes(sql, namespace);
    return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, (span) => {
      try {
        const result = body();
        if (rowCount !== undefined) span.setAttribute('db.response.returned_rows', rowCount(result));
        return result;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        span.recordException(error instanceof Error ? error : new Error(message));
        span.setAttribute('error.type', (error as { code?: unknown }).code?.toString() ?? 'sqlite_error');
        span.setStatus({ code: SpanStatusCode.ERROR, message });
        throw error;
      } finally {
        span.end();
      }
    });
  };
  return {
    run: (sql, ...params) => traced(sql, () => prepare(sql).run(...params)),
    get: <T>(sql: string, ...params: SQLInputValue[]) =>
      traced(sql, () => prepare(sql).get(...params) as T | undefined, (row) => (row === undefined ? 0 : 1)),
    all: <T>(sql: string, ...params: SQLInputValue[]) => traced(sql, () => prepare(sql).all(...params) as T[], (rows) => rows.length),
    exec: (sql) => traced(sql, () => database.exec(sql)),
    database,
  };
}

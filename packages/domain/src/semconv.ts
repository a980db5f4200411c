import type { Attributes, SpanKind } from './span';
import { parseSqlStatement } from './sql-statement';

/**
 * Pre-1.20 (and other deprecated) semantic-convention names and their current names. Every later
 * stage (classification, rollups, search) reads only the names on the right.
 */
const RENAMES: Readonly<Record<string, string>> = {
  'http.method': 'http.request.method',
  'http.status_code': 'http.response.status_code',
  'http.url': 'url.full',
  'http.scheme': 'url.scheme',
  'http.client_ip': 'client.address',
  'http.user_agent': 'user_agent.original',
  'http.request_content_length': 'http.request.body.size',
  'http.response_content_length': 'http.response.body.size',
  'net.sock.peer.addr': 'network.peer.address',
  'net.sock.peer.port': 'network.peer.port',
  'net.protocol.name': 'network.protocol.name',
  'net.protocol.version': 'network.protocol.version',
  'http.flavor': 'network.protocol.version',
  'db.system': 'db.system.name',
  'db.statement': 'db.query.text',
  'db.operation': 'db.operation.name',
  'db.name': 'db.namespace',
  'db.redis.database_index': 'db.namespace',
  'db.sql.table': 'db.collection.name',
  'db.mongodb.collection': 'db.collection.name',
  'db.cassandra.table': 'db.collection.name',
  'peer.service': 'service.peer.name',
  'rpc.system': 'rpc.system.name',
  'messaging.operation': 'messaging.operation.type',
  'messaging.destination': 'messaging.destination.name',
  'messaging.message_id': 'messaging.message.id',
  'messaging.rabbitmq.routing_key': 'messaging.rabbitmq.destination.routing_key',
  'messaging.kafka.partition': 'messaging.destination.partition.id',
  'messaging.kafka.message_key': 'messaging.kafka.message.key',
  'messaging.kafka.consumer_group': 'messaging.consumer.group.name',
  'deployment.environment': 'deployment.environment.name',
  'enduser.id': 'user.id',
};

/** Old names whose new name depends on which side of the connection the span is. */
// On a server span net.host.* is the server; on a client span net.peer.* is the server.
const SERVER_SIDE: Readonly<Record<string, string>> = { 'net.host.name': 'server.address', 'net.host.port': 'server.port', 'net.peer.name': 'client.address', 'net.peer.port': 'client.port' };
const CLIENT_SIDE: Readonly<Record<string, string>> = { 'net.peer.name': 'server.address', 'net.peer.port': 'server.port', 'net.host.name': 'client.address', 'net.host.port': 'client.port' };

/**
 * Where each old name stands in the order renames apply: when two old names map to one new name
 * (`http.flavor` and `net.protocol.version`), the first in this order wins, whatever order the
 * sender used. Side-dependent names come last.
 */
const ORDER = new Map<string, number>([...Object.keys(RENAMES), ...Object.keys(SERVER_SIDE)].map((name, i) => [name, i]));

function rename(attributes: Attributes, from: string, to: string): void {
  if (!(to in attributes)) attributes[to] = attributes[from]!;
  delete attributes[from];
}

/** `db.system.name` values (current and deprecated) of databases queried in SQL. */
const SQL_SYSTEMS: ReadonlySet<string> = new Set([
  'postgresql', 'mysql', 'mariadb', 'sqlite', 'microsoft.sql_server', 'mssql', 'oracle.db', 'oracle', 'other_sql', 'cockroachdb',
  'ibm.db2', 'db2', 'h2', 'hsqldb', 'derby', 'trino', 'clickhouse', 'gcp.spanner', 'spanner', 'sap.hana', 'hanadb', 'teradata', 'vertica',
]);

/**
 * `db.operation.name` and `db.collection.name` of a SQL span that lacks them (the pg and mysql2
 * instrumentations send neither), read from the leading keywords of `db.query.text` by a bounded
 * parse. What the sender set is kept.
 */
function addSqlNames(attributes: Attributes): void {
  const hasOperation = 'db.operation.name' in attributes;
  if (hasOperation && 'db.collection.name' in attributes) return;
  const system = attributes['db.system.name'];
  const text = attributes['db.query.text'];
  if (typeof system !== 'string' || typeof text !== 'string' || !SQL_SYSTEMS.has(system)) return;
  const { operation, collection } = parseSqlStatement(text);
  if (!hasOperation && operation !== undefined) attributes['db.operation.name'] = operation;
  if (collection !== undefined && !('db.collection.name' in attributes)) attributes['db.collection.name'] = collection;
}

/**
 * Rewrites deprecated attribute names to the current ones in place. Where both are present the
 * current one wins and the old one is dropped. `http.target` becomes `url.path` and `url.query`.
 * Runs once per span on the ingest path, so it walks the span's own (few) keys and allocates
 * nothing when there is nothing to rename, which is the common case with current SDKs.
 * A SQL span without `db.operation.name` / `db.collection.name` gets them from its statement.
 */
export function normaliseSpanAttributes(attributes: Attributes, kind: SpanKind): Attributes {
  const side = kind === 'server' || kind === 'consumer' ? SERVER_SIDE : CLIENT_SIDE;
  let found: string[] | undefined;
  let hasTarget = false;
  let hasQuery = false;
  for (const key in attributes) {
    if (key === 'http.target') hasTarget = true;
    else if (key === 'db.query.text') hasQuery = true;
    else if (ORDER.has(key)) (found ??= []).push(key);
  }
  if (found !== undefined) {
    if (found.length > 1) found.sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
    for (const from of found) rename(attributes, from, RENAMES[from] ?? side[from]!);
    hasQuery ||= 'db.query.text' in attributes;
  }
  if (hasQuery) addSqlNames(attributes);
  if (hasTarget) {
    const target = attributes['http.target'];
    if (typeof target === 'string') {
      const question = target.indexOf('?');
      if (!('url.path' in attributes)) attributes['url.path'] = question < 0 ? target : target.slice(0, question);
      if (question >= 0 && !('url.query' in attributes)) attributes['url.query'] = target.slice(question + 1);
    }
    delete attributes['http.target'];
  }
  return attributes;
}

/** Resource attributes: `deployment.environment` and friends, renamed in place. */
export function normaliseResourceAttributes(attributes: Attributes): Attributes {
  if ('deployment.environment' in attributes) rename(attributes, 'deployment.environment', 'deployment.environment.name');
  return attributes;
}

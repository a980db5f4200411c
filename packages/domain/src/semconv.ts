import type { Attributes, SpanKind } from './span';

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
  'deployment.environment': 'deployment.environment.name',
  'enduser.id': 'user.id',
};

/** Old names whose new name depends on which side of the connection the span is. */
function sideDependent(kind: SpanKind): Readonly<Record<string, string>> {
  // On a server span net.host.* is the server; on a client span net.peer.* is the server.
  return kind === 'server' || kind === 'consumer'
    ? { 'net.host.name': 'server.address', 'net.host.port': 'server.port', 'net.peer.name': 'client.address', 'net.peer.port': 'client.port' }
    : { 'net.peer.name': 'server.address', 'net.peer.port': 'server.port', 'net.host.name': 'client.address', 'net.host.port': 'client.port' };
}

function rename(attributes: Attributes, from: string, to: string): void {
  if (!(from in attributes)) return;
  if (!(to in attributes)) attributes[to] = attributes[from]!;
  delete attributes[from];
}

/**
 * Rewrites deprecated attribute names to the current ones in place. Where both are present the
 * current one wins and the old one is dropped. `http.target` becomes `url.path` and `url.query`.
 */
export function normaliseSpanAttributes(attributes: Attributes, kind: SpanKind): Attributes {
  for (const [from, to] of Object.entries(RENAMES)) rename(attributes, from, to);
  for (const [from, to] of Object.entries(sideDependent(kind))) rename(attributes, from, to);
  const target = attributes['http.target'];
  if (typeof target === 'string') {
    const question = target.indexOf('?');
    if (!('url.path' in attributes)) attributes['url.path'] = question < 0 ? target : target.slice(0, question);
    if (question >= 0 && !('url.query' in attributes)) attributes['url.query'] = target.slice(question + 1);
  }
  delete attributes['http.target'];
  return attributes;
}

/** Resource attributes: `deployment.environment` and friends, renamed in place. */
export function normaliseResourceAttributes(attributes: Attributes): Attributes {
  rename(attributes, 'deployment.environment', 'deployment.environment.name');
  return attributes;
}

import { describe, expect, it } from 'vitest';
import { normaliseResourceAttributes, normaliseSpanAttributes } from './semconv';

describe('semantic-convention normalisation', () => {
  it('renames pre-1.20 HTTP names and splits http.target into path and query', () => {
    expect(
      normaliseSpanAttributes({ 'http.method': 'GET', 'http.status_code': 404, 'http.target': '/orders/7?page=2', 'http.scheme': 'https' }, 'server'),
    ).toEqual({ 'http.request.method': 'GET', 'http.response.status_code': 404, 'url.path': '/orders/7', 'url.query': 'page=2', 'url.scheme': 'https' });
  });

  it('maps net.peer.* to the server on client spans and to the client on server spans', () => {
    expect(normaliseSpanAttributes({ 'net.peer.name': 'db.internal', 'net.peer.port': 5432 }, 'client')).toEqual({ 'server.address': 'db.internal', 'server.port': 5432 });
    expect(normaliseSpanAttributes({ 'net.host.name': 'api.local', 'net.peer.name': '10.0.0.9' }, 'server')).toEqual({ 'server.address': 'api.local', 'client.address': '10.0.0.9' });
  });

  it('renames the messaging names amqplib and kafkajs instrumentations still send', () => {
    expect(
      normaliseSpanAttributes({ 'messaging.system': 'rabbitmq', 'messaging.destination': 'orders', 'messaging.rabbitmq.routing_key': 'order.placed', 'messaging.message_id': 'm-1' }, 'producer'),
    ).toEqual({ 'messaging.system': 'rabbitmq', 'messaging.destination.name': 'orders', 'messaging.rabbitmq.destination.routing_key': 'order.placed', 'messaging.message.id': 'm-1' });
    expect(normaliseSpanAttributes({ 'messaging.kafka.partition': 3, 'messaging.kafka.message_key': 'k', 'messaging.kafka.consumer_group': 'g' }, 'consumer')).toEqual({
      'messaging.destination.partition.id': 3,
      'messaging.kafka.message.key': 'k',
      'messaging.consumer.group.name': 'g',
    });
  });

  it('renames database, peer and messaging names, and keeps the current name when both are sent', () => {
    expect(
      normaliseSpanAttributes({ 'db.system': 'mysql', 'db.statement': 'SELECT 1', 'db.system.name': 'postgresql', 'peer.service': 'payments', 'messaging.operation': 'process' }, 'client'),
    ).toEqual({
      'db.system.name': 'postgresql',
      'db.query.text': 'SELECT 1',
      'db.operation.name': 'SELECT',
      'service.peer.name': 'payments',
      'messaging.operation.type': 'process',
    });
  });

  it('gives a SQL span without them db.operation.name and db.collection.name from its statement (pg and mysql2 send neither)', () => {
    const pg = { 'db.system.name': 'postgresql', 'db.namespace': 'shop', 'db.query.text': 'SELECT name FROM items WHERE id = $1' };
    expect(normaliseSpanAttributes({ ...pg }, 'client')).toEqual({ ...pg, 'db.operation.name': 'SELECT', 'db.collection.name': 'items' });
    // An old sender's db.statement is read after it is renamed.
    expect(normaliseSpanAttributes({ 'db.system': 'mysql', 'db.statement': 'INSERT INTO orders VALUES (?)' }, 'client')).toEqual({
      'db.system.name': 'mysql',
      'db.query.text': 'INSERT INTO orders VALUES (?)',
      'db.operation.name': 'INSERT',
      'db.collection.name': 'orders',
    });
  });

  it('keeps what the sender set, and reads no statement of a database that is not queried in SQL', () => {
    const named = { 'db.system.name': 'sqlite', 'db.query.text': 'SELECT * FROM a JOIN b', 'db.operation.name': 'select', 'db.collection.name': 'b' };
    expect(normaliseSpanAttributes({ ...named }, 'client')).toEqual(named);
    const redis = { 'db.system.name': 'redis', 'db.query.text': 'SET cart:1 ?' };
    expect(normaliseSpanAttributes({ ...redis }, 'client')).toEqual(redis);
  });

  it('resolves two old names for one new name the same way whatever order the sender used', () => {
    // net.protocol.version comes before http.flavor in the rename order, so it wins both times.
    expect(normaliseSpanAttributes({ 'http.flavor': '2', 'net.protocol.version': '1.1' }, 'client')).toEqual({ 'network.protocol.version': '1.1' });
    expect(normaliseSpanAttributes({ 'net.protocol.version': '1.1', 'http.flavor': '2' }, 'client')).toEqual({ 'network.protocol.version': '1.1' });
  });

  it('leaves current names untouched', () => {
    const current = { 'http.request.method': 'POST', 'http.route': '/pay', 'url.path': '/pay' };
    expect(normaliseSpanAttributes({ ...current }, 'server')).toEqual(current);
  });

  it('renames deployment.environment on resources', () => {
    expect(normaliseResourceAttributes({ 'deployment.environment': 'prod', 'service.name': 'x' })).toEqual({ 'deployment.environment.name': 'prod', 'service.name': 'x' });
  });
});

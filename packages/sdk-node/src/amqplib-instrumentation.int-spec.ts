import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { TRACE_ID_HEADER } from './index';
import { SPAN_KIND, STATUS_CODE, startInstrumentedService, type InstrumentedService } from './testing/instrumented-service';
import type { DecodedSpan } from './testing/protobuf-wire.reader';

// A tiny service publishes to the real RabbitMQ the integration setup runs for this test slot
// (packages/devstack, test-servers) and a consumer in the same process takes the messages; the
// spans go through our SDK to a local fake collector. @opentelemetry/instrumentation-amqplib 0.71
// has no semantic-convention opt-in: besides the stable messaging.system, server.address and
// server.port it still sends the pre-1.20 names (messaging.destination, messaging.operation,
// messaging.rabbitmq.routing_key, messaging.url, ...), which our collector renames on ingest.
const nodeRequire = createRequire(__filename);
const amqpUrl = new URL(inject('servers').amqp);
const exchange = `sdk-spec-orders-${process.pid}`;
const queue = `sdk-spec-order-created-${process.pid}`;
const rejectQueue = `sdk-spec-refunds-${process.pid}`;

let service: InstrumentedService;
let url: string;
let connection: import('amqplib').ChannelModel;
let channel: import('amqplib').Channel;
/** Resolvers of the messages the consumer waits for, by body. */
const handled = new Map<string, () => void>();

beforeAll(async () => {
  service = await startInstrumentedService('amqplib-spec', nodeRequire);
  const amqp = nodeRequire('amqplib') as typeof import('amqplib');
  connection = await amqp.connect(amqpUrl.toString());
  channel = await connection.createChannel();
  await channel.assertExchange(exchange, 'direct', { durable: false, autoDelete: true });
  await channel.assertQueue(queue, { durable: false, autoDelete: true });
  await channel.bindQueue(queue, exchange, 'created');
  await channel.assertQueue(rejectQueue, { durable: false, autoDelete: true });
  await channel.consume(queue, (message) => {
    if (message === null) return;
    channel.ack(message);
    handled.get(message.content.toString())?.();
  });
  await channel.consume(rejectQueue, (message) => {
    if (message === null) return;
    // A message the worker cannot handle, dropped rather than redelivered.
    channel.nack(message, false, false);
    handled.get(message.content.toString())?.();
  });
  url = await service.serve((request, response) => {
    const orderId = request.url?.split('/')[2] ?? '';
    if (request.url?.startsWith('/orders/')) channel.publish(exchange, 'created', Buffer.from(orderId));
    else channel.sendToQueue(rejectQueue, Buffer.from(orderId));
    response.statusCode = 202;
    response.end();
  });
});

afterAll(async () => {
  await connection?.close();
  await service?.close();
});

/** Posts to the service, waits until the consumer handled the message, returns the trace's spans. */
async function publishThrough(path: string, orderId: string): Promise<{ spans: DecodedSpan[]; server: DecodedSpan; producer: DecodedSpan; consumer: DecodedSpan }> {
  const consumed = new Promise<void>((resolve) => handled.set(orderId, resolve));
  const response = await fetch(`${url}${path}/${orderId}`, { method: 'POST' });
  expect(response.status).toBe(202);
  await consumed;
  // The test's fetch (CLIENT), the service's SERVER span, PRODUCER and CONSUMER.
  const spans = await service.spansOf(response.headers.get(TRACE_ID_HEADER)!, 4);
  const byKind = (kind: number): DecodedSpan => {
    const found = spans.filter((span) => span.kind === kind);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  return { spans, server: byKind(SPAN_KIND.server), producer: byKind(SPAN_KIND.producer), consumer: byKind(SPAN_KIND.consumer) };
}

const connectionAttributes = {
  'messaging.system': 'rabbitmq',
  'server.address': '127.0.0.1',
  'server.port': Number(amqpUrl.port),
  'messaging.protocol': 'AMQP',
  'messaging.protocol_version': '0.9.1',
  // The credentials never leave the process.
  'messaging.url': `amqp://linkscope:***@127.0.0.1:${amqpUrl.port}`,
};

describe('amqplib against the real RabbitMQ', () => {
  it('links publish and consume in one trace: SERVER → PRODUCER → CONSUMER, with the messaging attributes', async () => {
    const { server, producer, consumer } = await publishThrough('/orders', 'o-1');

    expect(producer).toMatchObject({ name: `publish ${exchange}`, parentSpanId: server.spanId, statusCode: STATUS_CODE.unset });
    expect(producer.attributes).toEqual({
      ...connectionAttributes,
      'messaging.destination': exchange,
      'messaging.destination_kind': 'topic',
      'messaging.rabbitmq.routing_key': 'created',
    });
    // The consumer continues the trace from the message headers, as a child of the publish.
    expect(consumer).toMatchObject({ name: `${queue} process`, parentSpanId: producer.spanId, statusCode: STATUS_CODE.unset });
    expect(consumer.attributes).toEqual({
      ...connectionAttributes,
      'messaging.destination': exchange,
      'messaging.destination_kind': 'topic',
      'messaging.rabbitmq.routing_key': 'created',
      'messaging.operation': 'process',
    });
    // Neither sends the current names: the collector's renaming is what gives them to Linkscope.
    for (const span of [producer, consumer]) {
      expect(span.attributes).not.toHaveProperty('messaging.destination.name');
      expect(span.attributes).not.toHaveProperty('messaging.operation.type');
    }
  });

  it('marks the CONSUMER span ERROR when the message is rejected; a default-exchange publish names the queue only as routing key', async () => {
    const { server, producer, consumer } = await publishThrough('/refunds', 'r-1');

    expect(producer).toMatchObject({ name: 'publish <default>', parentSpanId: server.spanId });
    expect(producer.attributes).toMatchObject({ 'messaging.destination': '', 'messaging.rabbitmq.routing_key': rejectQueue });
    expect(consumer).toMatchObject({
      name: `${rejectQueue} process`,
      parentSpanId: producer.spanId,
      statusCode: STATUS_CODE.error,
      statusMessage: 'nack called on message without requeue',
    });
  });
});

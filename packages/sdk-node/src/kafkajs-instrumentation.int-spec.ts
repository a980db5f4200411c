import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { TRACE_ID_HEADER } from './index';
import { SPAN_KIND, STATUS_CODE, startInstrumentedService, type InstrumentedService } from './testing/instrumented-service';
import type { DecodedSpan } from './testing/protobuf-wire.reader';

// A tiny service produces to the real Apache Kafka (KRaft) the integration setup runs for this
// test slot (packages/devstack, test-servers) and a consumer group in the same process takes the
// messages; the spans go through our SDK to a local fake collector.
// @opentelemetry/instrumentation-kafkajs 0.33 sends the current messaging names (no opt-in needed),
// but no server.address / server.port on either span.
const nodeRequire = createRequire(__filename);
const broker = inject('servers').kafka;
const topic = `sdk-spec-orders-${process.pid}`;

let service: InstrumentedService;
let url: string;
let producer: import('kafkajs').Producer;
let consumer: import('kafkajs').Consumer;
/** Resolvers of the messages the consumer waits for, by value. */
const handled = new Map<string, () => void>();

beforeAll(async () => {
  service = await startInstrumentedService('kafkajs-spec', nodeRequire);
  const { Kafka, logLevel } = nodeRequire('kafkajs') as typeof import('kafkajs');
  const kafka = new Kafka({ clientId: 'kafkajs-spec', brokers: [broker], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  producer = kafka.producer();
  await producer.connect();
  consumer = kafka.consumer({ groupId: `sdk-spec-${process.pid}`, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      handled.get(message.value?.toString() ?? '')?.();
    },
  });
  url = await service.serve((request, response) => {
    const orderId = request.url?.split('/')[2] ?? '';
    producer.send({ topic, messages: [{ key: `customer-7`, value: orderId }] }).then(
      () => {
        response.statusCode = 202;
        response.end();
      },
      (error: Error) => {
        response.statusCode = 500;
        response.end(error.message);
      },
    );
  });
}, 120_000);

afterAll(async () => {
  await consumer?.disconnect();
  await producer?.disconnect();
  await service?.close();
});

describe('kafkajs against the real Apache Kafka', () => {
  it('links send and process in one trace: SERVER → PRODUCER → CONSUMER, with the messaging attributes', async () => {
    const consumed = new Promise<void>((resolve) => handled.set('o-1', resolve));
    const response = await fetch(`${url}/orders/o-1`, { method: 'POST' });
    expect(response.status).toBe(202);
    await consumed;
    const spans = await service.spansOf(response.headers.get(TRACE_ID_HEADER)!, 4);
    const one = (kind: number): DecodedSpan => {
      const found = spans.filter((span) => span.kind === kind);
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    const server = one(SPAN_KIND.server);
    const producerSpan = one(SPAN_KIND.producer);
    const consumerSpan = one(SPAN_KIND.consumer);

    expect(producerSpan).toMatchObject({ name: `send ${topic}`, parentSpanId: server.spanId, statusCode: STATUS_CODE.unset });
    expect(producerSpan.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.kafka.message.key': 'customer-7',
    });
    // The consumer continues the trace from the record's headers, as a child of the send.
    expect(consumerSpan).toMatchObject({ name: `process ${topic}`, parentSpanId: producerSpan.spanId, statusCode: STATUS_CODE.unset });
    expect(consumerSpan.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.destination.partition.id': '0',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.kafka.message.key': 'customer-7',
      'messaging.kafka.offset': '0',
      // Kafka's cluster id: 16 random bytes, URL-safe base64, made when the broker's log folder was formatted.
      'messaging.kafka.cluster.id': expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
  });
});

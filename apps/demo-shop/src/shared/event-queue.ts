import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

import type { JsonLogger } from './json-logger';
import type { Redis } from './redis-client';

const TRACER_NAME = 'demo-shop/event-queue';
/** The queue the payments service announces captured payments on; the orders service consumes it. */
export const PAYMENT_EVENTS_QUEUE = 'queue:payment-events';
/** A blocking pop waits at most this long, so a stopping consumer notices within it. */
const POP_TIMEOUT_SECONDS = 1;

interface Envelope<T> {
  payload: T;
  /** W3C trace context of the producer span, so the consumer's span joins the trace. */
  headers: Record<string, string>;
}

const messagingAttributes = (queue: string, operation: 'send' | 'process') => ({
  'messaging.system': 'redis',
  'messaging.destination.name': queue,
  'messaging.operation.type': operation,
  'messaging.operation.name': operation,
});

/**
 * Pushes `payload` onto the Redis list `queue` inside a PRODUCER span (`send <queue>`), with
 * the span's trace context in the message, as OpenTelemetry's messaging conventions describe.
 * The LPUSH itself gets its own CLIENT span from the ioredis instrumentation.
 */
export async function publishEvent<T>(redis: Redis, queue: string, payload: T): Promise<void> {
  const tracer = trace.getTracer(TRACER_NAME);
  await tracer.startActiveSpan(`send ${queue}`, { kind: SpanKind.PRODUCER, attributes: messagingAttributes(queue, 'send') }, async (span) => {
    try {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      await redis.lpush(queue, JSON.stringify({ payload, headers } satisfies Envelope<T>));
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A running consumer. */
export interface EventConsumer {
  /** Stops after the current pop; resolves once the loop has ended. */
  stop(): Promise<void>;
}

/**
 * Pops messages from `queue` one at a time on its own (blocking) connection and runs `handle`
 * for each inside a CONSUMER span (`process <queue>`) whose parent is the producer span. The
 * pops themselves are not traced: they have no parent span, and the ioredis instrumentation
 * only traces commands inside a trace.
 */
export function startEventConsumer<T>(redis: Redis, queue: string, logger: JsonLogger, handle: (payload: T) => Promise<void> | void): EventConsumer {
  const tracer = trace.getTracer(TRACER_NAME);
  let running = true;
  const loop = (async () => {
    while (running) {
      let popped: [string, string] | null;
      try {
        popped = await redis.brpop(queue, POP_TIMEOUT_SECONDS);
      } catch (error) {
        if (!running) break;
        logger.warn('queue pop failed; retrying in 1 s', { queue, error });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      if (popped === null) continue;
      let envelope: Envelope<T>;
      try {
        envelope = JSON.parse(popped[1]) as Envelope<T>;
      } catch {
        logger.warn('dropped a malformed message', { queue });
        continue;
      }
      const parent = propagation.extract(ROOT_CONTEXT, envelope.headers ?? {});
      await tracer.startActiveSpan(`process ${queue}`, { kind: SpanKind.CONSUMER, attributes: messagingAttributes(queue, 'process') }, parent, async (span) => {
        try {
          await handle(envelope.payload);
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          logger.error('message handling failed', { queue, error });
        } finally {
          span.end();
        }
      });
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

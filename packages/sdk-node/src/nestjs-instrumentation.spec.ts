import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { init, setBusinessTransaction, TRACE_ID_HEADER, type LinkscopeHandle } from './index';
import { startFakeCollector, type FakeCollector } from './testing/fake-collector';
import type { DecodedSpan } from './testing/protobuf-wire.reader';

// NestJS is loaded after init(), as in an application that preloads the SDK. Decorators are
// applied as plain calls so the spec needs no decorator compilation. This is NestJS 11 (a dev
// dependency of this package): @opentelemetry/instrumentation-nestjs-core 0.71 supports
// @nestjs/core >=4 <12, so a NestJS 12 application gets HTTP and Express spans but none of these.
const nodeRequire = createRequire(__filename);
const SERVER = 2;

let collector: FakeCollector;
let handle: LinkscopeHandle;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  collector = await startFakeCollector(nodeRequire('node:http') as typeof import('node:http'));
  handle = init({ serviceName: 'nestjs-spec', endpoint: collector.url, apiKey: 'k', handleShutdownSignals: false, metrics: false, logs: false });
  const common = nodeRequire('@nestjs/common') as typeof import('@nestjs/common');
  const { NestFactory } = nodeRequire('@nestjs/core') as typeof import('@nestjs/core');

  class OrdersController {
    find(id: string): { id: string } {
      setBusinessTransaction('view-order');
      return { id };
    }
  }
  common.Controller('orders')(OrdersController);
  common.Get(':id')(OrdersController.prototype, 'find', Object.getOwnPropertyDescriptor(OrdersController.prototype, 'find')!);
  common.Param('id')(OrdersController.prototype, 'find', 0);
  class AppModule {}
  common.Module({ controllers: [OrdersController] })(AppModule);

  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
  close = () => app.close();
}, 30_000);

afterAll(async () => {
  await close();
  await handle.shutdown();
  await collector.close();
});

async function spansOf(traceId: string, count: number): Promise<DecodedSpan[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    await handle.forceFlush();
    const spans = collector.spans().filter((span) => span.traceId === traceId);
    if (spans.length >= count || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('NestJS (on Express)', () => {
  it('adds request-context and handler spans naming controller and callback, under a server span named by route', async () => {
    const response = await fetch(`${url}/orders/9`);
    expect(await response.json()).toEqual({ id: '9' });
    const traceId = response.headers.get(TRACE_ID_HEADER)!;

    const spans = await spansOf(traceId, 3);
    const server = spans.find((span) => span.kind === SERVER);
    const requestContext = spans.find((span) => span.attributes['nestjs.type'] === 'request_context');
    const handler = spans.find((span) => span.attributes['nestjs.type'] === 'handler');

    expect(server).toMatchObject({ name: 'GET /orders/:id' });
    expect(server?.attributes).toMatchObject({ 'http.route': '/orders/:id', 'http.response.status_code': 200, 'biz.name': 'view-order' });
    expect(requestContext).toMatchObject({ name: 'OrdersController.find' });
    expect(requestContext?.attributes).toMatchObject({ 'nestjs.controller': 'OrdersController', 'nestjs.callback': 'find', 'http.route': '/orders/:id' });
    expect(handler?.parentSpanId).toBe(requestContext?.spanId);
  });

  it('records the application start as an app_creation span naming the module', async () => {
    await handle.forceFlush();
    const creation = collector.spans().find((span) => span.attributes['nestjs.type'] === 'app_creation');

    expect(creation?.attributes).toMatchObject({ 'nestjs.module': 'AppModule' });
  });
});

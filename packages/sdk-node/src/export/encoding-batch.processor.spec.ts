import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { SamplingDecision, TracerProvider, type ReadableSpan, type Sampler, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';

import { decodeTraceTree, type Tree } from '../testing/otlp-trace-tree.reader';
import { EncodingBatchSpanProcessor, type EncodedSpans, type EncodedSpansExporter } from './encoding-batch.processor';

/** An exporter that keeps every request and answers when the test says (at once by default). */
class RecordingExporter implements EncodedSpansExporter {
  readonly requests: EncodedSpans[] = [];
  shutdownCalls = 0;
  hold = false;
  result: ExportResult = { code: ExportResultCode.SUCCESS };
  private readonly waiting: Array<() => void> = [];

  export(request: EncodedSpans, resultCallback: (result: ExportResult) => void): void {
    this.requests.push({ length: request.length, bytes: Buffer.from(request.bytes) });
    const answer = (): void => resultCallback(this.result);
    if (this.hold) this.waiting.push(answer);
    else answer();
  }

  release(): void {
    this.hold = false;
    for (const answer of this.waiting.splice(0)) answer();
  }

  shutdown(): Promise<void> {
    this.shutdownCalls += 1;
    return Promise.resolve();
  }

  spanNames(): string[] {
    return this.requests.flatMap((request) => spansOf(decodeTraceTree(request.bytes)).map((span) => span['name'] as string));
  }
}

function spansOf(tree: Tree): Tree[] {
  return (tree['resourceSpans'] as Tree[]).flatMap((resourceSpans) => (resourceSpans['scopeSpans'] as Tree[]).flatMap((scopeSpans) => scopeSpans['spans'] as Tree[]));
}

const options = { scheduledDelayMillis: 20, maxQueueSize: 8, maxExportBatchSize: 4, exportTimeoutMillis: 1_000 };
const providers: TracerProvider[] = [];

/** A provider whose spans go to `processor` and, for comparison, to `collected`. */
function provider(processor: SpanProcessor, resource: Resource = resourceFromAttributes({ 'service.name': 'shop' }), collected: ReadableSpan[] = []): TracerProvider {
  const collect: SpanProcessor = { onStart: () => {}, onEnd: (span) => collected.push(span), forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
  const created = new TracerProvider({ resource, spanProcessors: [processor, collect] });
  providers.push(created);
  return created;
}

function endSpans(tracerProvider: TracerProvider, names: string[], scope = 'scope'): void {
  for (const name of names) tracerProvider.getTracer(scope, '1.0.0').startSpan(name, { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'server.port': 8080 } }, ROOT_CONTEXT).end();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  providers.length = 0;
});

describe('EncodingBatchSpanProcessor', () => {
  it("sends, per batch, the request OpenTelemetry's protobuf serializer makes of the same spans (two resources, three scopes)", async () => {
    const exporter = new RecordingExporter();
    const processor = new EncodingBatchSpanProcessor({ ...options, exporter, maxExportBatchSize: 16, maxQueueSize: 16 });
    const ended: ReadableSpan[] = [];
    const shop = provider(processor, resourceFromAttributes({ 'service.name': 'shop', 'process.pid': 4242 }), ended);
    const billing = provider(processor, resourceFromAttributes({ 'service.name': 'billing' }), ended);
    const server = shop.getTracer('http', '0.1.0').startSpan('GET /items/:id', { kind: SpanKind.SERVER, attributes: { 'url.path': '/items/42', 'tags': ['a', 'b'] } }, ROOT_CONTEXT);
    shop.getTracer('pg', '0.77.0').startSpan('SELECT items', { kind: SpanKind.CLIENT }, trace.setSpan(ROOT_CONTEXT, server)).end();
    server.addEvent('retry', { attempt: 2 });
    server.end();
    billing.getTracer('billing').startSpan('charge', {}, ROOT_CONTEXT).end();

    await processor.forceFlush();

    expect(exporter.requests).toHaveLength(1);
    expect(exporter.requests[0]!.length).toBe(3);
    expect(decodeTraceTree(exporter.requests[0]!.bytes)).toEqual(decodeTraceTree(ProtobufTraceSerializer.serializeRequest(ended)!));
  });

  it('exports a full batch at once and the rest after the delay, in the order the spans ended', async () => {
    const exporter = new RecordingExporter();
    const processor = new EncodingBatchSpanProcessor({ ...options, exporter });
    const tracerProvider = provider(processor);

    endSpans(tracerProvider, ['a', 'b', 'c', 'd', 'e']);
    await sleep(0);
    const atOnce = exporter.requests.map((request) => request.length);
    await sleep(options.scheduledDelayMillis * 3);

    expect(atOnce).toEqual([4]);
    expect(exporter.requests.map((request) => request.length)).toEqual([4, 1]);
    expect(exporter.spanNames()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('leaves out spans that are recorded but not sampled', async () => {
    const exporter = new RecordingExporter();
    const processor = new EncodingBatchSpanProcessor({ ...options, exporter });
    const recordOnly: Sampler = { shouldSample: () => ({ decision: SamplingDecision.RECORD }), toString: () => 'RecordOnly' };
    const tracerProvider = new TracerProvider({ sampler: recordOnly, spanProcessors: [processor] });
    const span = tracerProvider.getTracer('scope').startSpan('recorded-only', {}, ROOT_CONTEXT);
    span.end();

    await processor.forceFlush();

    expect(span.isRecording()).toBe(false); // ended
    expect(exporter.requests).toEqual([]);
  });

  it('holds at most maxQueueSize spans while an export is under way, drops the rest, and exports what it held', async () => {
    const exporter = new RecordingExporter();
    exporter.hold = true;
    const processor = new EncodingBatchSpanProcessor({ ...options, exporter });
    const tracerProvider = provider(processor);

    endSpans(tracerProvider, ['1', '2', '3', '4']); // a full batch: its export starts and is held
    endSpans(tracerProvider, ['5', '6', '7', '8', '9', '10', '11', '12', 'dropped-1', 'dropped-2']);
    exporter.release();
    await processor.forceFlush();

    expect(exporter.spanNames()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
  });

  it('rejects forceFlush when the export fails', async () => {
    const exporter = new RecordingExporter();
    exporter.result = { code: ExportResultCode.FAILED, error: new Error('collector said no') };
    const processor = new EncodingBatchSpanProcessor({ ...options, exporter });
    endSpans(provider(processor), ['a']);

    await expect(processor.forceFlush()).rejects.toThrow('collector said no');
  });

  it('flushes on shutdown, shuts the exporter down once, and drops spans ended afterwards', async () => {
    const exporter = new RecordingExporter();
    const processor = new EncodingBatchSpanProcessor({ ...options, exporter, scheduledDelayMillis: 60_000 });
    const tracerProvider = provider(processor);
    endSpans(tracerProvider, ['before']);

    await Promise.all([processor.shutdown(), processor.shutdown()]);
    endSpans(tracerProvider, ['after']);
    await processor.forceFlush();

    expect(exporter.spanNames()).toEqual(['before']);
    expect(exporter.shutdownCalls).toBe(1);
  });

  it('waits for resource attributes still being detected and exports them with the spans', async () => {
    const exporter = new RecordingExporter();
    const processor = new EncodingBatchSpanProcessor({ ...options, exporter });
    const resource = resourceFromAttributes({ 'service.name': 'shop', 'host.id': new Promise<string>((resolve) => setTimeout(() => resolve('host-7'), 30)) });
    endSpans(provider(processor, resource), ['a']);

    await processor.forceFlush();

    const resourceAttributes = ((decodeTraceTree(exporter.requests[0]!.bytes)['resourceSpans'] as Tree[])[0]!['resource'] as Tree)['attributes'] as Tree[];
    expect(resourceAttributes).toContainEqual({ key: 'host.id', value: { stringValue: 'host-7' } });
  });

  it('reuses its buffers from batch to batch without mixing their spans', async () => {
    const exporter = new RecordingExporter();
    const processor = new EncodingBatchSpanProcessor({ ...options, exporter });
    const tracerProvider = provider(processor);
    const names = Array.from({ length: 20 }, (_, index) => `span-${index}`);

    for (const name of names) {
      endSpans(tracerProvider, [name], name.endsWith('7') ? 'other-scope' : 'scope');
      await sleep(0);
    }
    await processor.forceFlush();

    expect(exporter.spanNames().sort()).toEqual([...names].sort());
    expect(exporter.requests.reduce((total, request) => total + request.length, 0)).toBe(20);
  });
});

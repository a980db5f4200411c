import { context, diag, TraceFlags, type Context, type Exception } from '@opentelemetry/api';
import { ExportResultCode, globalErrorHandler, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

import { OtlpTraceEncoder, type SpanGroups } from './otlp-trace.encoder';
import { ProtobufWriter } from './protobuf.writer';

/** One export request, encoded: an OTLP `ExportTraceServiceRequest` of `length` spans. */
export interface EncodedSpans {
  /** Spans in the request. */
  readonly length: number;
  readonly bytes: Uint8Array;
}

/** Where {@link EncodingBatchSpanProcessor} sends its requests (the OTLP/HTTP exporter, or a test's). */
export interface EncodedSpansExporter {
  export(request: EncodedSpans, resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

/** Settings of {@link EncodingBatchSpanProcessor}; the meaning of OpenTelemetry's `BatchSpanProcessor` settings. */
export interface EncodingBatchSpanProcessorOptions {
  exporter: EncodedSpansExporter;
  /** Longest wait of a span before its batch is exported, in milliseconds. */
  scheduledDelayMillis: number;
  /** Spans held (encoded) while waiting for export; further spans are dropped and counted. */
  maxQueueSize: number;
  /** Spans per export request. */
  maxExportBatchSize: number;
  /** One export is abandoned (its promise rejected) after this long, in milliseconds. */
  exportTimeoutMillis: number;
}

/** A batch being filled or waiting for export: its spans' bytes per resource and scope. */
interface Batch {
  groups: SpanGroups;
  length: number;
}

/** Writers kept for the next batches; one grown past this (a burst of huge spans) is let go. */
const MAX_POOLED_WRITER_BYTES = 1024 * 1024;
const INITIAL_SEGMENT_BYTES = 64 * 1024;

/**
 * OpenTelemetry's `BatchSpanProcessor` (3.1) with the encoding moved to the end of each span: a
 * sampled span is written in OTLP/protobuf into its batch's buffer when it ends, and the batch is
 * exported as bytes. Holding ended spans until export made them outlive young-generation
 * collections (copied, then promoted and marked) and made the encoder read 512 spans whose memory
 * had long left the CPU caches; written at `end`, a span is read while it is still in the cache
 * and is garbage as soon as the request lets go of it (docs/adr/0017).
 *
 * Otherwise it behaves as the `BatchSpanProcessor` it replaces: unsampled spans are ignored; at
 * most `maxQueueSize` spans wait (later ones are dropped, counted, and said once at debug level,
 * then at warn level when spans fit again); a batch is exported as soon as it holds
 * `maxExportBatchSize` spans, else `scheduledDelayMillis` after its first span, one export at a
 * time; exports run with tracing suppressed and wait for resources whose attributes are still
 * being detected; `forceFlush` exports everything held; `shutdown` flushes, then shuts the
 * exporter down, and spans ended after it are dropped. The request bytes are those
 * {@link OtlpTraceEncoder.encode} makes from the same spans (spans grouped by resource and scope).
 */
export class EncodingBatchSpanProcessor implements SpanProcessor {
  private readonly encoder = new OtlpTraceEncoder();
  private readonly exporter: EncodedSpansExporter;
  private readonly scheduledDelayMillis: number;
  private readonly maxQueueSize: number;
  private readonly maxExportBatchSize: number;
  private readonly exportTimeoutMillis: number;
  /** Full batches waiting for export, oldest first. */
  private readonly full: Batch[] = [];
  private open: Batch = { groups: new Map(), length: 0 };
  /** Spans in `full` and `open`. */
  private queued = 0;
  private dropped = 0;
  private exporting = false;
  private timer: NodeJS.Timeout | undefined;
  private shutdownPromise: Promise<void> | undefined;
  private readonly freeWriters: ProtobufWriter[] = [];

  constructor(options: EncodingBatchSpanProcessorOptions) {
    this.exporter = options.exporter;
    this.scheduledDelayMillis = options.scheduledDelayMillis;
    this.maxQueueSize = options.maxQueueSize;
    this.maxExportBatchSize = Math.min(options.maxExportBatchSize, options.maxQueueSize);
    this.exportTimeoutMillis = options.exportTimeoutMillis;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.shutdownPromise !== undefined) return;
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queued >= this.maxQueueSize) {
      if (this.dropped === 0) diag.debug('maxQueueSize reached, dropping spans');
      this.dropped += 1;
      return;
    }
    if (this.dropped > 0) {
      diag.warn(`Dropped ${this.dropped} spans because maxQueueSize reached`);
      this.dropped = 0;
    }
    const segment = this.segmentFor(span);
    const before = segment.pos;
    try {
      this.encoder.writeSpan(segment, span);
    } catch (error) {
      // Never into the application's span.end(): the span is left out, its partial bytes too.
      segment.pos = before;
      globalErrorHandler(error as Exception);
      return;
    }
    this.open.length += 1;
    this.queued += 1;
    if (this.open.length >= this.maxExportBatchSize) {
      this.full.push(this.open);
      this.open = { groups: new Map(), length: 0 };
    }
    this.maybeStartTimer();
  }

  forceFlush(): Promise<void> {
    if (this.shutdownPromise !== undefined) return this.shutdownPromise;
    return this.flushAll();
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= Promise.resolve()
      .then(() => this.flushAll())
      .then(() => this.exporter.shutdown());
    return this.shutdownPromise;
  }

  /** The writer of the open batch for the span's resource and scope. */
  private segmentFor(span: ReadableSpan): ProtobufWriter {
    const groups = this.open.groups;
    let byScope = groups.get(span.resource);
    if (byScope === undefined) {
      byScope = new Map();
      groups.set(span.resource, byScope);
    }
    let segment = byScope.get(span.instrumentationScope);
    if (segment === undefined) {
      segment = this.freeWriters.pop() ?? new ProtobufWriter(INITIAL_SEGMENT_BYTES);
      segment.reset();
      byScope.set(span.instrumentationScope, segment);
    }
    return segment;
  }

  /** Every batch held, exported at once (in parallel, as the `BatchSpanProcessor` flushes). */
  private flushAll(): Promise<void> {
    if (this.open.length > 0) {
      this.full.push(this.open);
      this.open = { groups: new Map(), length: 0 };
    }
    const exports: Promise<void>[] = [];
    for (let i = this.full.length; i > 0; i -= 1) exports.push(this.exportOne());
    return Promise.all(exports).then(() => undefined);
  }

  private maybeStartTimer(): void {
    if (this.exporting) return;
    if (this.full.length > 0) {
      this.flushNext();
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => this.flushNext(), this.scheduledDelayMillis);
    this.timer.unref();
  }

  private flushNext(): void {
    this.exporting = true;
    this.exportOne()
      .finally(() => {
        this.exporting = false;
        if (this.queued > 0) {
          this.clearTimer();
          this.maybeStartTimer();
        }
      })
      .catch((error: unknown) => {
        this.exporting = false;
        globalErrorHandler(error as Exception);
      });
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Exports the oldest batch (the open one when none is full); resolves when the exporter succeeded. */
  private exportOne(): Promise<void> {
    this.clearTimer();
    let batch = this.full.shift();
    if (batch === undefined) {
      if (this.open.length === 0) return Promise.resolve();
      batch = this.open;
      this.open = { groups: new Map(), length: 0 };
    }
    this.queued -= batch.length;
    const taken = batch;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Timeout')), this.exportTimeoutMillis);
      context.with(suppressTracing(context.active()), () => {
        const send = (): void => {
          let bytes: Uint8Array;
          try {
            bytes = this.encoder.assemble(taken.groups);
          } catch (error) {
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          } finally {
            this.recycle(taken);
          }
          this.exporter.export({ length: taken.length, bytes }, (result) => {
            clearTimeout(timer);
            if (result.code === ExportResultCode.SUCCESS) resolve();
            else reject(result.error ?? new Error('EncodingBatchSpanProcessor: span export failed'));
          });
        };
        const pending = pendingResources(taken.groups);
        if (pending.length === 0) {
          send();
          return;
        }
        Promise.all(pending.map((resource) => resource.waitForAsyncAttributes?.())).then(send, (error: unknown) => {
          globalErrorHandler(error as Exception);
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      });
    });
  }

  /** The batch's writers back into the pool (its bytes are assembled, or it is given up). */
  private recycle(batch: Batch): void {
    const poolSize = Math.ceil(this.maxQueueSize / this.maxExportBatchSize) + 1;
    for (const byScope of batch.groups.values()) {
      for (const segment of byScope.values()) {
        if (this.freeWriters.length < poolSize && segment.capacity <= MAX_POOLED_WRITER_BYTES) this.freeWriters.push(segment);
      }
    }
    batch.groups.clear();
  }
}

type ResourceOfSpans = ReadableSpan['resource'];

function pendingResources(groups: SpanGroups): ResourceOfSpans[] {
  const pending: ResourceOfSpans[] = [];
  for (const resource of groups.keys()) if (resource.asyncAttributesPending === true && resource.waitForAsyncAttributes !== undefined) pending.push(resource);
  return pending;
}

import type { Attributes, AttributeValue, HrTime, Link } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';

import { ProtobufWriter } from './protobuf.writer';

// Wire types.
const VARINT = 0;
const FIXED64 = 1;
const LENGTH = 2;
const FIXED32 = 5;

/** `SpanFlags`: the low byte is the W3C trace flags; these say whether the parent was remote. */
const CONTEXT_HAS_IS_REMOTE = 0x100;
const CONTEXT_IS_REMOTE = 0x200;

/** Encoded attribute keys kept; a process has a few dozen, so this bound is only a guard. */
const MAX_CACHED_KEYS = 2_048;
/**
 * Encoded key-value pairs kept per key, for string and number values up to 64 characters: most
 * values repeat from span to span (method, scheme, host, port, status code, route), and one copy
 * of the encoded pair costs less than encoding it. A key that has this many is not added to.
 */
const MAX_CACHED_VALUES_PER_KEY = 64;
const MAX_CACHED_VALUE_LENGTH = 64;

/**
 * Encodes spans as an OTLP `ExportTraceServiceRequest` (protobuf) in one pass over the spans,
 * straight from the SDK's `ReadableSpan`s into one reused buffer: spans grouped by resource and
 * instrumentation scope (by identity, as OpenTelemetry's serializer groups them), ids from hex,
 * attributes of every OpenTelemetry value type, events, links, status and flags. The resource and
 * each scope are encoded once and their bytes reused (a resource whose detectors are still
 * pending is encoded afresh each time); attribute keys are encoded once per process.
 *
 * Written because OpenTelemetry's serializer cost about 11 µs of CPU per span of bench:sdk in a
 * micro-benchmark (it sizes the request in a first pass, then writes it, encoding every key, id and
 * string twice), a quarter of the SDK's per-span budget (docs/adr/0015). Not thread-safe: one
 * encoder per exporter, whose exports run on the one event loop.
 */
export class OtlpTraceEncoder {
  private readonly writer = new ProtobufWriter();
  private readonly resources = new WeakMap<Resource, Uint8Array>();
  private readonly scopes = new WeakMap<InstrumentationScope, Uint8Array>();
  private readonly keys = new Map<string, Uint8Array>();
  private readonly pairs = new Map<string, Map<string | number, Uint8Array>>();
  private readonly pairScratch = new ProtobufWriter(512);
  /** Resource and scope fields are encoded here, keys in their own writer (a resource's attributes need keys). */
  private readonly scratch = new ProtobufWriter(4 * 1024);
  private readonly keyScratch = new ProtobufWriter(256);

  /** The request's bytes (a copy the caller may keep), or `undefined` for no spans. */
  encode(spans: readonly ReadableSpan[]): Uint8Array | undefined {
    if (spans.length === 0) return undefined;
    const writer = this.writer;
    writer.reset();
    for (const [resource, scopes] of groupByResourceAndScope(spans)) {
      writer.tag(1, LENGTH); // ExportTraceServiceRequest.resource_spans
      const resourceSpans = writer.beginLength();
      writer.raw(this.resourceField(resource));
      for (const [scope, scopeSpans] of scopes) {
        writer.tag(2, LENGTH); // ResourceSpans.scope_spans
        const scopeStart = writer.beginLength();
        writer.raw(this.scopeField(scope));
        for (const span of scopeSpans) this.span(span);
        if (scope.schemaUrl) {
          writer.tag(3, LENGTH); // ScopeSpans.schema_url
          writer.string(scope.schemaUrl);
        }
        writer.endLength(scopeStart);
      }
      if (resource.schemaUrl) {
        writer.tag(3, LENGTH); // ResourceSpans.schema_url
        writer.string(resource.schemaUrl);
      }
      writer.endLength(resourceSpans);
    }
    return writer.finish();
  }

  /** ScopeSpans.spans (field 2) of one span. */
  private span(span: ReadableSpan): void {
    const writer = this.writer;
    const spanContext = span.spanContext();
    writer.tag(2, LENGTH);
    const start = writer.beginLength();
    writer.tag(1, LENGTH);
    writer.hexBytes(spanContext.traceId);
    writer.tag(2, LENGTH);
    writer.hexBytes(spanContext.spanId);
    const traceState = spanContext.traceState?.serialize();
    if (traceState) {
      writer.tag(3, LENGTH);
      writer.string(traceState);
    }
    const parent = span.parentSpanContext;
    if (parent?.spanId) {
      writer.tag(4, LENGTH);
      writer.hexBytes(parent.spanId);
    }
    writer.tag(5, LENGTH);
    writer.string(span.name);
    // OTLP's SpanKind is the API's plus one (0 is UNSPECIFIED).
    writer.tag(6, VARINT);
    writer.varint(span.kind + 1);
    writer.tag(7, FIXED64);
    writeHrTime(writer, span.startTime);
    writer.tag(8, FIXED64);
    writeHrTime(writer, span.endTime);
    this.attributes(span.attributes, 9);
    if (span.droppedAttributesCount > 0) {
      writer.tag(10, VARINT);
      writer.varint(span.droppedAttributesCount);
    }
    for (const event of span.events) this.event(event);
    if (span.droppedEventsCount > 0) {
      writer.tag(12, VARINT);
      writer.varint(span.droppedEventsCount);
    }
    for (const link of span.links) this.link(link);
    if (span.droppedLinksCount > 0) {
      writer.tag(14, VARINT);
      writer.varint(span.droppedLinksCount);
    }
    writer.tag(15, LENGTH); // Status
    const status = writer.beginLength();
    if (span.status.message) {
      writer.tag(2, LENGTH);
      writer.string(span.status.message);
    }
    if (span.status.code !== 0) {
      writer.tag(3, VARINT);
      writer.varint(span.status.code);
    }
    writer.endLength(status);
    writer.tag(16, FIXED32);
    writer.fixed32(spanFlags(spanContext.traceFlags, parent?.isRemote));
    writer.endLength(start);
  }

  /** Span.events (field 11). */
  private event(event: TimedEvent): void {
    const writer = this.writer;
    writer.tag(11, LENGTH);
    const start = writer.beginLength();
    writer.tag(1, FIXED64);
    writeHrTime(writer, event.time);
    writer.tag(2, LENGTH);
    writer.string(event.name);
    if (event.attributes) this.attributes(event.attributes, 3);
    if (event.droppedAttributesCount) {
      writer.tag(4, VARINT);
      writer.varint(event.droppedAttributesCount);
    }
    writer.endLength(start);
  }

  /** Span.links (field 13). */
  private link(link: Link): void {
    const writer = this.writer;
    writer.tag(13, LENGTH);
    const start = writer.beginLength();
    writer.tag(1, LENGTH);
    writer.hexBytes(link.context.traceId);
    writer.tag(2, LENGTH);
    writer.hexBytes(link.context.spanId);
    const traceState = link.context.traceState?.serialize();
    if (traceState) {
      writer.tag(3, LENGTH);
      writer.string(traceState);
    }
    if (link.attributes) this.attributes(link.attributes, 4);
    if (link.droppedAttributesCount) {
      writer.tag(5, VARINT);
      writer.varint(link.droppedAttributesCount);
    }
    writer.tag(6, FIXED32);
    writer.fixed32(spanFlags(link.context.traceFlags, link.context.isRemote));
    writer.endLength(start);
  }

  /** Repeated KeyValue `field`; `undefined` and `null` values are left out. */
  private attributes(attributes: Attributes, field: number, writer: ProtobufWriter = this.writer): void {
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      if (field === 9 && (typeof value === 'number' || (typeof value === 'string' && value.length <= MAX_CACHED_VALUE_LENGTH))) {
        const pair = this.spanPair(key, value);
        if (pair !== undefined) {
          writer.raw(pair);
          continue;
        }
      }
      writer.tag(field, LENGTH);
      const start = writer.beginLength();
      writer.raw(this.keyField(key));
      writer.tag(2, LENGTH); // KeyValue.value
      const valueStart = writer.beginLength();
      writeAnyValue(writer, value);
      writer.endLength(valueStart);
      writer.endLength(start);
    }
  }

  /**
   * A span attribute (field 9: tag, length, KeyValue) of a short string or a number, encoded once
   * and then copied; `undefined` when the key's cache is full and the value is not in it.
   */
  private spanPair(key: string, value: string | number): Uint8Array | undefined {
    let values = this.pairs.get(key);
    if (values === undefined) {
      if (this.pairs.size >= MAX_CACHED_KEYS) return undefined;
      values = new Map();
      this.pairs.set(key, values);
    }
    const cached = values.get(value);
    if (cached !== undefined) return cached;
    if (values.size >= MAX_CACHED_VALUES_PER_KEY) return undefined;
    const scratch = this.pairScratch;
    scratch.reset();
    scratch.tag(9, LENGTH);
    const start = scratch.beginLength();
    scratch.raw(this.keyField(key));
    scratch.tag(2, LENGTH);
    const valueStart = scratch.beginLength();
    writeAnyValue(scratch, value);
    scratch.endLength(valueStart);
    scratch.endLength(start);
    const encoded = scratch.finish();
    values.set(value, encoded);
    return encoded;
  }

  /** `KeyValue.key` (field 1) with its tag, encoded once per key. */
  private keyField(key: string): Uint8Array {
    let encoded = this.keys.get(key);
    if (encoded !== undefined) return encoded;
    const scratch = this.keyScratch;
    scratch.reset();
    scratch.tag(1, LENGTH);
    scratch.string(key);
    encoded = scratch.finish();
    if (this.keys.size < MAX_CACHED_KEYS) this.keys.set(key, encoded);
    return encoded;
  }

  /** `ResourceSpans.resource` (field 1) with its tag. */
  private resourceField(resource: Resource): Uint8Array {
    const cached = this.resources.get(resource);
    if (cached !== undefined) return cached;
    const scratch = this.scratch;
    scratch.reset();
    scratch.tag(1, LENGTH);
    const start = scratch.beginLength();
    this.attributes(resource.attributes, 1, scratch);
    scratch.endLength(start);
    const encoded = scratch.finish();
    if (resource.asyncAttributesPending !== true) this.resources.set(resource, encoded);
    return encoded;
  }

  /** `ScopeSpans.scope` (field 1) with its tag. */
  private scopeField(scope: InstrumentationScope): Uint8Array {
    const cached = this.scopes.get(scope);
    if (cached !== undefined) return cached;
    const scratch = this.scratch;
    scratch.reset();
    scratch.tag(1, LENGTH);
    const start = scratch.beginLength();
    scratch.tag(1, LENGTH);
    scratch.string(scope.name);
    if (scope.version) {
      scratch.tag(2, LENGTH);
      scratch.string(scope.version);
    }
    scratch.endLength(start);
    const encoded = scratch.finish();
    this.scopes.set(scope, encoded);
    return encoded;
  }
}

function groupByResourceAndScope(spans: readonly ReadableSpan[]): Map<Resource, Map<InstrumentationScope, ReadableSpan[]>> {
  const byResource = new Map<Resource, Map<InstrumentationScope, ReadableSpan[]>>();
  for (const span of spans) {
    let byScope = byResource.get(span.resource);
    if (byScope === undefined) {
      byScope = new Map();
      byResource.set(span.resource, byScope);
    }
    const list = byScope.get(span.instrumentationScope);
    if (list === undefined) byScope.set(span.instrumentationScope, [span]);
    else list.push(span);
  }
  return byResource;
}

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | CONTEXT_HAS_IS_REMOTE | (isRemote === true ? CONTEXT_IS_REMOTE : 0);
}

/**
 * An HrTime ([seconds, nanoseconds]) as fixed64 nanoseconds since the epoch. The product
 * exceeds 2^53, so it is assembled from 16-bit pieces of the seconds, each exact in a double.
 */
function writeHrTime(writer: ProtobufWriter, time: HrTime): void {
  const seconds = time[0];
  const nanos = time[1];
  const lowSeconds = seconds & 0xffff;
  const highSeconds = (seconds / 0x10000) >>> 0;
  const lowProduct = lowSeconds * 1e9; // < 2^46, exact
  const highProduct = highSeconds * 1e9; // × 2^16; < 2^53 until the year 2262
  // `>>> 0` and `& 0xffff` take the low bits of any integer below 2^53, without a division.
  const lowWord = (lowProduct >>> 0) + (highProduct & 0xffff) * 0x10000 + nanos; // < 2^34
  const highWord = ((lowProduct / 0x100000000) >>> 0) + ((highProduct / 0x10000) >>> 0) + ((lowWord / 0x100000000) >>> 0);
  writer.fixed64(lowWord >>> 0, highWord);
}

/** AnyValue: string 1, bool 2, int 3, double 4, array 5, kvlist 6, bytes 7. */
function writeAnyValue(writer: ProtobufWriter, value: AttributeValue | unknown): void {
  switch (typeof value) {
    case 'string':
      writer.tag(1, LENGTH);
      writer.string(value);
      return;
    case 'boolean':
      writer.tag(2, VARINT);
      writer.varint(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isSafeInteger(value)) {
        writer.tag(3, VARINT);
        writer.int64(value);
      } else {
        writer.tag(4, FIXED64);
        writer.double(value);
      }
      return;
    case 'object':
      if (value === null) return;
      if (value instanceof Uint8Array) {
        writer.tag(7, LENGTH);
        writer.bytes(value);
        return;
      }
      if (Array.isArray(value)) {
        writer.tag(5, LENGTH);
        const array = writer.beginLength();
        for (const item of value as unknown[]) {
          writer.tag(1, LENGTH);
          const itemStart = writer.beginLength();
          writeAnyValue(writer, item);
          writer.endLength(itemStart);
        }
        writer.endLength(array);
        return;
      }
      writer.tag(6, LENGTH);
      {
        const list = writer.beginLength();
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          writer.tag(1, LENGTH);
          const pair = writer.beginLength();
          writer.tag(1, LENGTH);
          writer.string(key);
          writer.tag(2, LENGTH);
          const itemStart = writer.beginLength();
          writeAnyValue(writer, item);
          writer.endLength(itemStart);
          writer.endLength(pair);
        }
        writer.endLength(list);
      }
      return;
    default:
      return; // undefined, functions, symbols: an empty AnyValue, as OpenTelemetry writes them
  }
}

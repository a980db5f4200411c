import { createContextKey, trace, type Context, type Span } from '@opentelemetry/api';
import { RPCType, setRPCMetadata, type RPCMetadata } from '@opentelemetry/core';

/** OpenTelemetry's keys for the active span and the RPC metadata (`Symbol.for`, so the same symbols the API and core use). */
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');
const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

/**
 * The context of a traced incoming request, its RPC metadata and the state of its SERVER span, in
 * one object (ADR 0015, "Refined 2026-12-05").
 *
 * Built the usual way, the request's context took two `Context` copies (`trace.setSpan`, then
 * `setRPCMetadata`: each a new object with three closures and a copied `Map`) and a metadata
 * object beside them, on every request. This one answers `getValue` for the span and the RPC
 * metadata (itself: Express, Fastify and NestJS write `route` into it) from its fields and asks the
 * parent (the context extracted from the request's headers) for every other key. `setValue` and
 * `deleteValue` return ordinary contexts built from the same values, made once on first use, so a
 * child span's context is what it would have been.
 */
export class ServerRequestContext implements Context, RPCMetadata {
  readonly type = RPCType.HTTP;
  /** `http.route`, when a framework reports it. */
  route: string | undefined = undefined;
  /** Set once the span has ended (finish or close). */
  ended = false;
  private derived: Context | undefined = undefined;

  constructor(
    private readonly parent: Context,
    readonly span: Span,
    /** `performance.now()` at the start, only when the duration histogram is recorded. */
    readonly startMs: number | undefined,
  ) {}

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.span;
    if (key === RPC_METADATA_KEY) return this;
    return this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.asMapContext().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.asMapContext().deleteValue(key);
  }

  /** The same values in OpenTelemetry's own context type, which copies itself on change. */
  private asMapContext(): Context {
    this.derived ??= setRPCMetadata(trace.setSpan(this.parent, this.span), this);
    return this.derived;
  }
}

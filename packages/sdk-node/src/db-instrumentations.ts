import { context, INVALID_SPAN_CONTEXT, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';

type StartSpan = (tracer: Tracer, name: string, options: SpanOptions | undefined, parent: Context | undefined) => Span;

/**
 * A tracer whose `startSpan` goes through `start`, created once per underlying tracer (the SDK
 * hands an instrumentation a new one only when its tracer provider changes).
 */
class TracerWrapper {
  private wrapped?: { readonly of: Tracer; readonly tracer: Tracer };

  constructor(private readonly start: StartSpan) {}

  of(base: Tracer): Tracer {
    if (this.wrapped?.of !== base) {
      const tracer = Object.create(base) as Tracer;
      tracer.startSpan = (name, options, parent) => this.start(base, name, options, parent);
      this.wrapped = { of: base, tracer };
    }
    return this.wrapped.tracer;
  }
}

/**
 * `@opentelemetry/instrumentation-mysql2` with the `requireParentSpan` its pg, mongodb, ioredis and
 * redis siblings have and it lacks: a query outside any trace (pool warm-up, migrations at boot)
 * gets a non-recording span, which is never exported, instead of a root span of its own.
 */
export class ParentRequiredMySQL2Instrumentation extends MySQL2Instrumentation {
  private readonly parentRequired = new TracerWrapper((tracer, name, options, parent) =>
    trace.getSpan(parent ?? context.active()) === undefined ? trace.wrapSpanContext(INVALID_SPAN_CONTEXT) : tracer.startSpan(name, options, parent),
  );

  // The base constructor may ask for the tracer before this class's fields are set.
  protected override get tracer(): Tracer {
    return this.parentRequired?.of(super.tracer) ?? super.tracer;
  }
}

const COLLECTION = 'db.collection.name';
/** The namespace MongoDB runs database commands in; not a collection. */
const COMMAND_NAMESPACE = '$cmd';
/** The start of an aggregate's query text as {@link maskMongoCommand} writes it. */
const AGGREGATE_TEXT = /^\{"aggregate":("(?:[^"\\]|\\.){1,256}")/;

/**
 * The mongodb instrumentation's query text: every value replaced by `?` (as its default does),
 * except the collection an `aggregate` command names — a name, not data, and the only place it
 * is when the instrumentation takes the command through its generic `$cmd` path.
 */
export function maskMongoCommand(command: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  const isAggregate = typeof command['aggregate'] === 'string' && Array.isArray(command['pipeline']);
  return JSON.stringify(command, function (this: unknown, key, value: unknown) {
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
      return value;
    }
    return isAggregate && this === command && key === 'aggregate' ? value : '?';
  });
}

/**
 * `@opentelemetry/instrumentation-mongodb` naming the collection of an `aggregate` (span
 * `aggregate <collection>`, `db.collection.name`) where the instrumentation reports the command
 * namespace `$cmd`. The name comes from the query text {@link maskMongoCommand} writes.
 */
export class CollectionNamingMongoDBInstrumentation extends MongoDBInstrumentation {
  private readonly collectionNaming = new TracerWrapper((tracer, name, options, parent) => {
    const attributes = options?.attributes;
    if (attributes?.[COLLECTION] !== COMMAND_NAMESPACE) return tracer.startSpan(name, options, parent);
    const quoted = AGGREGATE_TEXT.exec(String(attributes['db.query.text']))?.[1];
    if (quoted === undefined) return tracer.startSpan(name, options, parent);
    const collection = JSON.parse(quoted) as string;
    return tracer.startSpan(`${String(attributes['db.operation.name'])} ${collection}`, { ...options, attributes: { ...attributes, [COLLECTION]: collection } }, parent);
  });

  protected override get tracer(): Tracer {
    return this.collectionNaming?.of(super.tracer) ?? super.tracer;
  }
}

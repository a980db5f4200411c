import type { AnalysisSpan } from './analysis-span';

/** Base of every hand-built trace: a whole second, so millisecond offsets stay exact in nanoseconds. */
const BASE_NS = 1_763_900_000_000_000_000n;
const MS = 1_000_000;

export interface SpanSpec {
  readonly parent?: string | null;
  readonly service?: string;
  readonly name?: string;
  readonly kind?: string;
  /** Milliseconds from the trace base. */
  readonly at: number;
  readonly ms: number;
  readonly error?: boolean;
  readonly attributes?: Record<string, unknown>;
}

/** A span at `at` ms lasting `ms` ms; defaults: service `svc`, internal kind, name = id. */
export function span(id: string, spec: SpanSpec): AnalysisSpan {
  return {
    spanId: id,
    parentSpanId: spec.parent ?? null,
    name: spec.name ?? id,
    kind: spec.kind ?? 'internal',
    serviceName: spec.service ?? 'svc',
    startEpochNs: String(BASE_NS + BigInt(Math.round(spec.at * MS))),
    durationNs: Math.round(spec.ms * MS),
    statusCode: spec.error ? 'error' : 'unset',
    attributes: spec.attributes ?? {},
  };
}

/** A database client call. */
export function dbCall(id: string, parent: string, at: number, ms: number, statement: string, service = 'svc'): AnalysisSpan {
  return span(id, { parent, service, kind: 'client', name: 'SELECT', at, ms, attributes: { 'db.system.name': 'postgresql', 'db.query.text': statement } });
}

/** An HTTP client call to `peer` `path`. */
export function httpCall(id: string, parent: string, at: number, ms: number, path: string, options: { status?: number; service?: string; peer?: string } = {}): AnalysisSpan {
  return span(id, {
    parent,
    service: options.service ?? 'svc',
    kind: 'client',
    name: `GET ${path}`,
    at,
    ms,
    error: (options.status ?? 200) >= 500,
    attributes: {
      'http.request.method': 'GET',
      'server.address': options.peer ?? 'peer',
      'url.full': `http://${options.peer ?? 'peer'}${path}`,
      'http.response.status_code': options.status ?? 200,
    },
  });
}

export const ms = (n: number) => n * MS;

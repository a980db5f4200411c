import { type Attributes, type SpanKind, type SpanRecord, type SpanStatusCode, asDurationNs, asEpochNs } from '@linkscope/domain';

let nextSpanId = 1;

/** A span for tests: server span of `svc` at `startMs`, lasting `durationMs`, with the given attributes. */
export function testSpan(overrides: {
  kind?: SpanKind;
  service?: string;
  name?: string;
  startMs?: number;
  durationMs?: number;
  status?: SpanStatusCode;
  attributes?: Attributes;
  resource?: Attributes;
  parentSpanId?: string | null;
}): SpanRecord {
  const spanId = (nextSpanId++).toString(16).padStart(16, '0');
  return {
    traceId: 'f'.repeat(32),
    spanId,
    parentSpanId: overrides.parentSpanId ?? null,
    name: overrides.name ?? 'GET /x',
    kind: overrides.kind ?? 'server',
    serviceName: overrides.service ?? 'svc',
    startEpochNs: asEpochNs(BigInt(overrides.startMs ?? 1_700_000_000_000) * 1_000_000n),
    durationNs: asDurationNs(Math.round((overrides.durationMs ?? 10) * 1_000_000)),
    statusCode: overrides.status ?? 'unset',
    statusMessage: '',
    attributes: overrides.attributes ?? {},
    resourceAttributes: overrides.resource ?? {},
    scopeName: 'test',
    events: [],
    links: [],
  };
}

import type { DurationNs, EpochNs, SpanView } from '@linkscope/domain';

/** 2025-11-22T08:53:20Z in nanoseconds: far above 2^53, so a float would lose the low digits. */
export const FIXTURE_EPOCH_NS = 1_763_801_600_123_456_789n;

export interface SpanFixture extends Partial<Omit<SpanView, 'startEpochNs' | 'durationNs'>> {
  readonly spanId: string;
  /** Start relative to `FIXTURE_EPOCH_NS`, in nanoseconds. */
  readonly startOffsetNs?: number;
  readonly durationNs?: number;
}

/** A complete `SpanView` for tests: only what a test is about needs saying. */
export function spanView({ startOffsetNs = 0, durationNs = 1_000, ...fields }: SpanFixture): SpanView {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    parentSpanId: null,
    name: `op-${fields.spanId}`,
    kind: 'internal',
    serviceName: 'svc',
    statusCode: 'unset',
    statusMessage: '',
    attributes: {},
    resourceAttributes: {},
    events: [],
    links: [],
    ...fields,
    startEpochNs: String(FIXTURE_EPOCH_NS + BigInt(startOffsetNs)) as EpochNs,
    durationNs: durationNs as DurationNs,
  };
}

import type { TenantScope } from '@linkscope/domain';
import {
  OtlpDecodeError,
  type OtlpEncoding,
  type OtlpSignal,
  decodeLogsRequest,
  decodeMetricsRequest,
  decodeTraceRequest,
} from '@linkscope/otlp';
import type { CollectorMetrics } from './collector-metrics';
import type { IngestPayload, IngestRefusal, TelemetryIngest } from './telemetry-ingest';

interface Decoded {
  readonly payload: IngestPayload;
  readonly rejected: number;
  readonly rejectReasons: Partial<Record<string, number>>;
  readonly truncated: number;
}

/** Each OTLP signal: what its items are called in messages, and its decoder. */
const SIGNALS: Record<OtlpSignal, { noun: string; decode: (body: Buffer, encoding: OtlpEncoding) => Decoded }> = {
  traces: {
    noun: 'span',
    decode: (body, encoding) => {
      const d = decodeTraceRequest(body, encoding);
      return { payload: { signal: 'spans', spans: d.spans }, rejected: d.rejected, rejectReasons: d.rejectReasons, truncated: d.truncation.attributesDropped + d.truncation.valuesTruncated };
    },
  },
  metrics: {
    noun: 'data point',
    decode: (body, encoding) => {
      const d = decodeMetricsRequest(body, encoding);
      return { payload: { signal: 'metrics', points: d.points }, rejected: d.rejected, rejectReasons: d.rejectReasons, truncated: d.truncation.attributesDropped + d.truncation.valuesTruncated };
    },
  },
  logs: {
    noun: 'log record',
    decode: (body, encoding) => {
      const d = decodeLogsRequest(body, encoding);
      return { payload: { signal: 'logs', records: d.records }, rejected: d.rejected, rejectReasons: d.rejectReasons, truncated: d.truncation.attributesDropped + d.truncation.valuesTruncated };
    },
  },
};

/** What one export came to, whatever the transport (OTLP/HTTP or OTLP/gRPC) that carried it. */
export type ExportOutcome =
  | { readonly status: 'accepted'; readonly rejected: number; readonly message: string }
  | { readonly status: 'invalid'; readonly message: string }
  | { readonly status: 'refused'; readonly refusal: IngestRefusal; readonly message: string };

export const THROTTLE_MESSAGES: Record<IngestRefusal['status'], string> = {
  rate_limited: 'this project is sending faster than its ingest rate limit; retry later',
  overloaded: 'ingest queue is above its high-water mark; retry later',
  unavailable: 'ingest queue unavailable; retry later',
};

function describeRejections(noun: string, reasons: Partial<Record<string, number>>): string {
  return Object.entries(reasons)
    .map(([reason, count]) => `${count} ${noun}(s) rejected: ${reason.replaceAll('_', ' ')}`)
    .join('; ');
}

/**
 * Decodes, validates and enqueues one OTLP export for an authenticated tenant. Transports map
 * the outcome to their own statuses; the work and the rules are the same for both.
 */
export class OtlpExportService {
  constructor(
    private readonly ingest: TelemetryIngest,
    private readonly metrics: CollectorMetrics,
  ) {}

  /** The checks made before a body is read: the tenant's rate and the queue's high-water mark. */
  admit(scope: TenantScope, signal: OtlpSignal): ExportOutcome | null {
    const refusal = this.ingest.admit(scope, signal);
    return refusal ? { status: 'refused', refusal, message: THROTTLE_MESSAGES[refusal.status] } : null;
  }

  async export(scope: TenantScope, signal: OtlpSignal, body: Buffer, encoding: OtlpEncoding): Promise<ExportOutcome> {
    const { noun, decode } = SIGNALS[signal];
    let decoded: Decoded;
    try {
      decoded = decode(body, encoding);
    } catch (error) {
      if (error instanceof OtlpDecodeError) return { status: 'invalid', message: error.message };
      throw error;
    }
    this.metrics.rejectedItems(signal, decoded.rejectReasons);
    this.metrics.truncatedValues(signal, decoded.truncated);
    const outcome = await this.ingest.submit(scope, signal, `otlp-${signal}-${encoding}`, body, decoded.payload);
    if (outcome.status !== 'accepted') return { status: 'refused', refusal: outcome, message: THROTTLE_MESSAGES[outcome.status] };
    return { status: 'accepted', rejected: decoded.rejected, message: describeRejections(noun, decoded.rejectReasons) };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { SpanView, TenantScope, TraceDetailResponse, TraceListResponse, TraceSearchResponse } from '@linkscope/domain';
import { type Storage, TraceCursorError } from '@linkscope/storage';
import { type AggregateAnalysis, type TraceAnalysis, type TraceComparison, aggregateAnalyses, analyseTrace, compareTraces } from '@linkscope/trace-analysis';
import { API_CONFIG, type ApiConfig } from '../config';
import { AppError } from '../http/app-error';
import { STORAGE } from '../storage.provider';
import type { TraceAggregateQuery, TraceListQuery, TraceSearchRequest } from './trace-queries.schema';

/** Spans loaded for one aggregate analysis, over every sampled trace. */
const AGGREGATE_MAX_SPANS = 200_000;
/** Log records returned with a trace. */
const TRACE_LOG_LIMIT = 500;

export interface TraceLogsResponse {
  readonly logs: readonly {
    readonly timeEpochNs: string;
    readonly severityText: string;
    readonly severityNumber: number;
    readonly body: string;
    readonly serviceName: string;
    readonly spanId: string | null;
  }[];
}

export interface TraceAggregateResponse extends AggregateAnalysis {
  readonly service: string;
  readonly route: string | null;
  readonly operation: string | null;
  readonly fromMs: number;
  readonly toMs: number;
}

@Injectable()
export class TraceService {
  constructor(
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async list(scope: TenantScope, query: TraceListQuery): Promise<TraceListResponse> {
    const traces = await this.storage.spans.listRecentTraces(scope, {
      nowMs: Date.now(),
      lookbackMinutes: query.lookbackMinutes,
      limit: query.limit,
      ...(query.service ? { serviceName: query.service } : {}),
    });
    return { traces };
  }

  async search(scope: TenantScope, request: TraceSearchRequest): Promise<TraceSearchResponse> {
    try {
      return await this.storage.traceSummaries.search(scope, request);
    } catch (error) {
      if (error instanceof TraceCursorError) throw new AppError('INVALID_REQUEST', `cursor: ${error.message}`);
      throw error;
    }
  }

  async get(scope: TenantScope, traceId: string, aroundEpochMs: number | undefined): Promise<TraceDetailResponse> {
    const trace = await this.load(scope, traceId, aroundEpochMs);
    return { traceId, spans: trace.spans, truncated: trace.truncated };
  }

  async analyse(scope: TenantScope, traceId: string, aroundEpochMs: number | undefined, includeSelfTimes: boolean): Promise<TraceAnalysis & { traceId: string; truncated: boolean }> {
    const trace = await this.load(scope, traceId, aroundEpochMs);
    return { traceId, truncated: trace.truncated, ...analyseTrace(trace.spans, { includeSelfTimes }) };
  }

  async logs(scope: TenantScope, traceId: string, aroundEpochMs: number): Promise<TraceLogsResponse> {
    const records = await this.storage.logs.listForTrace(scope, traceId, { aroundEpochMs, limit: TRACE_LOG_LIMIT });
    return {
      logs: records.map((r) => ({ timeEpochNs: r.timeEpochNs, severityText: r.severityText, severityNumber: r.severityNumber, body: r.body, serviceName: r.serviceName, spanId: r.spanId })),
    };
  }

  async compare(scope: TenantScope, base: { traceId: string; aroundEpochMs?: number }, other: { traceId: string; aroundEpochMs?: number }): Promise<TraceComparison & { baseTraceId: string; otherTraceId: string }> {
    const [a, b] = await Promise.all([this.load(scope, base.traceId, base.aroundEpochMs), this.load(scope, other.traceId, other.aroundEpochMs)]);
    return { baseTraceId: base.traceId, otherTraceId: other.traceId, ...compareTraces(a.spans, b.spans) };
  }

  /**
   * What makes one URI slow: the newest `sample` traces whose root is that service and route (or
   * operation) in the window, each analysed, then aggregated (critical-path share of p95/p99 per
   * operation, how often each finding occurs).
   */
  async aggregate(scope: TenantScope, query: TraceAggregateQuery): Promise<TraceAggregateResponse> {
    const toMs = Date.now();
    const fromMs = toMs - query.lookbackMinutes * 60_000;
    const where = {
      op: 'and' as const,
      args: [
        { op: 'match' as const, field: 'root.service' as const, value: query.service, prefix: false },
        query.route !== undefined
          ? { op: 'match' as const, field: 'root.route' as const, value: query.route, prefix: false }
          : { op: 'match' as const, field: 'root.operation' as const, value: query.operation!, prefix: false },
      ],
    };
    const { traces } = await this.storage.traceSummaries.search(scope, { fromMs, toMs, where, sort: 'newest', limit: query.sample });
    const spans = await this.storage.spans.getSpansOfTraces(scope, traces.map((t) => t.traceId), fromMs, toMs, AGGREGATE_MAX_SPANS);
    const analysed = [...spans].map(([traceId, list]) => ({ traceId, analysis: analyseTrace(list) }));
    return { service: query.service, route: query.route ?? null, operation: query.operation ?? null, fromMs, toMs, ...aggregateAnalyses(analysed) };
  }

  private async load(scope: TenantScope, traceId: string, aroundEpochMs: number | undefined): Promise<{ spans: SpanView[]; truncated: boolean }> {
    const trace = await this.storage.spans.getTrace(scope, traceId, {
      nowMs: Date.now(),
      lookbackDays: this.config.traceLookbackDays,
      ...(aroundEpochMs !== undefined ? { aroundEpochMs } : {}),
    });
    if (!trace) throw new AppError('NOT_FOUND', `trace ${traceId} not found`);
    return trace;
  }
}

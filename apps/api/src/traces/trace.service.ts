import { Inject, Injectable } from '@nestjs/common';
import type { TenantScope, TraceDetailResponse, TraceListResponse } from '@linkscope/domain';
import type { Storage } from '@linkscope/storage';
import { API_CONFIG, type ApiConfig } from '../config';
import { AppError } from '../http/app-error';
import { STORAGE } from '../storage.provider';
import type { TraceListQuery } from './trace-queries.schema';

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

  async get(scope: TenantScope, traceId: string, aroundEpochMs: number | undefined): Promise<TraceDetailResponse> {
    const trace = await this.storage.spans.getTrace(scope, traceId, {
      nowMs: Date.now(),
      lookbackDays: this.config.traceLookbackDays,
      ...(aroundEpochMs !== undefined ? { aroundEpochMs } : {}),
    });
    if (!trace) throw new AppError('NOT_FOUND', `trace ${traceId} not found`);
    return { traceId, spans: trace.spans, truncated: trace.truncated };
  }
}

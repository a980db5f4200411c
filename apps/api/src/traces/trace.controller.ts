import { Controller, Get, Param, Query } from '@nestjs/common';
import type { TenantScope, TraceDetailResponse, TraceListResponse, TraceSearchResponse } from '@linkscope/domain';
import { Scope } from '../auth/scope';
import {
  traceAggregateQuerySchema,
  traceAnalysisQuerySchema,
  traceCompareQuerySchema,
  traceIdSchema,
  traceListQuerySchema,
  traceLookupQuerySchema,
  traceSearchQuerySchema,
} from './trace-queries.schema';
import { TraceService } from './trace.service';

/** Fixed paths come before `:traceId`, which would otherwise take them. */
@Controller('api/v1/traces')
export class TraceController {
  constructor(private readonly traces: TraceService) {}

  @Get()
  list(@Scope() scope: TenantScope, @Query() query: unknown): Promise<TraceListResponse> {
    return this.traces.list(scope, traceListQuerySchema.parse(query));
  }

  @Get('search')
  search(@Scope() scope: TenantScope, @Query() query: unknown): Promise<TraceSearchResponse> {
    return this.traces.search(scope, traceSearchQuerySchema.parse(query));
  }

  @Get('compare')
  compare(@Scope() scope: TenantScope, @Query() query: unknown) {
    const q = traceCompareQuerySchema.parse(query);
    return this.traces.compare(
      scope,
      { traceId: q.base, ...(q.baseStartEpochMs !== undefined ? { aroundEpochMs: q.baseStartEpochMs } : {}) },
      { traceId: q.other, ...(q.otherStartEpochMs !== undefined ? { aroundEpochMs: q.otherStartEpochMs } : {}) },
    );
  }

  @Get('aggregate')
  aggregate(@Scope() scope: TenantScope, @Query() query: unknown) {
    return this.traces.aggregate(scope, traceAggregateQuerySchema.parse(query));
  }

  @Get(':traceId')
  get(@Scope() scope: TenantScope, @Param('traceId') traceId: string, @Query() query: unknown): Promise<TraceDetailResponse> {
    return this.traces.get(scope, traceIdSchema.parse(traceId), traceLookupQuerySchema.parse(query).startEpochMs);
  }

  @Get(':traceId/analysis')
  analysis(@Scope() scope: TenantScope, @Param('traceId') traceId: string, @Query() query: unknown) {
    const q = traceAnalysisQuerySchema.parse(query);
    return this.traces.analyse(scope, traceIdSchema.parse(traceId), q.startEpochMs, q.selfTimes);
  }

  @Get(':traceId/logs')
  logs(@Scope() scope: TenantScope, @Param('traceId') traceId: string, @Query() query: unknown) {
    const startEpochMs = traceLookupQuerySchema.required().parse(query).startEpochMs;
    return this.traces.logs(scope, traceIdSchema.parse(traceId), startEpochMs);
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import type { TenantScope, TraceDetailResponse, TraceListResponse } from '@linkscope/domain';
import { Scope } from '../auth/scope';
import { traceIdSchema, traceListQuerySchema, traceLookupQuerySchema } from './trace-queries.schema';
import { TraceService } from './trace.service';

@Controller('api/v1/traces')
export class TraceController {
  constructor(private readonly traces: TraceService) {}

  @Get()
  list(@Scope() scope: TenantScope, @Query() query: unknown): Promise<TraceListResponse> {
    return this.traces.list(scope, traceListQuerySchema.parse(query));
  }

  @Get(':traceId')
  get(@Scope() scope: TenantScope, @Param('traceId') traceId: string, @Query() query: unknown): Promise<TraceDetailResponse> {
    return this.traces.get(scope, traceIdSchema.parse(traceId), traceLookupQuerySchema.parse(query).startEpochMs);
  }
}

import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { TraceDetailResponse, TraceListResponse } from '@linkscope/domain';
import { API_CONFIG, type ApiConfig } from '../config';
import { traceIdSchema, traceListQuerySchema, traceLookupQuerySchema } from './trace-queries.schema';
import { TraceService } from './trace.service';

@Controller('api/v1/traces')
export class TraceController {
  constructor(
    private readonly traces: TraceService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get()
  list(@Query() query: unknown): Promise<TraceListResponse> {
    return this.traces.list(this.config.devScope, traceListQuerySchema.parse(query));
  }

  @Get(':traceId')
  get(@Param('traceId') traceId: string, @Query() query: unknown): Promise<TraceDetailResponse> {
    return this.traces.get(this.config.devScope, traceIdSchema.parse(traceId), traceLookupQuerySchema.parse(query).startEpochMs);
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import type { LayerEntityListResponse, LayerOverviewResponse, LayerSeriesResponse, TenantScope, TraceListResponse } from '@linkscope/domain';
import { Scope } from '../auth/scope';
import { entityListQuerySchema, entityTracesQuerySchema, layerParamSchema, overviewQuerySchema, seriesQuerySchema } from './layer-queries.schema';
import { LayerService } from './layer.service';

@Controller('api/v1/layers')
export class LayerController {
  constructor(private readonly layers: LayerService) {}

  @Get('overview')
  overview(@Scope() scope: TenantScope, @Query() query: unknown): Promise<LayerOverviewResponse> {
    return this.layers.overview(scope, overviewQuerySchema.parse(query));
  }

  @Get(':layer/entities')
  entities(@Scope() scope: TenantScope, @Param('layer') layer: string, @Query() query: unknown): Promise<LayerEntityListResponse> {
    return this.layers.entities(scope, layerParamSchema.parse(layer), entityListQuerySchema.parse(query));
  }

  @Get(':layer/series')
  series(@Scope() scope: TenantScope, @Param('layer') layer: string, @Query() query: unknown): Promise<LayerSeriesResponse> {
    return this.layers.series(scope, layerParamSchema.parse(layer), seriesQuerySchema.parse(query));
  }

  @Get(':layer/traces')
  traces(@Scope() scope: TenantScope, @Param('layer') layer: string, @Query() query: unknown): Promise<TraceListResponse> {
    return this.layers.traces(scope, layerParamSchema.parse(layer), entityTracesQuerySchema.parse(query));
  }
}

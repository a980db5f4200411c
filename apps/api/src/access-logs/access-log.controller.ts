import { Controller, Get, Query } from '@nestjs/common';
import { type AccessLogSummaryResponse, type TenantScope, accessLogSummaryQuerySchema } from '@linkscope/domain';
import { Scope } from '../auth/scope';
import { AccessLogService } from './access-log.service';

/** What the access-log agents shipped, beyond the per-route figures of the URI layer. */
@Controller('api/v1/access-logs')
export class AccessLogController {
  constructor(private readonly accessLogs: AccessLogService) {}

  @Get('summary')
  summary(@Scope() scope: TenantScope, @Query() query: unknown): Promise<AccessLogSummaryResponse> {
    return this.accessLogs.summary(scope, accessLogSummaryQuerySchema.parse(query));
  }
}

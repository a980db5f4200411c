import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { SendOutcome } from '@linkscope/alerting';
import type { AlertRule, AlertView, ChannelView, Silence, TenantScope } from '@linkscope/domain';
import { Scope } from '../auth/scope';
import { ackBodySchema, alertHistoryQuerySchema, enableBodySchema, fingerprintSchema, objectIdSchema } from './alert-queries.schema';
import { AlertingService } from './alerting.service';

@Controller('api/v1/alert-rules')
export class AlertRuleController {
  constructor(private readonly alerting: AlertingService) {}

  @Get()
  async list(@Scope() scope: TenantScope): Promise<{ rules: AlertRule[] }> {
    return { rules: await this.alerting.listRules(scope) };
  }

  @Post()
  create(@Scope() scope: TenantScope, @Body() body: unknown): Promise<AlertRule> {
    return this.alerting.createRule(scope, body);
  }

  @Get(':id')
  get(@Scope() scope: TenantScope, @Param('id') id: string): Promise<AlertRule> {
    return this.alerting.getRule(scope, objectIdSchema.parse(id));
  }

  @Patch(':id')
  replace(@Scope() scope: TenantScope, @Param('id') id: string, @Body() body: unknown): Promise<AlertRule> {
    return this.alerting.replaceRule(scope, objectIdSchema.parse(id), body);
  }

  @Post(':id/enabled')
  @HttpCode(200)
  enable(@Scope() scope: TenantScope, @Param('id') id: string, @Body() body: unknown): Promise<AlertRule> {
    return this.alerting.setRuleEnabled(scope, objectIdSchema.parse(id), enableBodySchema.parse(body).enabled);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Scope() scope: TenantScope, @Param('id') id: string): Promise<void> {
    return this.alerting.deleteRule(scope, objectIdSchema.parse(id));
  }
}

@Controller('api/v1/alert-channels')
export class AlertChannelController {
  constructor(private readonly alerting: AlertingService) {}

  @Get()
  async list(@Scope() scope: TenantScope): Promise<{ channels: ChannelView[] }> {
    return { channels: await this.alerting.listChannels(scope) };
  }

  @Post()
  create(@Scope() scope: TenantScope, @Body() body: unknown): Promise<ChannelView> {
    return this.alerting.createChannel(scope, body);
  }

  @Get(':id')
  get(@Scope() scope: TenantScope, @Param('id') id: string): Promise<ChannelView> {
    return this.alerting.getChannel(scope, objectIdSchema.parse(id));
  }

  @Patch(':id')
  replace(@Scope() scope: TenantScope, @Param('id') id: string, @Body() body: unknown): Promise<ChannelView> {
    return this.alerting.replaceChannel(scope, objectIdSchema.parse(id), body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Scope() scope: TenantScope, @Param('id') id: string): Promise<void> {
    return this.alerting.deleteChannel(scope, objectIdSchema.parse(id));
  }

  @Post(':id/test')
  @HttpCode(200)
  test(@Scope() scope: TenantScope, @Param('id') id: string): Promise<SendOutcome> {
    return this.alerting.testChannel(scope, objectIdSchema.parse(id));
  }
}

@Controller('api/v1/silences')
export class SilenceController {
  constructor(private readonly alerting: AlertingService) {}

  @Get()
  async list(@Scope() scope: TenantScope): Promise<{ silences: Silence[] }> {
    return { silences: await this.alerting.listSilences(scope) };
  }

  @Post()
  create(@Scope() scope: TenantScope, @Body() body: unknown): Promise<Silence> {
    return this.alerting.createSilence(scope, body);
  }

  @Post(':id/expire')
  @HttpCode(200)
  expire(@Scope() scope: TenantScope, @Param('id') id: string): Promise<Silence> {
    return this.alerting.expireSilence(scope, objectIdSchema.parse(id));
  }
}

@Controller('api/v1/alerts')
export class AlertHistoryController {
  constructor(private readonly alerting: AlertingService) {}

  @Get()
  list(@Scope() scope: TenantScope, @Query() query: unknown): Promise<{ alerts: AlertView[] }> {
    return this.alerting.history(scope, alertHistoryQuerySchema.parse(query));
  }

  @Post(':fingerprint/ack')
  @HttpCode(200)
  ack(@Scope() scope: TenantScope, @Param('fingerprint') fingerprint: string, @Body() body: unknown): Promise<{ fingerprint: string; acknowledgedAtMs: number }> {
    return this.alerting.acknowledge(scope, fingerprintSchema.parse(fingerprint), ackBodySchema.parse(body ?? {}).by);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { RulePreview, SendOutcome } from '@linkscope/alerting';
import type { AlertRule, AlertView, ChannelView, Silence, TenantScope } from '@linkscope/domain';
import { RequirePermission } from '../auth/auth.decorators';
import { Auth, type RequestAuth } from '../auth/request-auth';
import { Scope } from '../auth/scope';
import { ackBodySchema, alertHistoryQuerySchema, enableBodySchema, fingerprintSchema, objectIdSchema } from './alert-queries.schema';
import { AlertingService } from './alerting.service';

/**
 * Who acknowledged: the signed-in user (or API token) the guard resolved; a note the client sends
 * is kept after it, never in its place.
 */
function acknowledgedBy(auth: RequestAuth, note: string): string {
  return note === 'dashboard' ? auth.actor.email : `${auth.actor.email} (${note})`;
}

/** Viewers read; members edit rules, silence and acknowledge; admins manage channels. */
@Controller('api/v1/alert-rules')
export class AlertRuleController {
  constructor(private readonly alerting: AlertingService) {}

  @Get()
  async list(@Scope() scope: TenantScope): Promise<{ rules: AlertRule[] }> {
    return { rules: await this.alerting.listRules(scope) };
  }

  @RequirePermission('rules:write')
  @Post()
  create(@Scope() scope: TenantScope, @Body() body: unknown): Promise<AlertRule> {
    return this.alerting.createRule(scope, body);
  }

  @Get(':id')
  get(@Scope() scope: TenantScope, @Param('id') id: string): Promise<AlertRule> {
    return this.alerting.getRule(scope, objectIdSchema.parse(id));
  }

  /** What the rule would have done over the last hour (or `lookbackMinutes`): replayed, nothing sent. A replay stores nothing, so readers may run it. */
  @RequirePermission('project:read')
  @Post('preview')
  @HttpCode(200)
  preview(@Scope() scope: TenantScope, @Body() body: unknown): Promise<RulePreview> {
    return this.alerting.previewRule(scope, body);
  }

  @RequirePermission('rules:write')
  @Patch(':id')
  replace(@Scope() scope: TenantScope, @Param('id') id: string, @Body() body: unknown): Promise<AlertRule> {
    return this.alerting.replaceRule(scope, objectIdSchema.parse(id), body);
  }

  @RequirePermission('rules:write')
  @Post(':id/enabled')
  @HttpCode(200)
  enable(@Scope() scope: TenantScope, @Param('id') id: string, @Body() body: unknown): Promise<AlertRule> {
    return this.alerting.setRuleEnabled(scope, objectIdSchema.parse(id), enableBodySchema.parse(body).enabled);
  }

  @RequirePermission('rules:write')
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

  @RequirePermission('channels:write')
  @Post()
  create(@Scope() scope: TenantScope, @Body() body: unknown): Promise<ChannelView> {
    return this.alerting.createChannel(scope, body);
  }

  @Get(':id')
  get(@Scope() scope: TenantScope, @Param('id') id: string): Promise<ChannelView> {
    return this.alerting.getChannel(scope, objectIdSchema.parse(id));
  }

  @RequirePermission('channels:write')
  @Patch(':id')
  replace(@Scope() scope: TenantScope, @Param('id') id: string, @Body() body: unknown): Promise<ChannelView> {
    return this.alerting.replaceChannel(scope, objectIdSchema.parse(id), body);
  }

  @RequirePermission('channels:write')
  @Delete(':id')
  @HttpCode(204)
  remove(@Scope() scope: TenantScope, @Param('id') id: string): Promise<void> {
    return this.alerting.deleteChannel(scope, objectIdSchema.parse(id));
  }

  @RequirePermission('channels:write')
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

  @RequirePermission('alerts:write')
  @Post()
  create(@Scope() scope: TenantScope, @Body() body: unknown): Promise<Silence> {
    return this.alerting.createSilence(scope, body);
  }

  @RequirePermission('alerts:write')
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

  @RequirePermission('alerts:write')
  @Post(':fingerprint/ack')
  @HttpCode(200)
  ack(@Scope() scope: TenantScope, @Auth() auth: RequestAuth, @Param('fingerprint') fingerprint: string, @Body() body: unknown): Promise<{ fingerprint: string; acknowledgedAtMs: number }> {
    return this.alerting.acknowledge(scope, fingerprintSchema.parse(fingerprint), acknowledgedBy(auth, ackBodySchema.parse(body ?? {}).by));
  }
}

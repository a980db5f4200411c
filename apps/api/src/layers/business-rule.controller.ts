import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import type { BusinessRule, TenantScope } from '@linkscope/domain';
import { RequirePermission } from '../auth/auth.decorators';
import { Scope } from '../auth/scope';
import { BusinessRuleService, businessRuleIdSchema } from './business-rule.service';

/** Business rules of the scope's project: name a transaction by service, route, span name or attributes, and say when it succeeded. */
@Controller('api/v1/business-rules')
export class BusinessRuleController {
  constructor(private readonly rules: BusinessRuleService) {}

  @Get()
  async list(@Scope() scope: TenantScope): Promise<{ rules: BusinessRule[] }> {
    return { rules: await this.rules.list(scope) };
  }

  @RequirePermission('rules:write')
  @Post()
  create(@Scope() scope: TenantScope, @Body() body: unknown): Promise<BusinessRule> {
    return this.rules.create(scope, body);
  }

  @Get(':id')
  get(@Scope() scope: TenantScope, @Param('id') id: string): Promise<BusinessRule> {
    return this.rules.get(scope, businessRuleIdSchema.parse(id));
  }

  @RequirePermission('rules:write')
  @Put(':id')
  replace(@Scope() scope: TenantScope, @Param('id') id: string, @Body() body: unknown): Promise<BusinessRule> {
    return this.rules.replace(scope, businessRuleIdSchema.parse(id), body);
  }

  @RequirePermission('rules:write')
  @Delete(':id')
  @HttpCode(204)
  remove(@Scope() scope: TenantScope, @Param('id') id: string): Promise<void> {
    return this.rules.delete(scope, businessRuleIdSchema.parse(id));
  }
}

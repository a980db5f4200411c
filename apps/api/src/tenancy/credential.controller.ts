import { Body, Controller, Delete, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { type ApiTokenView, type AuditEntryView, createApiTokenSchema, createIngestKeySchema, type IngestKeyView, type TenantScope } from '@linkscope/domain';
import type { Tenancy } from '@linkscope/tenancy';
import { TENANCY } from '../tenancy.provider';
import { RequirePermission } from '../auth/auth.decorators';
import { Org, type OrgContext } from '../auth/request-auth';
import { Scope } from '../auth/scope';
import { auditQuerySchema, objectIdSchema } from './tenancy-params.schema';

/** Ingest keys of the selected project, API tokens and the audit log of the organisation. */
@Controller('api/v1')
export class CredentialController {
  constructor(@Inject(TENANCY) private readonly tenancy: Tenancy) {}

  @RequirePermission('keys:manage')
  @Get('ingest-keys')
  async ingestKeys(@Scope() scope: TenantScope): Promise<{ keys: IngestKeyView[] }> {
    return { keys: await this.tenancy.credentials.listIngestKeys(scope) };
  }

  /** The secret is in this answer only. */
  @RequirePermission('keys:manage')
  @Post('ingest-keys')
  createIngestKey(@Scope() scope: TenantScope, @Org() org: OrgContext, @Body() body: unknown): Promise<{ key: IngestKeyView; secret: string }> {
    return this.tenancy.credentials.createIngestKey(scope, org.actor, createIngestKeySchema.parse(body).name);
  }

  @RequirePermission('keys:manage')
  @Post('ingest-keys/:id/rotate')
  rotateIngestKey(@Scope() scope: TenantScope, @Org() org: OrgContext, @Param('id') id: string): Promise<{ key: IngestKeyView; secret: string }> {
    return this.tenancy.credentials.rotateIngestKey(scope, org.actor, objectIdSchema.parse(id));
  }

  @RequirePermission('keys:manage')
  @Delete('ingest-keys/:id')
  revokeIngestKey(@Scope() scope: TenantScope, @Org() org: OrgContext, @Param('id') id: string): Promise<IngestKeyView> {
    return this.tenancy.credentials.revokeIngestKey(scope, org.actor, objectIdSchema.parse(id));
  }

  @RequirePermission('tokens:manage')
  @Get('api-tokens')
  async apiTokens(@Org() org: OrgContext): Promise<{ tokens: ApiTokenView[] }> {
    return { tokens: await this.tenancy.credentials.listApiTokens(org) };
  }

  @RequirePermission('tokens:manage')
  @Post('api-tokens')
  createApiToken(@Org() org: OrgContext, @Body() body: unknown): Promise<{ token: ApiTokenView; secret: string }> {
    return this.tenancy.credentials.createApiToken(org, org.actor, org.role, createApiTokenSchema.parse(body));
  }

  @RequirePermission('tokens:manage')
  @Delete('api-tokens/:id')
  revokeApiToken(@Org() org: OrgContext, @Param('id') id: string): Promise<ApiTokenView> {
    return this.tenancy.credentials.revokeApiToken(org, org.actor, objectIdSchema.parse(id));
  }

  @RequirePermission('audit:read')
  @Get('audit')
  audit(@Org() org: OrgContext, @Query() query: unknown): Promise<{ entries: AuditEntryView[]; next: string | null }> {
    const input = auditQuerySchema.parse(query);
    return this.tenancy.organisations.auditLog(org, input.limit, input.after);
  }
}

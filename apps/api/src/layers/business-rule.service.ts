import { Inject, Injectable } from '@nestjs/common';
import { type BusinessRule, type TenantScope, businessRuleInputSchema } from '@linkscope/domain';
import { BusinessRuleLimitError, type Storage } from '@linkscope/storage';
import { z } from 'zod';
import { AppError } from '../http/app-error';
import { STORAGE } from '../storage.provider';

export const businessRuleIdSchema = z.string().regex(/^br-[0-9a-z]{9}[0-9a-f]{8}$/, 'not a business rule id');

/** Business rules through the API: validated at the edge, stored per project; the workers apply them at ingest. */
@Injectable()
export class BusinessRuleService {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  list(scope: TenantScope): Promise<BusinessRule[]> {
    return this.storage.businessRules.list(scope);
  }

  async get(scope: TenantScope, id: string): Promise<BusinessRule> {
    const rule = await this.storage.businessRules.get(scope, id);
    if (!rule) throw new AppError('NOT_FOUND', `no business rule ${id}`);
    return rule;
  }

  async create(scope: TenantScope, body: unknown): Promise<BusinessRule> {
    const input = businessRuleInputSchema.parse(body);
    try {
      return await this.storage.businessRules.create(scope, input);
    } catch (error) {
      if (error instanceof BusinessRuleLimitError) throw new AppError('INVALID_REQUEST', error.message);
      throw error;
    }
  }

  async replace(scope: TenantScope, id: string, body: unknown): Promise<BusinessRule> {
    const rule = await this.storage.businessRules.replace(scope, id, businessRuleInputSchema.parse(body));
    if (!rule) throw new AppError('NOT_FOUND', `no business rule ${id}`);
    return rule;
  }

  async delete(scope: TenantScope, id: string): Promise<void> {
    if (!(await this.storage.businessRules.delete(scope, id))) throw new AppError('NOT_FOUND', `no business rule ${id}`);
  }
}

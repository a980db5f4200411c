import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Storage } from '@linkscope/storage';
import { Public } from './auth/auth.decorators';
import { STORAGE } from './storage.provider';

@Public()
@Controller('api')
export class HealthController {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  @Get('healthz')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(): Promise<{ status: string }> {
    if (!(await this.storage.isHealthy())) throw new ServiceUnavailableException('elasticsearch unavailable');
    return { status: 'ready' };
  }
}

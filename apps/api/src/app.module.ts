import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { AccessLogController } from './access-logs/access-log.controller';
import { AccessLogService } from './access-logs/access-log.service';
import { AlertChannelController, AlertHistoryController, AlertRuleController, SilenceController } from './alerts/alerting.controller';
import { AlertingService } from './alerts/alerting.service';
import { AuthController } from './auth/auth.controller';
import { ScopeGuard } from './auth/scope';
import { API_CONFIG, type ApiConfig } from './config';
import { HealthController } from './health.controller';
import { BusinessRuleController } from './layers/business-rule.controller';
import { BusinessRuleService } from './layers/business-rule.service';
import { LayerController } from './layers/layer.controller';
import { LayerService } from './layers/layer.service';
import { storageProvider } from './storage.provider';
import { tenancyProvider } from './tenancy.provider';
import { CredentialController } from './tenancy/credential.controller';
import { OrganisationController } from './tenancy/organisation.controller';
import { TraceController } from './traces/trace.controller';
import { TraceService } from './traces/trace.service';

@Module({})
export class AppModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServeStaticModule.forRoot({ rootPath: config.dashboardDir, exclude: ['/api/{*path}'] })],
      controllers: [HealthController, TraceController, AlertRuleController, AlertChannelController, SilenceController, AlertHistoryController, LayerController, AccessLogController, BusinessRuleController, AuthController, OrganisationController, CredentialController],
      providers: [{ provide: API_CONFIG, useValue: config }, { provide: APP_GUARD, useClass: ScopeGuard }, storageProvider, tenancyProvider, TraceService, AlertingService, LayerService, AccessLogService, BusinessRuleService],
    };
  }
}

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Storage } from '@linkscope/storage';
import type { Tenancy } from '@linkscope/tenancy';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { ErrorFilter } from './http/error.filter';
import { bodyErrors, securityHeaders } from './http/security-headers';
import { STORAGE } from './storage.provider';
import { TENANCY } from './tenancy.provider';

function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { logger: ['error', 'warn', 'log'], bodyParser: false });
  app.set('trust proxy', trustProxySetting(config.auth.trustProxy));
  app.use(securityHeaders(config.auth.cookieSecure));
  app.useBodyParser('json', { limit: config.maxBodyBytes });
  app.use(bodyErrors(config.maxBodyBytes));
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  app.getHttpAdapter().getInstance().disable('x-powered-by');

  const storage = app.get<Storage>(STORAGE);
  await storage.configStore.ensureIndex();
  if (config.demoSeed) {
    const seed = config.demoSeed;
    await app.get<Tenancy>(TENANCY).seedDemo({ ...seed, organisationName: 'Demo' });
    console.log(JSON.stringify({ level: 'info', service: 'api', msg: 'demo organisation ready', organisation: seed.tenantId, project: seed.projectId, login: seed.email }));
  }

  await app.listen(config.port, config.host);
  console.log(JSON.stringify({ level: 'info', service: 'api', msg: 'api listening', url: `http://${config.host}:${config.port}` }));
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', service: 'api', msg: 'api failed to start', error: (error as Error).message }));
  process.exit(1);
});

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { ErrorFilter } from './http/error.filter';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.register(config), { logger: ['error', 'warn', 'log'] });
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  await app.listen(config.port, config.host);
  console.log(JSON.stringify({ level: 'info', service: 'api', msg: 'api listening', url: `http://${config.host}:${config.port}` }));
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', service: 'api', msg: 'api failed to start', error: (error as Error).message }));
  process.exit(1);
});

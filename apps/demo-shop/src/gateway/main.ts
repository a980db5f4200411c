import { runService } from '../shared/service-main';
import { loadGatewayConfig } from './gateway.config';

runService('demo-gateway', () => loadGatewayConfig(), async (config, logger) => {
  // Loaded after init() so node:http, undici and ioredis are instrumented (see runService).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startGatewayServer } = require('./gateway.server') as typeof import('./gateway.server');
  return startGatewayServer(config, logger);
});

import { runService } from '../shared/service-main';
import { loadOrdersConfig } from './orders.config';

runService('demo-orders', () => loadOrdersConfig(), async (config, logger) => {
  // Loaded after init() so node:http, undici and ioredis are instrumented (see runService).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startOrdersServer } = require('./orders.server') as typeof import('./orders.server');
  return startOrdersServer(config, logger);
});

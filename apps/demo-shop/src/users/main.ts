import { runService } from '../shared/service-main';
import { loadUsersConfig } from './users.config';

runService('demo-users', () => loadUsersConfig(), async (config, logger) => {
  // Loaded after init() so node:http and ioredis are instrumented (see runService).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startUsersServer } = require('./users.server') as typeof import('./users.server');
  return startUsersServer(config, logger);
});

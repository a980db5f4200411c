import { runService } from '../shared/service-main';
import { loadCatalogueConfig } from './catalogue.config';

runService('demo-catalogue', () => loadCatalogueConfig(), async (config, logger) => {
  // Loaded after init() so node:http and ioredis are instrumented (see runService).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startCatalogueServer } = require('./catalogue.server') as typeof import('./catalogue.server');
  return startCatalogueServer(config, logger);
});

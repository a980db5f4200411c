import { init } from '@linkscope/sdk-node';

import { createJsonLogger } from '../shared/json-logger';
import { closeServer, exitAfterShutdownOnSignal, loadConfigOrExit } from '../shared/process-lifecycle';
import { DEMO_ENVIRONMENT } from '../shared/shared.config';
import { loadCatalogueConfig } from './catalogue.config';

const SERVICE_NAME = 'demo-catalogue';
const logger = createJsonLogger(SERVICE_NAME);
const config = loadConfigOrExit(logger, () => loadCatalogueConfig());

// Signal handling stays with this file (below) so the server closes before the last spans are flushed.
const telemetry = init({
  serviceName: SERVICE_NAME,
  endpoint: config.linkscopeEndpoint,
  apiKey: config.linkscopeApiKey,
  environment: DEMO_ENVIRONMENT,
  handleShutdownSignals: false,
});

// The server module loads node:http, which the SDK instruments as it is required. A static
// import would be hoisted above init() and the server would run uninstrumented, so it is
// required here, after init().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startCatalogueServer } = require('./catalogue.server') as typeof import('./catalogue.server');

void startCatalogueServer(config, logger).then(
  (server) =>
    exitAfterShutdownOnSignal(logger, async () => {
      await closeServer(server);
      await telemetry.shutdown();
    }),
  (error: unknown) => {
    logger.error('failed to start', { error });
    process.exit(1);
  },
);

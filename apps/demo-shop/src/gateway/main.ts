import { init } from '@linkscope/sdk-node';

import { createJsonLogger } from '../shared/json-logger';
import { closeServer, exitAfterShutdownOnSignal, loadConfigOrExit } from '../shared/process-lifecycle';
import { DEMO_ENVIRONMENT } from '../shared/shared.config';
import { loadGatewayConfig } from './gateway.config';

const SERVICE_NAME = 'demo-gateway';
const logger = createJsonLogger(SERVICE_NAME);
const config = loadConfigOrExit(logger, () => loadGatewayConfig());

// Signal handling stays with this file (below) so the server closes before the last spans are flushed.
const telemetry = init({
  serviceName: SERVICE_NAME,
  endpoint: config.linkscopeEndpoint,
  apiKey: config.linkscopeApiKey,
  environment: DEMO_ENVIRONMENT,
  handleShutdownSignals: false,
});

// The server module loads node:http (server and catalogue client), which the SDK instruments
// as it is required. A static import would be hoisted above init() and both would run
// uninstrumented, so it is required here, after init().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startGatewayServer } = require('./gateway.server') as typeof import('./gateway.server');

void startGatewayServer(config, logger).then(
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

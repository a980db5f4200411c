import { createJsonLogger } from '../shared/json-logger';
import { closeServer, exitAfterShutdownOnSignal, loadConfigOrExit } from '../shared/process-lifecycle';
import { loadProviderConfig } from './provider.config';
import { startProviderServer } from './provider.server';

// A third party: no Linkscope SDK here on purpose.
const logger = createJsonLogger('payment-provider');
const config = loadConfigOrExit(logger, () => loadProviderConfig());

void startProviderServer(config, logger).then(
  (running) =>
    exitAfterShutdownOnSignal(logger, async () => {
      await closeServer(running.server);
      await running.close();
    }),
  (error: unknown) => {
    logger.error('failed to start', { error });
    process.exit(1);
  },
);

import { createJsonLogger } from '../shared/json-logger';
import { loadConfigOrExit } from '../shared/process-lifecycle';
import { startTrafficGenerator } from './traffic-generator';
import { loadTrafficConfig } from './traffic.config';

// The generator plays the outside world, so it is not instrumented: traces start at the gateway.
const logger = createJsonLogger('demo-traffic');
const config = loadConfigOrExit(logger, () => loadTrafficConfig());
const generator = startTrafficGenerator(config, logger);

const onSignal = (signal: NodeJS.Signals): void => {
  logger.info('stopping', { signal });
  generator.stop();
};
process.once('SIGTERM', onSignal);
process.once('SIGINT', onSignal);

void generator.finished.then(() => process.exit(0));

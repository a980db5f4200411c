import { runService } from '../shared/service-main';
import { loadPaymentsConfig } from './payments.config';

runService(
  'demo-payments',
  () => loadPaymentsConfig(),
  async (config, logger) => {
    // Loaded after init() so node:http, undici and ioredis are instrumented (see runService).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startPaymentsServer } = require('./payments.server') as typeof import('./payments.server');
    return startPaymentsServer(config, logger);
  },
  // The provider is a third party without our SDK: name it, so the interface layer says who it is.
  (config) => ({ [new URL(config.providerUrl).host]: 'payment-provider' }),
);

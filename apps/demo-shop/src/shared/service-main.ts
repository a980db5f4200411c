import { init, type LinkscopeHandle } from '@linkscope/sdk-node';
import type { Server } from 'node:http';

import { createJsonLogger, type JsonLogger } from './json-logger';
import { closeServer, exitAfterShutdownOnSignal, loadConfigOrExit } from './process-lifecycle';
import { DEMO_ENVIRONMENT, type SharedSettings, demoPeerServices } from './shared.config';

/** What a service's start function hands back: its server and what to close after it. */
export interface RunningService {
  server: Server;
  close(): Promise<void>;
}

/**
 * The life of one instrumented demo service: read config, start the SDK, then (and only then)
 * load and start the service, and on SIGTERM close the server, the service's own resources and
 * finally the SDK, so the spans of the last requests are flushed.
 *
 * Calls between the shop's services are named after the service called (`service.peer.name`), so
 * the interface layer reads "demo-gateway → demo-catalogue" rather than "→ 127.0.0.1:8082".
 *
 * `start` must load the service module itself (with `require`): a static import would be
 * hoisted above `init()` and the libraries it loads (node:http, ioredis) would not be patched.
 */
export function runService<C extends SharedSettings>(
  serviceName: string,
  loadConfig: () => C,
  start: (config: C, logger: JsonLogger, telemetry: LinkscopeHandle) => Promise<RunningService>,
  peerServices: (config: C) => Record<string, string> = () => ({}),
): void {
  const logger = createJsonLogger(serviceName);
  const config = loadConfigOrExit(logger, loadConfig);
  const telemetry = init({
    serviceName,
    endpoint: config.linkscopeEndpoint,
    apiKey: config.linkscopeApiKey,
    environment: DEMO_ENVIRONMENT,
    handleShutdownSignals: false,
    peerServices: { ...demoPeerServices(config), ...peerServices(config) },
  });
  void start(config, logger, telemetry).then(
    (running) =>
      exitAfterShutdownOnSignal(logger, async () => {
        await closeServer(running.server);
        await running.close();
        await telemetry.shutdown();
      }),
    (error: unknown) => {
      logger.error('failed to start', { error });
      process.exit(1);
    },
  );
}

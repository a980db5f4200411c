import type { Server } from 'node:http';

import type { JsonLogger } from './json-logger';

/** A stuck shutdown step must not keep a stopped service alive forever. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * On the first SIGTERM or SIGINT, runs `shutdown` and exits 0 (1 if it failed or took longer
 * than 10 s). Later signals during shutdown are ignored.
 */
export function exitAfterShutdownOnSignal(logger: JsonLogger, shutdown: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline exceeded, exiting', { deadlineMs: SHUTDOWN_DEADLINE_MS });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    shutdown().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Stops accepting connections and resolves once in-flight requests have finished. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Idle keep-alive connections would otherwise hold close() open until they time out.
    server.closeIdleConnections();
  });
}

/** Runs `load`; on failure logs one error line and exits 1, so bad settings fail loudly at boot. */
export function loadConfigOrExit<T>(logger: JsonLogger, load: () => T): T {
  try {
    return load();
  } catch (error) {
    logger.error('invalid configuration', { error });
    process.exit(1);
  }
}

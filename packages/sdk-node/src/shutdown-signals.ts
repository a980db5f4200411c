const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * On SIGTERM or SIGINT, runs `shutdown` (flush and stop) once, then re-raises the signal so the
 * process ends the way it would have without us, unless the application listens for that
 * signal too, in which case its own handler owns the exit. Returns a function that removes
 * the handlers.
 */
export function registerShutdownSignals(
  shutdown: () => Promise<void>,
  onError: (error: unknown) => void,
): () => void {
  const unregister = (): void => {
    for (const signal of SHUTDOWN_SIGNALS) process.off(signal, onSignal);
  };
  function onSignal(signal: NodeJS.Signals): void {
    unregister();
    shutdown()
      .catch(onError)
      .finally(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
  }
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
  return unregister;
}

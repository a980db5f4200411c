/**
 * Preload entry: `node --import @linkscope/sdk-node/register app.js` (or `-r` for CommonJS).
 * Starts the SDK from the environment alone (OTEL_SERVICE_NAME or the app's package.json,
 * OTEL_EXPORTER_OTLP_ENDPOINT, LINKSCOPE_API_KEY, …) before the application loads anything, so
 * the application needs no code change. SIGTERM/SIGINT flush before the process exits.
 */
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isInternalThread } from 'node:worker_threads';

import { init } from './init';
import { LinkscopeConfigError } from './sdk-config.error';

// Node runs `-r` preloads in its module-hooks thread as well. There the SDK must not start: it
// would be a second SDK in the process, exporting its own metrics, and it would register the
// loader hook from inside the loader (which import-in-the-middle warns about on every start).
if (!isInternalThread) start();

function start(): void {
  // ES modules are patched through a loader hook, CommonJS through require; the hook comes from
  // OpenTelemetry's instrumentation package (import-in-the-middle).
  try {
    const hook = createRequire(__filename).resolve('@opentelemetry/instrumentation/hook.mjs');
    register(pathToFileURL(hook).href, pathToFileURL(__filename));
  } catch {
    // No loader hooks (an older Node or a bundled app): CommonJS instrumentation still works.
  }

  try {
    init();
  } catch (error) {
    // A preload that throws would stop the application; telemetry must never do that.
    const reason = error instanceof LinkscopeConfigError ? error.message : String(error);
    process.emitWarning(`Linkscope not started: ${reason}`, 'LinkscopeWarning');
  }
}

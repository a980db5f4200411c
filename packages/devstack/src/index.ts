export { ensureChromium } from './chromium';
export { ES_VERSION } from './elasticsearch';
export { ensureInfra } from './infra';
export { cacheDir } from './paths';
export type { Infra } from './infra';
export { DEMO_ACCESS_LOG_FORMAT, DEMO_EMAIL, DEV_INGEST_KEY, DEV_SECRETS_KEY, PROFILES, startStack, testSlotFromEnv } from './stack';
export type { RunningStack, StackOptions, StackPorts, StackProfile, StackUrls } from './stack';
export { DevstackError, waitFor } from './shell';

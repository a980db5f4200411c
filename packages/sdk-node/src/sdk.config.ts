import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';

import type { InstrumentationName, LinkscopeInitOptions, PropagatorName, ResourceAttributeValue } from './init.options';
import { LinkscopeConfigError } from './sdk-config.error';

/** The header that carries the ingest key on every export. */
export const INGEST_KEY_HEADER = 'x-linkscope-ingest-key';

const TRACES_PATH = '/v1/traces';
const MAX_SERVICE_NAME_LENGTH = 256;
const MAX_API_KEY_LENGTH = 512;
/** Visible ASCII only: anything else either breaks the header or hints at a paste error. */
const API_KEY_PATTERN = /^[\x21-\x7e]+$/;

/** The environment variables the SDK reads, and nothing else. */
export interface SdkEnvironment {
  OTEL_SERVICE_NAME?: string | undefined;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_HEADERS?: string | undefined;
  OTEL_RESOURCE_ATTRIBUTES?: string | undefined;
  OTEL_PROPAGATORS?: string | undefined;
  OTEL_TRACES_SAMPLER?: string | undefined;
  OTEL_TRACES_SAMPLER_ARG?: string | undefined;
  OTEL_METRICS_EXPORTER?: string | undefined;
  OTEL_LOGS_EXPORTER?: string | undefined;
  OTEL_METRIC_EXPORT_INTERVAL?: string | undefined;
  OTEL_BSP_SCHEDULE_DELAY?: string | undefined;
  OTEL_NODE_DISABLED_INSTRUMENTATIONS?: string | undefined;
  OTEL_SDK_DISABLED?: string | undefined;
  LINKSCOPE_API_KEY?: string | undefined;
  LINKSCOPE_SAMPLE_RATIO?: string | undefined;
  LINKSCOPE_SLOW_THRESHOLD_MS?: string | undefined;
  LINKSCOPE_DIAGNOSTICS?: string | undefined;
  NODE_ENV?: string | undefined;
}

/** Name and version of the application, read from its `package.json` (see `readAppPackage`). */
export interface AppPackage {
  name?: string | undefined;
  version?: string | undefined;
}

/** Everything `init` needs, validated. */
export interface SdkConfig {
  serviceName: string;
  /** Full URL the exporter POSTs to, ending in `/v1/traces`. */
  tracesUrl: string;
  metricsUrl: string;
  logsUrl: string;
  /** Headers added to every export request (the ingest key when there is one). */
  exportHeaders: Record<string, string>;
  hasApiKey: boolean;
  /** Final resource attributes, `service.name` included. */
  resourceAttributes: Record<string, ResourceAttributeValue>;
  traceResponseHeader: boolean;
  /** Incoming request paths that start no trace (health probes). */
  ignoreIncomingPaths: readonly string[];
  handleShutdownSignals: boolean;
  propagators: readonly PropagatorName[];
  /** Head-sampling share of new traces, 0–1. */
  sampleRatio: number;
  slowThresholdMs: number;
  /** Longest wait of a span (and a log record) in the batch before export, in milliseconds. */
  exportDelayMs: number;
  metrics: boolean;
  metricsIntervalMs: number;
  logs: boolean;
  diagnostics: boolean;
  peerServices: Readonly<Record<string, string>>;
  disabledInstrumentations: ReadonlySet<InstrumentationName>;
  /** `OTEL_SDK_DISABLED=true`: start nothing. */
  disabled: boolean;
  /** Problems that did not stop the SDK but deserve one line on stderr. */
  warnings: string[];
}

/** Health and metrics probes arrive every few seconds; tracing them would bury real traffic. */
export const DEFAULT_IGNORED_PATHS: readonly string[] = ['/healthz', '/readyz', '/livez', '/metrics'];
/** W3C first (what OpenTelemetry speaks), B3 multi header for Zipkin-era services. */
export const DEFAULT_PROPAGATORS: readonly PropagatorName[] = ['tracecontext', 'baggage', 'b3multi'];
/** The OTLP/HTTP default, as every OpenTelemetry SDK has it. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4318';
export const DEFAULT_SLOW_THRESHOLD_MS = 1_000;
export const DEFAULT_METRICS_INTERVAL_MS = 10_000;
/** Spans wait at most this long in the batch, so they reach the collector within about 2 s. */
export const DEFAULT_EXPORT_DELAY_MS = 1_000;

const PROPAGATOR_NAMES: ReadonlySet<string> = new Set<PropagatorName>(['tracecontext', 'baggage', 'b3', 'b3multi']);
const INSTRUMENTATION_NAMES: ReadonlySet<string> = new Set<InstrumentationName>([
  'http', 'undici', 'express', 'fastify', 'nestjs', 'pg', 'mysql2', 'ioredis', 'redis', 'mongodb', 'amqplib', 'kafkajs', 'pino', 'winston', 'runtime',
]);
const RATIO_SAMPLERS = new Set(['traceidratio', 'parentbased_traceidratio']);

/**
 * Merges options with the environment and the application's `package.json`, and validates the
 * result. This is the only place in the SDK that reads `process.env`. Throws
 * {@link LinkscopeConfigError} when the service name cannot be determined or a value is malformed.
 */
export function resolveSdkConfig(
  options: LinkscopeInitOptions,
  env: SdkEnvironment = process.env,
  appPackage: AppPackage = {},
): SdkConfig {
  const warnings: string[] = [];
  const envAttributes = parseOtelResourceAttributes(nonBlank(env.OTEL_RESOURCE_ATTRIBUTES), warnings);
  const envServiceName = nonBlank(env.OTEL_SERVICE_NAME);
  const packageName = nonBlank(appPackage.name)?.replace(/^@[^/]+\//, '');

  const resourceAttributes: Record<string, ResourceAttributeValue> = {
    ...definedEntry(ATTR_SERVICE_NAME, packageName),
    ...definedEntry(ATTR_SERVICE_VERSION, nonBlank(appPackage.version)),
    ...definedEntry(ATTR_DEPLOYMENT_ENVIRONMENT_NAME, nonBlank(env.NODE_ENV)),
    ...envAttributes,
    ...(envServiceName === undefined ? {} : { [ATTR_SERVICE_NAME]: envServiceName }),
    ...options.resourceAttributes,
    ...definedEntry(ATTR_SERVICE_VERSION, nonBlank(options.serviceVersion)),
    ...definedEntry(ATTR_DEPLOYMENT_ENVIRONMENT_NAME, nonBlank(options.environment)),
    ...definedEntry(ATTR_SERVICE_NAME, nonBlank(options.serviceName)),
  };
  const serviceName = validateServiceName(resourceAttributes[ATTR_SERVICE_NAME]);
  resourceAttributes[ATTR_SERVICE_NAME] = serviceName;

  const endpoint = nonBlank(options.endpoint) ?? nonBlank(env.OTEL_EXPORTER_OTLP_ENDPOINT) ?? DEFAULT_ENDPOINT;
  const envHeaders = parseOtelHeaders(nonBlank(env.OTEL_EXPORTER_OTLP_HEADERS), warnings);
  const apiKey = validateApiKey(nonBlank(options.apiKey) ?? nonBlank(env.LINKSCOPE_API_KEY));
  const exportHeaders = { ...envHeaders, ...(apiKey === undefined ? {} : { [INGEST_KEY_HEADER]: apiKey }) };
  const hasApiKey = apiKey !== undefined || INGEST_KEY_HEADER in exportHeaders || 'authorization' in exportHeaders;
  if (!hasApiKey) {
    warnings.push(
      `No Linkscope ingest key: set the apiKey option or LINKSCOPE_API_KEY. ` +
        `Telemetry is sent without ${INGEST_KEY_HEADER} and a Linkscope collector will reject it.`,
    );
  }
  const base = toBaseUrl(endpoint);

  return {
    serviceName,
    tracesUrl: `${base}${TRACES_PATH}`,
    metricsUrl: `${base}/v1/metrics`,
    logsUrl: `${base}/v1/logs`,
    exportHeaders,
    hasApiKey,
    resourceAttributes,
    traceResponseHeader: options.traceResponseHeader ?? true,
    ignoreIncomingPaths: options.ignoreIncomingPaths ?? DEFAULT_IGNORED_PATHS,
    handleShutdownSignals: options.handleShutdownSignals ?? true,
    propagators: validatePropagators(options.propagators ?? parseList(env.OTEL_PROPAGATORS) ?? DEFAULT_PROPAGATORS, warnings),
    sampleRatio: resolveSampleRatio(options.sampleRatio, env),
    slowThresholdMs: positiveNumber(
      options.slowThresholdMs ?? numberFromEnv(env.LINKSCOPE_SLOW_THRESHOLD_MS, 'LINKSCOPE_SLOW_THRESHOLD_MS'),
      'slowThresholdMs',
    ) ?? DEFAULT_SLOW_THRESHOLD_MS,
    exportDelayMs: positiveNumber(numberFromEnv(env.OTEL_BSP_SCHEDULE_DELAY, 'OTEL_BSP_SCHEDULE_DELAY'), 'OTEL_BSP_SCHEDULE_DELAY') ?? DEFAULT_EXPORT_DELAY_MS,
    metrics: options.metrics ?? env.OTEL_METRICS_EXPORTER?.trim().toLowerCase() !== 'none',
    metricsIntervalMs: positiveNumber(
      options.metricsIntervalMs ?? numberFromEnv(env.OTEL_METRIC_EXPORT_INTERVAL, 'OTEL_METRIC_EXPORT_INTERVAL'),
      'metricsIntervalMs',
    ) ?? DEFAULT_METRICS_INTERVAL_MS,
    logs: options.logs ?? env.OTEL_LOGS_EXPORTER?.trim().toLowerCase() !== 'none',
    diagnostics: options.diagnostics ?? isTrue(env.LINKSCOPE_DIAGNOSTICS),
    peerServices: { ...options.peerServices },
    disabledInstrumentations: validateInstrumentations(
      options.disabledInstrumentations ?? parseList(env.OTEL_NODE_DISABLED_INSTRUMENTATIONS) ?? [],
      warnings,
    ),
    disabled: isTrue(env.OTEL_SDK_DISABLED),
    warnings,
  };
}

/**
 * Parses `OTEL_EXPORTER_OTLP_HEADERS` (`key1=value1,key2=value2`, values percent-encoded);
 * header names are lower-cased. A malformed variable is ignored whole, with a warning.
 */
export function parseOtelHeaders(raw: string | undefined, warnings: string[]): Record<string, string> {
  const parsed = parseKeyValueList(raw, 'OTEL_EXPORTER_OTLP_HEADERS', warnings);
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key.toLowerCase(), value]));
}

function resolveSampleRatio(option: number | undefined, env: SdkEnvironment): number {
  const sampler = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  const fromEnv =
    numberFromEnv(env.LINKSCOPE_SAMPLE_RATIO, 'LINKSCOPE_SAMPLE_RATIO') ??
    (sampler !== undefined && RATIO_SAMPLERS.has(sampler) ? numberFromEnv(env.OTEL_TRACES_SAMPLER_ARG, 'OTEL_TRACES_SAMPLER_ARG') : undefined);
  const ratio = option ?? fromEnv ?? 1;
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new LinkscopeConfigError(`Linkscope sample ratio must be a number from 0 to 1 (got ${ratio}).`);
  }
  return ratio;
}

function validatePropagators(names: readonly string[], warnings: string[]): PropagatorName[] {
  const known = names.filter((name): name is PropagatorName => PROPAGATOR_NAMES.has(name));
  const unknown = names.filter((name) => !PROPAGATOR_NAMES.has(name) && name !== 'none');
  if (unknown.length > 0) warnings.push(`Unknown propagators ignored: ${unknown.join(', ')} (known: tracecontext, baggage, b3, b3multi).`);
  return known;
}

function validateInstrumentations(names: readonly string[], warnings: string[]): Set<InstrumentationName> {
  const unknown = names.filter((name) => !INSTRUMENTATION_NAMES.has(name));
  if (unknown.length > 0) warnings.push(`Unknown instrumentations cannot be disabled: ${unknown.join(', ')}.`);
  return new Set(names.filter((name): name is InstrumentationName => INSTRUMENTATION_NAMES.has(name)));
}

function parseList(raw: string | undefined): string[] | undefined {
  const value = nonBlank(raw);
  return value === undefined ? undefined : value.split(',').map((item) => item.trim().toLowerCase()).filter((item) => item !== '');
}

function numberFromEnv(raw: string | undefined, name: string): number | undefined {
  const value = nonBlank(raw);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new LinkscopeConfigError(`${name}="${value}" is not a number.`);
  return parsed;
}

function positiveNumber(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) throw new LinkscopeConfigError(`Linkscope option ${name} must be a positive number (got ${value}).`);
  return value;
}

function isTrue(raw: string | undefined): boolean {
  return ['1', 'true', 'yes', 'on'].includes(raw?.trim().toLowerCase() ?? '');
}

/**
 * Parses `OTEL_RESOURCE_ATTRIBUTES` (`key1=value1,key2=value2`, values percent-encoded) as the
 * OpenTelemetry specification says: on any malformed entry the whole variable is discarded
 * and a warning recorded, rather than half-applied.
 */
export function parseOtelResourceAttributes(
  raw: string | undefined,
  warnings: string[],
): Record<string, string> {
  return parseKeyValueList(raw, 'OTEL_RESOURCE_ATTRIBUTES', warnings);
}

function parseKeyValueList(raw: string | undefined, name: string, warnings: string[]): Record<string, string> {
  if (raw === undefined) return {};
  const attributes: Record<string, string> = {};
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const separator = entry.indexOf('=');
    const key = separator > 0 ? entry.slice(0, separator).trim() : '';
    const value = separator > 0 ? safeDecode(entry.slice(separator + 1).trim()) : undefined;
    if (key === '' || value === undefined) {
      warnings.push(`${name} ignored: malformed entry "${entry.trim()}".`);
      return {};
    }
    attributes[key] = value;
  }
  return attributes;
}

/** The endpoint without trailing slashes and without a signal path (`/v1/traces`) someone appended. */
function toBaseUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new LinkscopeConfigError(`Linkscope endpoint "${endpoint}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LinkscopeConfigError(
      `Linkscope endpoint "${endpoint}" must use http: or https: (OTLP/HTTP), not ${url.protocol}`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new LinkscopeConfigError(
      `Linkscope endpoint "${endpoint}" must be a base URL without query or fragment.`,
    );
  }
  return url.href.replace(/\/+$/, '').replace(/\/v1\/(traces|metrics|logs)$/, '');
}

function validateServiceName(value: ResourceAttributeValue | undefined): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name === '') {
    throw new LinkscopeConfigError(
      'Linkscope service name missing: pass the serviceName option or set OTEL_SERVICE_NAME ' +
        '(or run from a directory whose package.json has a name).',
    );
  }
  if (name.length > MAX_SERVICE_NAME_LENGTH) {
    throw new LinkscopeConfigError(
      `Linkscope service name is ${name.length} characters; the limit is ${MAX_SERVICE_NAME_LENGTH}.`,
    );
  }
  return name;
}

function validateApiKey(apiKey: string | undefined): string | undefined {
  if (apiKey === undefined) return undefined;
  if (apiKey.length > MAX_API_KEY_LENGTH || !API_KEY_PATTERN.test(apiKey)) {
    // Never echo the key itself: it is a secret.
    throw new LinkscopeConfigError(
      `Linkscope API key (apiKey option or LINKSCOPE_API_KEY) must be 1–${MAX_API_KEY_LENGTH} ` +
        'visible ASCII characters without spaces.',
    );
  }
  return apiKey;
}

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function definedEntry(key: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [key]: value };
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

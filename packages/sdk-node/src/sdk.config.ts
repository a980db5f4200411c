import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';

import type { LinkscopeInitOptions, ResourceAttributeValue } from './init.options';
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
  OTEL_RESOURCE_ATTRIBUTES?: string | undefined;
  LINKSCOPE_API_KEY?: string | undefined;
}

/** Everything `init` needs, validated. */
export interface SdkConfig {
  serviceName: string;
  /** Full URL the exporter POSTs to, ending in `/v1/traces`. */
  tracesUrl: string;
  /** Headers added to every export request (the ingest key when there is one). */
  exportHeaders: Record<string, string>;
  hasApiKey: boolean;
  /** Final resource attributes, `service.name` included. */
  resourceAttributes: Record<string, ResourceAttributeValue>;
  traceResponseHeader: boolean;
  /** Incoming request paths that start no trace (health probes). */
  ignoreIncomingPaths: readonly string[];
  handleShutdownSignals: boolean;
  /** Problems that did not stop the SDK but deserve one line on stderr. */
  warnings: string[];
}

/** Health and metrics probes arrive every few seconds; tracing them would bury real traffic. */
export const DEFAULT_IGNORED_PATHS: readonly string[] = ['/healthz', '/readyz', '/livez', '/metrics'];

/**
 * Merges options with the environment and validates the result. This is the only place in
 * the SDK that reads `process.env`. Throws {@link LinkscopeConfigError} when the service name
 * or endpoint cannot be determined or a value is malformed.
 */
export function resolveSdkConfig(
  options: LinkscopeInitOptions,
  env: SdkEnvironment = process.env,
): SdkConfig {
  const warnings: string[] = [];
  const envAttributes = parseOtelResourceAttributes(nonBlank(env.OTEL_RESOURCE_ATTRIBUTES), warnings);
  const envServiceName = nonBlank(env.OTEL_SERVICE_NAME);

  const resourceAttributes: Record<string, ResourceAttributeValue> = {
    ...envAttributes,
    ...(envServiceName === undefined ? {} : { [ATTR_SERVICE_NAME]: envServiceName }),
    ...options.resourceAttributes,
    ...definedEntry(ATTR_SERVICE_VERSION, nonBlank(options.serviceVersion)),
    ...definedEntry(ATTR_DEPLOYMENT_ENVIRONMENT_NAME, nonBlank(options.environment)),
    ...definedEntry(ATTR_SERVICE_NAME, nonBlank(options.serviceName)),
  };
  const serviceName = validateServiceName(resourceAttributes[ATTR_SERVICE_NAME]);
  resourceAttributes[ATTR_SERVICE_NAME] = serviceName;

  const endpoint = nonBlank(options.endpoint) ?? nonBlank(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const apiKey = validateApiKey(nonBlank(options.apiKey) ?? nonBlank(env.LINKSCOPE_API_KEY));
  if (apiKey === undefined) {
    warnings.push(
      `No Linkscope ingest key: set the apiKey option or LINKSCOPE_API_KEY. ` +
        `Spans are sent without ${INGEST_KEY_HEADER} and a Linkscope collector will reject them.`,
    );
  }

  return {
    serviceName,
    tracesUrl: toTracesUrl(endpoint),
    exportHeaders: apiKey === undefined ? {} : { [INGEST_KEY_HEADER]: apiKey },
    hasApiKey: apiKey !== undefined,
    resourceAttributes,
    traceResponseHeader: options.traceResponseHeader ?? true,
    ignoreIncomingPaths: options.ignoreIncomingPaths ?? DEFAULT_IGNORED_PATHS,
    handleShutdownSignals: options.handleShutdownSignals ?? true,
    warnings,
  };
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
  if (raw === undefined) return {};
  const attributes: Record<string, string> = {};
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const separator = entry.indexOf('=');
    const key = separator > 0 ? entry.slice(0, separator).trim() : '';
    const value = separator > 0 ? safeDecode(entry.slice(separator + 1).trim()) : undefined;
    if (key === '' || value === undefined) {
      warnings.push(`OTEL_RESOURCE_ATTRIBUTES ignored: malformed entry "${entry.trim()}".`);
      return {};
    }
    attributes[key] = value;
  }
  return attributes;
}

function toTracesUrl(endpoint: string | undefined): string {
  if (endpoint === undefined) {
    throw new LinkscopeConfigError(
      'Linkscope endpoint missing: pass the endpoint option (e.g. "http://127.0.0.1:4318") ' +
        'or set OTEL_EXPORTER_OTLP_ENDPOINT.',
    );
  }
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
  const base = url.href.replace(/\/+$/, '');
  return base.endsWith(TRACES_PATH) ? base : `${base}${TRACES_PATH}`;
}

function validateServiceName(value: ResourceAttributeValue | undefined): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name === '') {
    throw new LinkscopeConfigError(
      'Linkscope service name missing: pass the serviceName option or set OTEL_SERVICE_NAME.',
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

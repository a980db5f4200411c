import { describe, expect, it } from 'vitest';

import { LinkscopeConfigError } from './sdk-config.error';
import { INGEST_KEY_HEADER, parseOtelResourceAttributes, resolveSdkConfig } from './sdk.config';

const complete = { serviceName: 'checkout', endpoint: 'http://127.0.0.1:4318', apiKey: 'ls_key' };

describe('resolveSdkConfig', () => {
  it('uses the options and posts to <endpoint>/v1/traces with the ingest key header', () => {
    const config = resolveSdkConfig(complete, {});

    expect(config.serviceName).toBe('checkout');
    expect(config.tracesUrl).toBe('http://127.0.0.1:4318/v1/traces');
    expect(config.exportHeaders).toEqual({ [INGEST_KEY_HEADER]: 'ls_key' });
    expect(config.warnings).toEqual([]);
  });

  it('prefers options over the environment', () => {
    const config = resolveSdkConfig(complete, {
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env-collector:4318',
      LINKSCOPE_API_KEY: 'env_key',
    });

    expect(config.serviceName).toBe('checkout');
    expect(config.tracesUrl).toBe('http://127.0.0.1:4318/v1/traces');
    expect(config.exportHeaders[INGEST_KEY_HEADER]).toBe('ls_key');
  });

  it('falls back to OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT and LINKSCOPE_API_KEY', () => {
    const config = resolveSdkConfig(
      {},
      {
        OTEL_SERVICE_NAME: 'from-env',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example.com/otlp/',
        LINKSCOPE_API_KEY: 'env_key',
      },
    );

    expect(config.serviceName).toBe('from-env');
    expect(config.tracesUrl).toBe('https://collector.example.com/otlp/v1/traces');
    expect(config.exportHeaders).toEqual({ [INGEST_KEY_HEADER]: 'env_key' });
  });

  it('treats blank options and variables as absent', () => {
    const config = resolveSdkConfig(
      { serviceName: '  ', endpoint: '', apiKey: ' ' },
      { OTEL_SERVICE_NAME: 'from-env', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', LINKSCOPE_API_KEY: 'k' },
    );

    expect(config.serviceName).toBe('from-env');
    expect(config.tracesUrl).toBe('http://c:4318/v1/traces');
    expect(config.hasApiKey).toBe(true);
  });

  it('does not append /v1/traces twice', () => {
    const config = resolveSdkConfig({ ...complete, endpoint: 'http://c:4318/v1/traces/' }, {});

    expect(config.tracesUrl).toBe('http://c:4318/v1/traces');
  });

  it('throws a config error naming the option and variable when no service name is found', () => {
    const attempt = () => resolveSdkConfig({ endpoint: 'http://c:4318' }, {});

    expect(attempt).toThrow(LinkscopeConfigError);
    expect(attempt).toThrow(/serviceName option or set OTEL_SERVICE_NAME/);
  });

  it('sends to the OTLP/HTTP default endpoint on the local host when none is configured', () => {
    const config = resolveSdkConfig({ serviceName: 'checkout' }, {});

    expect(config.tracesUrl).toBe('http://127.0.0.1:4318/v1/traces');
    expect(config.metricsUrl).toBe('http://127.0.0.1:4318/v1/metrics');
    expect(config.logsUrl).toBe('http://127.0.0.1:4318/v1/logs');
  });

  it.each([
    ['not a URL', 'collector:4318'],
    ['a non-HTTP scheme', 'grpc://collector:4317'],
    ['a query string', 'http://collector:4318/?tenant=a'],
  ])('rejects an endpoint with %s', (_reason, endpoint) => {
    expect(() => resolveSdkConfig({ ...complete, endpoint }, {})).toThrow(LinkscopeConfigError);
  });

  it('rejects a service name over 256 characters', () => {
    expect(() => resolveSdkConfig({ ...complete, serviceName: 'a'.repeat(257) }, {})).toThrow(/limit is 256/);
  });

  it('rejects an API key that cannot travel in a header, without echoing it', () => {
    const attempt = () => resolveSdkConfig({ ...complete, apiKey: 'secret\nkey' }, {});

    expect(attempt).toThrow(LinkscopeConfigError);
    expect(attempt).not.toThrow(/secret/);
  });

  it('sends no key header and records a warning when no API key is found', () => {
    const config = resolveSdkConfig({ serviceName: 'checkout', endpoint: 'http://c:4318' }, {});

    expect(config.exportHeaders).toEqual({});
    expect(config.hasApiKey).toBe(false);
    expect(config.warnings).toEqual([expect.stringMatching(/LINKSCOPE_API_KEY/)]);
  });

  it('builds resource attributes with code winning over OTEL_RESOURCE_ATTRIBUTES', () => {
    const config = resolveSdkConfig(
      {
        ...complete,
        serviceVersion: '1.4.0',
        environment: 'staging',
        resourceAttributes: { team: 'payments', 'service.namespace': 'shop' },
      },
      { OTEL_RESOURCE_ATTRIBUTES: 'team=platform,region=eu%2Dwest,service.name=env-name' },
    );

    expect(config.resourceAttributes).toEqual({
      'service.name': 'checkout',
      'service.version': '1.4.0',
      'deployment.environment.name': 'staging',
      'service.namespace': 'shop',
      team: 'payments',
      region: 'eu-west',
    });
  });

  it('takes the service name from OTEL_RESOURCE_ATTRIBUTES last, after OTEL_SERVICE_NAME', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_RESOURCE_ATTRIBUTES: 'service.name=attr-name' };

    expect(resolveSdkConfig({}, env).serviceName).toBe('attr-name');
    expect(resolveSdkConfig({}, { ...env, OTEL_SERVICE_NAME: 'env-name' }).serviceName).toBe('env-name');
  });

  it('defaults traceResponseHeader and handleShutdownSignals to true', () => {
    const config = resolveSdkConfig(complete, {});

    expect(config.traceResponseHeader).toBe(true);
    expect(config.handleShutdownSignals).toBe(true);
    expect(resolveSdkConfig({ ...complete, traceResponseHeader: false }, {}).traceResponseHeader).toBe(false);
  });
});

describe('resolveSdkConfig: defaults from package.json and the OTEL_* variables', () => {
  it('takes service name (scope removed) and version from package.json, and the environment from NODE_ENV', () => {
    const config = resolveSdkConfig({}, { NODE_ENV: 'production' }, { name: '@acme/checkout-api', version: '2.3.1' });

    expect(config.serviceName).toBe('checkout-api');
    expect(config.resourceAttributes).toMatchObject({ 'service.version': '2.3.1', 'deployment.environment.name': 'production' });
  });

  it('lets OTEL_SERVICE_NAME and the options win over package.json', () => {
    const app = { name: 'from-package', version: '1.0.0' };

    expect(resolveSdkConfig({}, { OTEL_SERVICE_NAME: 'from-env' }, app).serviceName).toBe('from-env');
    expect(resolveSdkConfig({ serviceName: 'from-code', serviceVersion: '9.9.9' }, {}, app).resourceAttributes).toMatchObject({
      'service.name': 'from-code',
      'service.version': '9.9.9',
    });
  });

  it('merges OTEL_EXPORTER_OTLP_HEADERS and counts an Authorization header there as a key', () => {
    const config = resolveSdkConfig({ serviceName: 'a' }, { OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20ls_k,x-team=pay' });

    expect(config.exportHeaders).toEqual({ authorization: 'Bearer ls_k', 'x-team': 'pay' });
    expect(config.hasApiKey).toBe(true);
    expect(config.warnings).toEqual([]);
  });

  it('strips a signal path from the endpoint so every signal goes to its own path', () => {
    const config = resolveSdkConfig({ serviceName: 'a', endpoint: 'http://c:4318/v1/traces' }, {});

    expect(config.metricsUrl).toBe('http://c:4318/v1/metrics');
  });

  it('reads propagators from OTEL_PROPAGATORS, ignoring unknown names with a warning', () => {
    const config = resolveSdkConfig({ serviceName: 'a' }, { OTEL_PROPAGATORS: 'b3, tracecontext,xray' });

    expect(config.propagators).toEqual(['b3', 'tracecontext']);
    expect(config.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/Unknown propagators ignored: xray/)]));
    expect(resolveSdkConfig({ serviceName: 'a' }, {}).propagators).toEqual(['tracecontext', 'baggage', 'b3multi']);
  });

  it('takes the sample ratio from the option, LINKSCOPE_SAMPLE_RATIO, or a ratio OTEL_TRACES_SAMPLER', () => {
    expect(resolveSdkConfig({ serviceName: 'a' }, {}).sampleRatio).toBe(1);
    expect(resolveSdkConfig({ serviceName: 'a' }, { LINKSCOPE_SAMPLE_RATIO: '0.25' }).sampleRatio).toBe(0.25);
    expect(resolveSdkConfig({ serviceName: 'a' }, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }).sampleRatio).toBe(0.1);
    expect(resolveSdkConfig({ serviceName: 'a' }, { OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: '0.1' }).sampleRatio).toBe(1);
    expect(resolveSdkConfig({ serviceName: 'a', sampleRatio: 0.5 }, { LINKSCOPE_SAMPLE_RATIO: '0.25' }).sampleRatio).toBe(0.5);
    expect(() => resolveSdkConfig({ serviceName: 'a', sampleRatio: 1.5 }, {})).toThrow(/from 0 to 1/);
  });

  it('turns metrics and logs off with OTEL_*_EXPORTER=none and diagnostics on with LINKSCOPE_DIAGNOSTICS', () => {
    const config = resolveSdkConfig({ serviceName: 'a' }, { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'None', LINKSCOPE_DIAGNOSTICS: 'true' });

    expect(config).toMatchObject({ metrics: false, logs: false, diagnostics: true });
    expect(resolveSdkConfig({ serviceName: 'a' }, {})).toMatchObject({ metrics: true, logs: true, diagnostics: false });
  });

  it('reads disabled instrumentations from OTEL_NODE_DISABLED_INSTRUMENTATIONS', () => {
    const config = resolveSdkConfig({ serviceName: 'a' }, { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg,fs' });

    expect([...config.disabledInstrumentations]).toEqual(['pg']);
    expect(config.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/fs/)]));
  });
});

describe('parseOtelResourceAttributes', () => {
  it('percent-decodes values and skips empty entries', () => {
    expect(parseOtelResourceAttributes('a=1,,b=x%20y', [])).toEqual({ a: '1', b: 'x y' });
  });

  it('discards the whole variable and warns when one entry is malformed', () => {
    const warnings: string[] = [];

    expect(parseOtelResourceAttributes('a=1,broken,b=2', warnings)).toEqual({});
    expect(warnings).toEqual([expect.stringMatching(/malformed entry "broken"/)]);
  });

  it('discards the variable when a value is not valid percent-encoding', () => {
    expect(parseOtelResourceAttributes('a=%E0%A4%A', [])).toEqual({});
  });
});

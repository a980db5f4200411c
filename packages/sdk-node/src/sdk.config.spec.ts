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

  it('throws a config error naming the option and variable when no endpoint is found', () => {
    const attempt = () => resolveSdkConfig({ serviceName: 'checkout' }, {});

    expect(attempt).toThrow(LinkscopeConfigError);
    expect(attempt).toThrow(/endpoint option .* OTEL_EXPORTER_OTLP_ENDPOINT/);
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

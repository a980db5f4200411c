import { describe, expect, it } from 'vitest';

import { loadCatalogueConfig } from '../catalogue/catalogue.config';
import { loadGatewayConfig } from '../gateway/gateway.config';
import { loadTrafficConfig } from '../traffic/traffic.config';
import { demoPeerServices } from './shared.config';

describe('service configs', () => {
  it('default to a local stack', () => {
    const gateway = loadGatewayConfig({});

    expect(gateway).toMatchObject({
      linkscopeEndpoint: 'http://127.0.0.1:4318',
      linkscopeApiKey: 'ls_dev_local_ingest_key',
      gatewayUrl: 'http://127.0.0.1:8081',
      catalogueUrl: 'http://127.0.0.1:8082',
      usersUrl: 'http://127.0.0.1:8083',
      ordersUrl: 'http://127.0.0.1:8084',
      paymentsUrl: 'http://127.0.0.1:8085',
      providerUrl: 'http://127.0.0.1:8086',
      redisUrl: 'redis://127.0.0.1:6379/0',
      redisKeyPrefix: 'demo-shop:',
      accessLogFile: '.linkscope/logs/demo-gateway-access.log',
      port: 8081,
    });
    expect(loadCatalogueConfig({})).toMatchObject({ port: 8082, errorRate: 0.05 });
    expect(loadTrafficConfig({})).toMatchObject({ requestsPerSecond: 2, maxRequests: undefined });
    expect(loadGatewayConfig({ REDIS_URL: 'redis://r:6379/3' }).redisUrl).toBe('redis://r:6379/3');
    expect(loadGatewayConfig({ REDIS_URL: 'redis://r:6379/3', DEMO_REDIS_URL: 'redis://d:6379/4' }).redisUrl).toBe('redis://d:6379/4');
  });

  it('read the environment they are given', () => {
    expect(loadCatalogueConfig({ DEMO_CATALOGUE_PORT: '9002', DEMO_CATALOGUE_ERROR_RATE: '0' })).toMatchObject({
      port: 9002,
      errorRate: 0,
    });
    expect(loadTrafficConfig({ DEMO_TRAFFIC_RPS: '10', DEMO_TRAFFIC_MAX_REQUESTS: '50' })).toMatchObject({
      requestsPerSecond: 10,
      maxRequests: 50,
    });
  });
});

describe('demoPeerServices', () => {
  it('names every instrumented shop service by its host and port, and not the third-party provider', () => {
    const gateway = loadGatewayConfig({ DEMO_CATALOGUE_URL: 'http://catalogue.shop.svc:8082', DEMO_USERS_URL: 'http://users.shop.svc' });

    expect(demoPeerServices(gateway)).toEqual({
      '127.0.0.1:8081': 'demo-gateway',
      'catalogue.shop.svc:8082': 'demo-catalogue',
      'users.shop.svc': 'demo-users',
      '127.0.0.1:8084': 'demo-orders',
      '127.0.0.1:8085': 'demo-payments',
    });
  });
});

import type { Provider } from '@nestjs/common';
import { RedisAttemptCounter } from '@linkscope/queue';
import type { Storage } from '@linkscope/storage';
import { DEFAULT_ACCOUNT_POLICY, Tenancy } from '@linkscope/tenancy';
import { API_CONFIG, type ApiConfig } from './config';
import { STORAGE } from './storage.provider';

export const TENANCY = Symbol('TENANCY');

export const tenancyProvider: Provider = {
  provide: TENANCY,
  inject: [API_CONFIG, STORAGE],
  useFactory: (config: ApiConfig, storage: Storage) =>
    new Tenancy(storage.configStore, new RedisAttemptCounter(config.redisUrl), {
      ...DEFAULT_ACCOUNT_POLICY,
      sessionTtlSeconds: config.auth.sessionTtlSeconds,
      sessionIdleSeconds: config.auth.sessionIdleSeconds,
      loginFailuresPerAccount: config.auth.loginFailuresPerAccount,
      loginAttemptsPerAddress: config.auth.loginAttemptsPerAddress,
    }),
};

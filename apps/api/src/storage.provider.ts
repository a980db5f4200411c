import type { Provider } from '@nestjs/common';
import { Storage } from '@linkscope/storage';
import { API_CONFIG, type ApiConfig } from './config';

export const STORAGE = Symbol('STORAGE');

export const storageProvider: Provider = {
  provide: STORAGE,
  inject: [API_CONFIG],
  useFactory: (config: ApiConfig) => new Storage(config.storage),
};

import { readPort, type Env } from '../shared/env-values';
import { readSharedSettings, type SharedSettings } from '../shared/shared.config';

/** Settings of the users service. */
export interface UsersConfig extends SharedSettings {
  port: number;
  /** Sessions expire after this long, in seconds. */
  sessionTtlSeconds: number;
}

/** Reads and validates the users service's settings; one of the only readers of `process.env`. */
export function loadUsersConfig(env: Env = process.env): UsersConfig {
  return { ...readSharedSettings(env), port: readPort(env, 'DEMO_USERS_PORT', 8083), sessionTtlSeconds: 1_800 };
}

import { type ElasticsearchStatus, ensureElasticsearch } from './elasticsearch';
import { type RedisStatus, ensureRedis } from './redis';

export interface Infra {
  readonly elasticsearch: ElasticsearchStatus;
  readonly redis: RedisStatus;
}

/** Brings up (or finds) Elasticsearch and Redis. Idempotent: a second call reuses what the first started. */
export async function ensureInfra(env: NodeJS.ProcessEnv = process.env): Promise<Infra> {
  const redis = await ensureRedis(env);
  const elasticsearch = await ensureElasticsearch(env);
  return { elasticsearch, redis };
}

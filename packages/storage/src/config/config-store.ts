import { type Client, errors } from '@elastic/elasticsearch';
import { configIndexName, configIndexSettings } from './config-index';
import { ConfigRepository } from './config.repository';
import type { ConfigLevel, ConfigType } from './config-type';

/**
 * Configuration objects of every type (organisations, users, keys, rules, channels …) in one
 * index with optimistic concurrency. Get a typed, scope-checked repository with `of(type)`.
 */
export class ConfigStore {
  private readonly repositories = new Map<string, ConfigRepository<unknown, ConfigLevel>>();

  constructor(
    private readonly client: Client,
    private readonly indexPrefix: string,
    private readonly replicas: number,
  ) {}

  /** The repository of one type. Declaring two different types under one name is an error. */
  of<T, L extends ConfigLevel>(type: ConfigType<T, L>): ConfigRepository<T, L> {
    const existing = this.repositories.get(type.name);
    if (existing) {
      if (existing.type !== (type as unknown)) throw new Error(`config type ${type.name} is declared twice`);
      return existing as unknown as ConfigRepository<T, L>;
    }
    const repository = new ConfigRepository<T, L>(this.client, this.indexPrefix, type);
    this.repositories.set(type.name, repository as unknown as ConfigRepository<unknown, ConfigLevel>);
    return repository;
  }

  /** Creates the config index when missing. Idempotent; safe to call from several processes. */
  async ensureIndex(): Promise<void> {
    const index = configIndexName(this.indexPrefix);
    if (await this.client.indices.exists({ index })) return;
    try {
      await this.client.indices.create({ index, ...configIndexSettings(this.replicas), wait_for_active_shards: 1 });
    } catch (error) {
      if (error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception') return;
      throw error;
    }
  }

  /** Deletes the config index. For tests and uninstalls only. */
  async purge(): Promise<void> {
    await this.client.indices.delete({ index: configIndexName(this.indexPrefix), ignore_unavailable: true });
  }
}

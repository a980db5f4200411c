import { Client, type ClientOptions } from '@elastic/elasticsearch';
import { AlertRepository } from './alert.repository';
import { alertIndexTemplate } from './alert-templates';
import { ConfigStore } from './config';
import { SpanRepository } from './span.repository';
import type { StorageConfig } from './storage-config';
import { RollupRepository } from './rollup.repository';
import { SealState } from './seal-state';
import { BusinessRuleRepository, businessRuleIndexTemplate } from './business-rule.repository';
import { type SealOutcome, RollupSealer } from './rollup-sealer';
import { type RetentionOutcome, deleteExpiredIndices } from './retention';
import { LogRepository, MetricRepository } from './telemetry.repository';
import { accessLogIndexTemplate, logIndexTemplate, metricIndexTemplate, rollupIndexTemplates, spanIndexTemplate, traceSummaryIndexTemplate } from './templates';
import { TraceSummaryRepository } from './trace-summary.repository';
import { AccessLogRepository } from './access-log.repository';

function clientOptions(config: StorageConfig): ClientOptions {
  const options: ClientOptions = {
    node: config.url,
    requestTimeout: 30_000,
    maxRetries: 2,
    tls: { rejectUnauthorized: config.tlsRejectUnauthorized, ...(config.caPem ? { ca: config.caPem } : {}) },
  };
  if (config.apiKey) options.auth = { apiKey: config.apiKey };
  else if (config.username && config.password) options.auth = { username: config.username, password: config.password };
  return options;
}

/**
 * The one owner of Elasticsearch. Apps create one Storage at boot, call `ensureTemplates`
 * once, and reach data only through its repositories.
 */
export class Storage {
  readonly spans: SpanRepository;
  readonly metrics: MetricRepository;
  readonly logs: LogRepository;
  readonly alerts: AlertRepository;
  readonly accessLogs: AccessLogRepository;
  readonly rollups: RollupRepository;
  readonly traceSummaries: TraceSummaryRepository;
  readonly businessRules: BusinessRuleRepository;
  /** Configuration objects (tenancy, rules, channels …): see `ConfigStore`. */
  readonly configStore: ConfigStore;
  private readonly client: Client;
  private readonly sealState: SealState;
  private readonly sealer: RollupSealer;

  constructor(private readonly config: StorageConfig) {
    this.client = new Client(clientOptions(config));
    this.traceSummaries = new TraceSummaryRepository(this.client, config.indexPrefix);
    this.spans = new SpanRepository(this.client, config.indexPrefix, this.traceSummaries);
    this.metrics = new MetricRepository(this.client, config.indexPrefix);
    this.logs = new LogRepository(this.client, config.indexPrefix);
    this.alerts = new AlertRepository(this.client, config.indexPrefix);
    this.accessLogs = new AccessLogRepository(this.client, config.indexPrefix);
    this.sealState = new SealState(this.client, config.indexPrefix);
    this.businessRules = new BusinessRuleRepository(this.client, config.indexPrefix);
    this.rollups = new RollupRepository(this.client, config.indexPrefix, () => this.sealState.sealedThroughMs());
    this.sealer = new RollupSealer(this.client, config.indexPrefix, this.sealState);
    this.configStore = new ConfigStore(this.client, config.indexPrefix, config.replicas);
  }

  /** Installs or updates the index templates. Idempotent. */
  async ensureTemplates(): Promise<void> {
    const { indexPrefix, replicas } = this.config;
    for (const template of [
      spanIndexTemplate(indexPrefix, replicas),
      metricIndexTemplate(indexPrefix, replicas),
      logIndexTemplate(indexPrefix, replicas),
      ...rollupIndexTemplates(indexPrefix, replicas),
      alertIndexTemplate(indexPrefix, replicas),
      accessLogIndexTemplate(indexPrefix, replicas),
      traceSummaryIndexTemplate(indexPrefix, replicas),
      businessRuleIndexTemplate(indexPrefix, replicas),
    ]) {
      await this.client.indices.putIndexTemplate(template);
    }
    // Span indices created before layer classification existed get its field too (adding a field is allowed).
    await this.client.indices.putMapping({
      index: `${indexPrefix}-spans-*`,
      allow_no_indices: true,
      ignore_unavailable: true,
      properties: { layer_entities: { type: 'keyword', ignore_above: 2048 } },
    });
  }

  /** True when the cluster answers and is not red. */
  async isHealthy(): Promise<boolean> {
    try {
      const health = await this.client.cluster.health({ timeout: '2s' });
      return health.status !== 'red';
    } catch {
      return false;
    }
  }

  /**
   * Seals per-batch rollups of every minute before `throughMs` into one document per entity and
   * minute, re-sealing minutes that got late batches (see RollupSealer). Safe to repeat.
   */
  sealRollups(throughMs: number, nowMs: number = Date.now()): Promise<SealOutcome> {
    return this.sealer.sealThrough(throughMs, nowMs);
  }

  /** Deletes daily span, trace-summary, rollup, metric and log indices whose day ended more than `maxAgeDays` ago. */
  deleteExpiredIndices(maxAgeDays: number, nowMs: number = Date.now()): Promise<RetentionOutcome> {
    return deleteExpiredIndices(this.client, this.config.indexPrefix, maxAgeDays, nowMs);
  }

  /** Makes recent writes (spans, metrics, logs, rollups) visible to search at once; for tests and tools, not for the ingest path. */
  async refreshSpans(): Promise<void> {
    const p = this.config.indexPrefix;
    await this.client.indices.refresh({ index: `${p}-spans-*,${p}-metrics-*,${p}-logs-*,${p}-accesslogs-*,${p}-rollups-*,${p}-rollups1m-*,${p}-traces-*`, ignore_unavailable: true, allow_no_indices: true });
  }

  /** Deletes every telemetry index and template under this prefix. For tests and uninstalls; never called by the apps. */
  async purge(): Promise<void> {
    this.sealState.forget();
    await this.client.indices.delete({ index: `${this.config.indexPrefix}-rollup-state,${this.config.indexPrefix}-config-business-rules`, ignore_unavailable: true, allow_no_indices: true });
    await this.client.indices.deleteIndexTemplate({ name: `${this.config.indexPrefix}-config-business-rules` }, { ignore: [404] });
    for (const signal of ['spans', 'metrics', 'logs', 'accesslogs', 'rollups', 'rollups1m', 'traces']) {
      await this.client.indices.delete({ index: `${this.config.indexPrefix}-${signal}-*`, ignore_unavailable: true, allow_no_indices: true });
      await this.client.indices.deleteIndexTemplate({ name: `${this.config.indexPrefix}-${signal}` }, { ignore: [404] });
    }
    await this.alerts.purge();
    await this.client.indices.deleteIndexTemplate({ name: `${this.config.indexPrefix}-alert` }, { ignore: [404] });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

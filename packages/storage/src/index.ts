export { Storage } from './storage';
export { storageConfigFromEnv } from './storage-config';
export type { StorageConfig } from './storage-config';
export { MAX_TRACE_SPANS } from './span.repository';
export type { RecentTracesQuery, SpanRepository, TraceLookup } from './span.repository';
export type { BulkWriteOutcome } from './bulk-writer';
export type { LogRepository, MetricRepository, StoredLogRecord, StoredMetricPoint } from './telemetry.repository';
export { spanIndexFor, spanIndicesBetween } from './index-names';

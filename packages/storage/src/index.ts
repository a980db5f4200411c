export { Storage } from './storage';
export { storageConfigFromEnv } from './storage-config';
export type { StorageConfig } from './storage-config';
export { MAX_TRACE_SPANS } from './span.repository';
export type { RecentTracesQuery, SpanRepository, TraceLookup } from './span.repository';
export type { BulkWriteOutcome } from './bulk-writer';
export type { LogRepository, MetricRepository, StoredLogRecord, StoredMetricPoint } from './telemetry.repository';
export { spanIndexFor, spanIndicesBetween } from './index-names';
export { AlertRepository, MAX_ALERT_LIST, VersionConflictError } from './alert.repository';
export type { AlertConfigKind, Versioned } from './alert.repository';
export { accessLogIndexFor } from './access-log.repository';
export type { AccessLogRepository, AccessLogRouteTotal } from './access-log.repository';
export { MAX_ENTITIES, MAX_SERIES_POINTS, MAX_SPARK_POINTS } from './rollup.repository';
export type { EntityListResult, EntityTotals, RollupRepository, RollupWindow, SeriesResult, SparkPoint } from './rollup.repository';

export { TraceCursorError } from './trace-summary.repository';
export type { TraceSearchQuery, TraceSummaryRepository } from './trace-summary.repository';

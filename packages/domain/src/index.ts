export {
  SPAN_KINDS,
  SPAN_STATUS_CODES,
  asDurationNs,
  asEpochNs,
} from './span';
export type {
  AttributeValue,
  Attributes,
  DurationNs,
  EpochNs,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanRecord,
  SpanStatusCode,
  TenantScope,
} from './span';
export type { SpanView, TraceDetailResponse, TraceListResponse, TraceSummary } from './trace-view';
export { normaliseResourceAttributes, normaliseSpanAttributes } from './semconv';
export { METRIC_KINDS } from './metric';
export type {
  AggregationTemporality,
  ExponentialHistogramValue,
  HistogramValue,
  MetricKind,
  MetricPointRecord,
  SummaryValue,
} from './metric';
export type { LogRecord } from './log-record';
export {
  LATENCY_BUCKET_COUNT,
  LATENCY_BUCKET_RELATIVE_ERROR,
  LATENCY_BUCKETS_PER_DOUBLING,
  latencyBucketIndex,
  latencyBucketLowerBoundUs,
  latencyBucketRepresentativeUs,
  latencyBucketUpperBoundUs,
  latencyPercentileUs,
  mergeLatencyBuckets,
} from './latency-buckets';
export type { LatencyBucketCounts } from './latency-buckets';
export {
  ALERT_LAYERS,
  ALERT_SEVERITIES,
  ALERT_STATES,
  CHANNEL_TYPES,
  COMPARISON_OPERATORS,
  alertConditionSchema,
  alertMetricSchema,
  alertRuleInputSchema,
  channelInputSchema,
  channelSecretSchemas,
  channelSettingsSchemas,
  silenceInputSchema,
} from './alerting';
export type {
  AlertCondition,
  AlertLayer,
  AlertMetric,
  AlertRule,
  AlertRuleInput,
  AlertRuleSpec,
  AlertSeverity,
  AlertState,
  AlertView,
  ChannelInput,
  ChannelSecrets,
  ChannelSettings,
  ChannelType,
  ChannelView,
  ComparisonOperator,
  NotificationRecord,
  Silence,
  SilenceInput,
  SilenceSpec,
} from './alerting';
export {
  ACCESS_LOG_MAX_ENTRIES,
  ACCESS_LOG_MAX_SAMPLE_LINE,
  ACCESS_LOG_MAX_SAMPLES,
  ACCESS_LOG_MAX_UNPARSED_SAMPLES,
  accessLogBatchSchema,
  accessLogSampleSchema,
  accessLogStatsEntrySchema,
  accessLogSummaryQuerySchema,
} from './access-log-stats';
export type {
  AccessLogBatch,
  AccessLogLatency,
  AccessLogMinuteTotal,
  AccessLogSample,
  AccessLogSampleView,
  AccessLogStatsEntry,
  AccessLogSummaryQuery,
  AccessLogSummaryResponse,
} from './access-log-stats';
export {
  ENTITY_DIMENSIONS,
  INFRA_COUNTERS,
  INFRA_GAUGES,
  LAYER_DIMENSIONS,
  LAYERS,
  MAX_DIMENSION_LENGTH,
  ROLLUP_SOURCES,
  entityDimsFromKey,
  entityKey,
  layerEntityRef,
  layerWindowSchema,
} from './layer';
export type {
  CounterStats,
  EntityDimension,
  EntityDims,
  GaugeStats,
  InfraCounter,
  InfraFigures,
  InfraGauge,
  Layer,
  LayerEntityListResponse,
  LayerEntityRow,
  LayerFigures,
  LayerOverviewItem,
  LayerOverviewResponse,
  LayerSeriesPoint,
  LayerSeriesResponse,
  LayerWindowQuery,
  RollupRecord,
  RollupTotals,
  RollupSource,
} from './layer';
export {
  MAX_BUSINESS_RULES,
  attributeConditionSchema,
  businessMatchSchema,
  businessRuleInputSchema,
  successConditionSchema,
} from './business-rule';
export type { BusinessRule, BusinessRuleInput } from './business-rule';
export {
  TRACE_SEARCH_FIELDS,
  TRACE_SEARCH_LIMITS,
  TRACE_SEARCH_SORTS,
  TraceQueryError,
  parseDuration,
  parseTraceQuery,
  traceSearchExprSchema,
} from './trace-search';
export type { TraceSearchExpr, TraceSearchField, TraceSearchHit, TraceSearchResponse, TraceSearchSort } from './trace-search';

export { BIZ_NAME_ATTRIBUTE, BIZ_SUCCESS_ATTRIBUTE, classifySpan } from './span-classifier';
export type { SpanClassification } from './span-classifier';
export { MAX_ROLLUPS_PER_BATCH, MAX_STATUS_CODES, buildSpanRollups, minuteOf } from './span-rollups';
export type { SpanRollupResult } from './span-rollups';
export { buildInfraRollups } from './infra-rollups';
export { normaliseRoute } from './route-normaliser';
export { DEFAULT_SLOW_THRESHOLD_US, figuresFromTotals, infraFiguresFromTotals, seriesIntervalMs, slowCount, worstFirst } from './figures';
export { buildAccessLogRollups } from './access-log-rollups';

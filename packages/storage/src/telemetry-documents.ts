import { createHash } from 'node:crypto';
import type { Attributes, LogRecord, MetricPointRecord, TenantScope } from '@linkscope/domain';
import { keyValueTerms } from './span-document';

function stableJson(attributes: Attributes): string {
  return JSON.stringify(Object.keys(attributes).sort().map((key) => [key, attributes[key]]));
}

function digest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 40);
}

function epochMs(epochNs: string): number {
  return Number(BigInt(epochNs) / 1_000_000n);
}

/**
 * A metric point's id is its series (resource, scope, name, attributes) and its time: the same
 * point sent twice, in any batch, is one document.
 */
export function metricDocumentId(scope: TenantScope, point: MetricPointRecord): string {
  return digest([scope.tenantId, scope.projectId, stableJson(point.resourceAttributes), point.scopeName, point.name, stableJson(point.attributes), point.timeEpochNs]);
}

export function toMetricDocument(scope: TenantScope, point: MetricPointRecord): object {
  return {
    '@timestamp': epochMs(point.timeEpochNs),
    tenant_id: scope.tenantId,
    project_id: scope.projectId,
    service_name: point.serviceName,
    host_name: point.hostName,
    name: point.name,
    unit: point.unit,
    kind: point.kind,
    temporality: point.temporality,
    monotonic: point.monotonic,
    time_ns: point.timeEpochNs,
    start_time_ns: point.startTimeEpochNs,
    value: point.value,
    hist_count: point.histogram?.count ?? point.exponentialHistogram?.count ?? point.summary?.count ?? null,
    hist_sum: point.histogram?.sum ?? point.exponentialHistogram?.sum ?? point.summary?.sum ?? null,
    hist_min: point.histogram?.min ?? point.exponentialHistogram?.min ?? null,
    hist_max: point.histogram?.max ?? point.exponentialHistogram?.max ?? null,
    histogram: point.histogram,
    exponential_histogram: point.exponentialHistogram,
    summary: point.summary,
    attr_kv: keyValueTerms(point.attributes, {}),
    attributes: point.attributes,
    resource_attributes: point.resourceAttributes,
    scope_name: point.scopeName,
  };
}

/** A log record's id is its content and times, so a resent batch creates nothing new. */
export function logDocumentId(scope: TenantScope, record: LogRecord): string {
  return digest([
    scope.tenantId,
    scope.projectId,
    stableJson(record.resourceAttributes),
    record.timeEpochNs,
    record.observedTimeEpochNs,
    String(record.severityNumber),
    record.body,
    stableJson(record.attributes),
    record.traceId ?? '',
    record.spanId ?? '',
  ]);
}

export function toLogDocument(scope: TenantScope, record: LogRecord): object {
  return {
    '@timestamp': epochMs(record.timeEpochNs),
    tenant_id: scope.tenantId,
    project_id: scope.projectId,
    service_name: record.serviceName,
    time_ns: record.timeEpochNs,
    observed_time_ns: record.observedTimeEpochNs,
    severity_number: record.severityNumber,
    severity_text: record.severityText,
    body: record.body,
    trace_id: record.traceId,
    span_id: record.spanId,
    attr_kv: keyValueTerms(record.attributes, {}),
    attributes: record.attributes,
    resource_attributes: record.resourceAttributes,
    scope_name: record.scopeName,
  };
}

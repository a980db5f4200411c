import type { SpanRecord } from '@linkscope/domain';
import { asDurationNs, asEpochNs } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { type IngestJob, type IngestJobData, fromJobData, toJobData } from './ingest-batch';
import { decodeSpans, encodeSpans } from './span-wire';

const shop = { 'service.name': 'shop', 'host.name': 'shop-1', 'telemetry.sdk.language': 'nodejs' };
const pay = { 'service.name': 'payments', 'host.name': 'pay-1' };

function span(i: number, resourceAttributes: Record<string, string>): SpanRecord {
  return {
    traceId: 'a'.repeat(32),
    spanId: i.toString(16).padStart(16, '0'),
    parentSpanId: i === 1 ? null : '0000000000000001',
    name: `op ${i}`,
    kind: i === 1 ? 'server' : 'client',
    serviceName: resourceAttributes['service.name']!,
    startEpochNs: asEpochNs('1795430771675005000'),
    durationNs: asDurationNs(2_500_000 + i),
    statusCode: i % 3 === 0 ? 'error' : 'unset',
    statusMessage: i % 3 === 0 ? 'boom' : '',
    attributes: { 'http.route': '/pay', 'http.response.status_code': 200, tags: ['a', 'b'] },
    resourceAttributes,
    scopeName: 'test',
    events: i === 2 ? [{ timeEpochNs: asEpochNs('1795430771675006000'), name: 'exception', attributes: { 'exception.type': 'Error' } }] : [],
    links: i === 3 ? [{ traceId: 'b'.repeat(32), spanId: 'c'.repeat(16), attributes: {} }] : [],
  };
}

describe('span batches in Redis', () => {
  const spans = [span(1, shop), span(2, shop), span(3, pay), span(4, shop)];

  it('come back field for field after a JSON round trip', () => {
    const back = decodeSpans(JSON.parse(JSON.stringify(encodeSpans(spans))));
    expect(back).toEqual(spans);
  });

  it('carry each resource once, however many spans share it', () => {
    const wire = encodeSpans(spans);
    expect(wire.resources).toEqual([shop, pay]);
    const plain = JSON.stringify(spans).length;
    const packed = JSON.stringify(wire).length;
    expect(packed).toBeLessThan(plain * 0.8);
  });

  it('unpack jobs written before the packing, with plain spans', () => {
    const job: IngestJob = { signal: 'spans', batchId: 'b1', scope: { tenantId: 't', projectId: 'p' }, receivedAtMs: 1, spans };
    expect(fromJobData(JSON.parse(JSON.stringify(job)))).toEqual(job);
    expect(fromJobData(JSON.parse(JSON.stringify(toJobData(job))) as IngestJobData)).toEqual(job);
  });

  it('refuse a row that names a resource the batch does not have', () => {
    const wire = JSON.parse(JSON.stringify(encodeSpans(spans)));
    wire.rows[1][11] = 7;
    expect(() => decodeSpans(wire)).toThrow(/span row 1 names resource 7, the batch has 2/);
  });
});

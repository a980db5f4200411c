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

  it('carry each resource once, and each service name, scope name and attribute key once, however many spans share them', () => {
    const wire = encodeSpans(spans);
    expect(wire.resources).toEqual([shop, pay]);
    expect(wire.v === 2 && [...wire.strings].sort()).toEqual(['http.response.status_code', 'http.route', 'payments', 'shop', 'tags', 'test']);
    const plain = JSON.stringify(spans).length;
    const packed = JSON.stringify(wire).length;
    expect(packed).toBeLessThan(plain * 0.6);
  });

  it('unpack layout 1, as collectors before the string table wrote it', () => {
    const v1 = {
      v: 1,
      resources: [shop, pay],
      rows: spans.map((s) => [s.traceId, s.spanId, s.parentSpanId, s.name, s.kind, s.serviceName, s.startEpochNs, s.durationNs, s.statusCode, s.statusMessage, s.attributes, s.resourceAttributes === shop ? 0 : 1, s.scopeName, s.events, s.links]),
    };
    expect(decodeSpans(JSON.parse(JSON.stringify(v1)))).toEqual(spans);
  });

  it('refuse a row that names a string the batch does not have', () => {
    const wire = JSON.parse(JSON.stringify(encodeSpans(spans)));
    wire.rows[2][10][2] = 99;
    expect(() => decodeSpans(wire)).toThrow(/span row 2 names string 99, the batch has 6/);
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

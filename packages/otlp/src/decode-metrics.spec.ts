import { describe, expect, it } from 'vitest';
import { decodeMetricsRequest } from './decode-metrics';
import { protoType } from './proto-root';

const T = '1795000000000000000';
const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }, { key: 'host.name', value: { stringValue: 'node-1' } }] };

function protobuf(metrics: object[]): Buffer {
  const type = protoType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
  return Buffer.from(type.encode(type.fromObject({ resourceMetrics: [{ resource, scopeMetrics: [{ scope: { name: 'host' }, metrics }] }] })).finish());
}

describe('decodeMetricsRequest', () => {
  it('decodes gauges, monotonic sums and histograms from protobuf, one record per point', () => {
    const decoded = decodeMetricsRequest(
      protobuf([
        { name: 'system.cpu.utilization', unit: '1', gauge: { dataPoints: [{ timeUnixNano: T, asDouble: 0.42, attributes: [{ key: 'cpu.mode', value: { stringValue: 'user' } }] }] } },
        { name: 'http.server.requests', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ startTimeUnixNano: '1794999999000000000', timeUnixNano: T, asInt: 17 }] } },
        {
          name: 'http.server.request.duration',
          unit: 's',
          histogram: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: T, count: 6, sum: 1.5, explicitBounds: [0.1, 1], bucketCounts: [3, 2, 1] }] },
        },
      ]),
      'protobuf',
    );
    expect(decoded.rejected).toBe(0);
    expect(decoded.points.map((p) => [p.name, p.kind, p.value, p.temporality, p.monotonic])).toEqual([
      ['system.cpu.utilization', 'gauge', 0.42, 'unspecified', false],
      ['http.server.requests', 'sum', 17, 'cumulative', true],
      ['http.server.request.duration', 'histogram', null, 'delta', false],
    ]);
    expect(decoded.points[0]).toMatchObject({ serviceName: 'orders', hostName: 'node-1', timeEpochNs: T, attributes: { 'cpu.mode': 'user' }, scopeName: 'host' });
    expect(decoded.points[1]?.startTimeEpochNs).toBe('1794999999000000000');
    expect(decoded.points[2]?.histogram).toEqual({ count: 6, sum: 1.5, min: null, max: null, bounds: [0.1, 1], counts: [3, 2, 1] });
  });

  it('reads OTLP/JSON with integers as strings and drops invalid points with reasons', () => {
    const body = Buffer.from(
      JSON.stringify({
        resourceMetrics: [
          {
            resource,
            scopeMetrics: [
              {
                metrics: [
                  { name: 'queue.depth', gauge: { dataPoints: [{ timeUnixNano: T, asInt: '12' }, { asInt: '1' }] } },
                  { name: '', gauge: { dataPoints: [{ timeUnixNano: T, asInt: 1 }] } },
                  { name: 'odd', histogram: { dataPoints: [{ timeUnixNano: T, explicitBounds: [1, 2], bucketCounts: [1] }] } },
                  { name: 'empty' },
                ],
              },
            ],
          },
        ],
      }),
    );
    const decoded = decodeMetricsRequest(body, 'json');
    expect(decoded.points).toHaveLength(1);
    expect(decoded.points[0]?.value).toBe(12);
    expect(decoded.rejectReasons).toEqual({ invalid_time: 1, missing_name: 1, invalid_value: 1, no_data: 1 });
  });
});

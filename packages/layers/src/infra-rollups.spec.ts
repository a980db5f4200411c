import { type Attributes, type MetricPointRecord, asEpochNs } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { buildInfraRollups } from './infra-rollups';

const T0 = 1_700_000_040_000;

function point(name: string, value: number, attributes: Attributes = {}, options: { timeMs?: number; host?: string; unit?: string; temporality?: MetricPointRecord['temporality']; resource?: Attributes } = {}): MetricPointRecord {
  return {
    name,
    description: '',
    unit: options.unit ?? '',
    kind: 'gauge',
    temporality: options.temporality ?? 'cumulative',
    monotonic: false,
    serviceName: 'svc',
    hostName: options.host ?? 'node-1',
    timeEpochNs: asEpochNs(BigInt(options.timeMs ?? T0 + 5_000) * 1_000_000n),
    startTimeEpochNs: null,
    value,
    histogram: null,
    exponentialHistogram: null,
    summary: null,
    attributes,
    resourceAttributes: options.resource ?? {},
    scopeName: 'host-metrics',
  };
}

describe('buildInfraRollups', () => {
  it('averages CPU over logical CPUs as 1 − idle, per sample', () => {
    const points = [
      point('system.cpu.utilization', 0.75, { 'cpu.mode': 'idle', 'cpu.logical_number': 0 }),
      point('system.cpu.utilization', 0.2, { 'cpu.mode': 'user', 'cpu.logical_number': 0 }),
      point('system.cpu.utilization', 0.25, { 'cpu.mode': 'idle', 'cpu.logical_number': 1 }),
      point('system.cpu.utilization', 0.05, { 'cpu.mode': 'idle', 'cpu.logical_number': 0 }, { timeMs: T0 + 35_000 }),
      point('system.cpu.utilization', 0.05, { 'cpu.mode': 'idle', 'cpu.logical_number': 1 }, { timeMs: T0 + 35_000 }),
    ];
    const [rollup] = buildInfraRollups(points);
    expect(rollup).toMatchObject({ layer: 'infrastructure', source: 'metric', dims: { host: 'node-1', container: '' }, minuteEpochMs: T0 });
    expect(rollup!.gauges!.cpu_utilization!.count).toBe(2);
    expect(rollup!.gauges!.cpu_utilization!.sum).toBeCloseTo(0.5 + 0.95, 10);
    expect(rollup!.gauges!.cpu_utilization!.max).toBeCloseTo(0.95, 10);
  });

  it('counts only used memory, sums heap spaces, reads event-loop delay in seconds', () => {
    const [rollup] = buildInfraRollups([
      point('system.memory.usage', 4e9, { 'system.memory.state': 'used' }),
      point('system.memory.usage', 12e9, { 'system.memory.state': 'free' }),
      point('v8js.memory.heap.used', 1e6, { 'v8js.heap.space.name': 'new_space' }),
      point('v8js.memory.heap.used', 2e6, { 'v8js.heap.space.name': 'old_space' }),
      point('nodejs.eventloop.delay.p99', 12, {}, { unit: 'ms' }),
    ]);
    expect(rollup!.gauges).toMatchObject({ memory_used_bytes: { sum: 4e9, count: 1 }, heap_used_bytes: { sum: 3e6, count: 1 }, eventloop_delay_p99_s: { sum: 0.012, count: 1 } });
  });

  it('keeps network counters as first and last cumulative totals over interfaces', () => {
    const [rollup] = buildInfraRollups([
      point('system.network.io', 100, { 'network.io.direction': 'receive', 'network.interface.name': 'eth0' }, { timeMs: T0 + 1_000 }),
      point('system.network.io', 50, { 'network.io.direction': 'receive', 'network.interface.name': 'lo' }, { timeMs: T0 + 1_000 }),
      point('system.network.io', 400, { 'network.io.direction': 'receive', 'network.interface.name': 'eth0' }, { timeMs: T0 + 31_000 }),
      point('system.network.io', 50, { 'network.io.direction': 'receive', 'network.interface.name': 'lo' }, { timeMs: T0 + 31_000 }),
      point('system.network.io', 7, { 'network.io.direction': 'transmit' }, { temporality: 'delta' }),
    ]);
    expect(rollup!.counters).toEqual({ network_receive_bytes: { minValue: 150, maxValue: 450, minTimeMs: T0 + 1_000, maxTimeMs: T0 + 31_000 } });
  });

  it('keys the layer on host and container, and ignores points without a host or of other metrics', () => {
    const rollups = buildInfraRollups([
      point('process.memory.usage', 1, {}, { host: 'a' }),
      point('process.memory.usage', 2, {}, { host: 'a', resource: { 'container.id': 'c1' } }),
      point('process.memory.usage', 3, {}, { host: '' }),
      point('http.server.request.duration', 3, {}, { host: 'a' }),
    ]);
    expect(rollups.map((r) => r.dims)).toEqual([{ host: 'a', container: '' }, { host: 'a', container: 'c1' }]);
  });
});

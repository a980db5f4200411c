import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';

import { defaultRouteInterface, parseProcNetDev, pickInterface, startNetworkMetrics } from './network-metrics';

const PROC_NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 9000000   70000    0    0    0     0          0         0  9000000   70000    0    0    0     0       0          0
  eth0: 123456789  98765    3    7    0     0          0         0 987654321   45678    2    5    0     0       0          0
 wlan0: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0
`;

const PROC_NET_ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
`;

class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

async function collect(read: (path: string) => Promise<string>): Promise<ResourceMetrics> {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  startNetworkMetrics(provider.getMeter('test'), read);
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return resourceMetrics;
}

function points(resourceMetrics: ResourceMetrics, name: string): Array<{ attributes: Record<string, unknown>; value: unknown }> {
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((candidate) => candidate.descriptor.name === name);
  return (metric?.dataPoints ?? []).map((point) => ({ attributes: point.attributes, value: point.value }));
}

describe('parseProcNetDev', () => {
  it('reads bytes, errors and drops per direction for every interface', () => {
    const interfaces = parseProcNetDev(PROC_NET_DEV);
    expect(interfaces.map((counters) => counters.iface)).toEqual(['lo', 'eth0', 'wlan0']);
    expect(interfaces[1]).toEqual({ iface: 'eth0', rxBytes: 123456789, rxErrors: 3, rxDropped: 7, txBytes: 987654321, txErrors: 2, txDropped: 5 });
  });

  it('skips lines that are not interface rows', () => {
    expect(parseProcNetDev('garbage\nnot: a row\n')).toEqual([]);
  });
});

describe('defaultRouteInterface and pickInterface', () => {
  it('takes the interface of the default route', () => {
    expect(defaultRouteInterface(PROC_NET_ROUTE)).toBe('eth0');
    expect(pickInterface(parseProcNetDev(PROC_NET_DEV), 'wlan0')?.iface).toBe('wlan0');
  });

  it('falls back to the first interface that is not loopback when there is no default route', () => {
    expect(defaultRouteInterface('Iface\tDestination\n')).toBeUndefined();
    expect(pickInterface(parseProcNetDev(PROC_NET_DEV), undefined)?.iface).toBe('eth0');
  });
});

describe('startNetworkMetrics', () => {
  it('observes the host-metrics names and attributes for the default interface', async () => {
    const files: Record<string, string> = { '/proc/net/dev': PROC_NET_DEV, '/proc/net/route': PROC_NET_ROUTE };
    const metrics = await collect(async (path) => files[path]!);

    expect(points(metrics, 'system.network.io')).toEqual([
      { attributes: { 'system.device': 'eth0', 'network.io.direction': 'receive' }, value: 123456789 },
      { attributes: { 'system.device': 'eth0', 'network.io.direction': 'transmit' }, value: 987654321 },
    ]);
    expect(points(metrics, 'system.network.errors').map((point) => point.value)).toEqual([3, 2]);
    expect(points(metrics, 'system.network.dropped').map((point) => point.value)).toEqual([7, 5]);
  });

  it('observes nothing, and does not fail the collection, when /proc cannot be read', async () => {
    const metrics = await collect(() => Promise.reject(new Error('ENOENT')));

    expect(points(metrics, 'system.network.io')).toEqual([]);
  });
});

import type { AttributeValue, CounterStats, GaugeStats, InfraCounter, InfraGauge, MetricPointRecord, RollupRecord } from '@linkscope/domain';

const MINUTE_MS = 60_000;

type Sample = { readonly value: number; readonly timeMs: number };

/** Host-level OpenTelemetry metric names (semantic conventions) and the gauge each feeds. */
const GAUGE_METRICS: Readonly<Record<string, InfraGauge>> = {
  'system.cpu.utilization': 'cpu_utilization',
  'system.memory.usage': 'memory_used_bytes',
  'system.memory.utilization': 'memory_utilization',
  'process.cpu.utilization': 'process_cpu_utilization',
  'process.memory.usage': 'process_memory_bytes',
  'v8js.memory.heap.used': 'heap_used_bytes',
  'nodejs.eventloop.delay.p99': 'eventloop_delay_p99_s',
};

const NETWORK_IO = 'system.network.io';

function attr(attributes: Readonly<Record<string, AttributeValue>>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = attributes[key];
    if (value !== undefined && !Array.isArray(value)) return String(value);
  }
  return undefined;
}

function timeMsOf(point: MetricPointRecord): number {
  return Number(BigInt(point.timeEpochNs) / 1_000_000n);
}

/** The container a point's resource runs in, '' when none. */
function containerOf(point: MetricPointRecord): string {
  return attr(point.resourceAttributes, 'container.id') ?? '';
}

/** Points of one metric sent at one time by one resource, which together make one sample. */
function groupSamples(points: readonly MetricPointRecord[]): Map<string, MetricPointRecord[]> {
  const groups = new Map<string, MetricPointRecord[]>();
  for (const point of points) {
    const key = `${point.name}\u001f${point.hostName}\u001f${containerOf(point)}\u001f${point.serviceName}\u001f${attr(point.resourceAttributes, 'service.instance.id') ?? ''}\u001f${point.timeEpochNs}`;
    const group = groups.get(key);
    if (group) group.push(point);
    else groups.set(key, [point]);
  }
  return groups;
}

function value(point: MetricPointRecord): number | null {
  return point.value !== null && Number.isFinite(point.value) ? point.value : null;
}

/** CPU in use (0–1) from `system.cpu.utilization` points: per logical CPU 1 − idle (or the sum of the busy modes), averaged over CPUs. */
function cpuSample(points: readonly MetricPointRecord[]): number | null {
  const perCpu = new Map<string, { idle: number | null; busy: number }>();
  for (const point of points) {
    const v = value(point);
    if (v === null) continue;
    const cpu = attr(point.attributes, 'cpu.logical_number', 'system.cpu.logical_number', 'cpu') ?? '';
    const mode = attr(point.attributes, 'cpu.mode', 'system.cpu.state', 'state');
    const entry = perCpu.get(cpu) ?? { idle: null, busy: 0 };
    if (mode === 'idle') entry.idle = v;
    else entry.busy += v;
    perCpu.set(cpu, entry);
  }
  if (perCpu.size === 0) return null;
  let total = 0;
  for (const { idle, busy } of perCpu.values()) total += idle !== null ? 1 - idle : busy;
  return Math.min(1, Math.max(0, total / perCpu.size));
}

/** `system.memory.*`: only the `used` state counts (states are used/free/cached/buffers); points without a state count as is. */
function memorySample(points: readonly MetricPointRecord[]): number | null {
  let used: number | null = null;
  for (const point of points) {
    const v = value(point);
    if (v === null) continue;
    const state = attr(point.attributes, 'system.memory.state', 'state');
    if (state === undefined || state === 'used') used = (used ?? 0) + v;
  }
  return used;
}

/** Every point of the sample added up (process CPU over its modes, heap over its spaces). */
function sumSample(points: readonly MetricPointRecord[]): number | null {
  let sum: number | null = null;
  for (const point of points) {
    const v = value(point);
    if (v !== null) sum = (sum ?? 0) + v;
  }
  return sum;
}

function eventLoopSample(points: readonly MetricPointRecord[]): number | null {
  const point = points[0];
  const v = point ? value(point) : null;
  if (v === null || !point) return null;
  return point.unit === 'ms' ? v / 1000 : v;
}

function sampleOf(gauge: InfraGauge, points: readonly MetricPointRecord[]): number | null {
  switch (gauge) {
    case 'cpu_utilization':
      return cpuSample(points);
    case 'memory_used_bytes':
    case 'memory_utilization':
      return memorySample(points);
    case 'eventloop_delay_p99_s':
      return eventLoopSample(points);
    default:
      return sumSample(points);
  }
}

interface HostMinute {
  host: string;
  container: string;
  minuteEpochMs: number;
  gauges: Partial<Record<InfraGauge, Sample[]>>;
  counters: Partial<Record<InfraCounter, Sample[]>>;
}

/**
 * Pre-aggregates one metrics batch into infrastructure rollups, one per (host, container, minute):
 * for each gauge the sum, count and maximum of its samples; for the network counters (cumulative
 * `system.network.io`, summed over interfaces per direction) the smallest and largest value with
 * their times. Points without `host.name` and delta-temporality counters are not counted.
 */
export function buildInfraRollups(points: readonly MetricPointRecord[]): RollupRecord[] {
  const hostMinutes = new Map<string, HostMinute>();
  const slot = (point: MetricPointRecord): HostMinute => {
    const timeMs = timeMsOf(point);
    const minuteEpochMs = Math.floor(timeMs / MINUTE_MS) * MINUTE_MS;
    const container = containerOf(point);
    const key = `${point.hostName}\u001f${container}\u001f${minuteEpochMs}`;
    let hm = hostMinutes.get(key);
    if (!hm) {
      hm = { host: point.hostName, container, minuteEpochMs, gauges: {}, counters: {} };
      hostMinutes.set(key, hm);
    }
    return hm;
  };

  const relevant = points.filter((p) => p.hostName !== '' && (p.name in GAUGE_METRICS || p.name === NETWORK_IO));
  for (const group of groupSamples(relevant).values()) {
    const first = group[0]!;
    const hm = slot(first);
    const timeMs = timeMsOf(first);
    if (first.name === NETWORK_IO) {
      if (first.temporality === 'delta') continue;
      for (const direction of ['receive', 'transmit'] as const) {
        const inDirection = group.filter((p) => attr(p.attributes, 'network.io.direction', 'direction') === direction);
        const total = sumSample(inDirection);
        if (total === null) continue;
        const counter: InfraCounter = direction === 'receive' ? 'network_receive_bytes' : 'network_transmit_bytes';
        (hm.counters[counter] ??= []).push({ value: total, timeMs });
      }
      continue;
    }
    const gauge = GAUGE_METRICS[first.name]!;
    const sample = sampleOf(gauge, group);
    if (sample !== null && Number.isFinite(sample)) (hm.gauges[gauge] ??= []).push({ value: sample, timeMs });
  }

  const rollups: RollupRecord[] = [];
  for (const hm of hostMinutes.values()) {
    const gauges: Partial<Record<InfraGauge, GaugeStats>> = {};
    for (const [name, samples] of Object.entries(hm.gauges) as [InfraGauge, Sample[]][]) {
      gauges[name] = { sum: samples.reduce((s, x) => s + x.value, 0), count: samples.length, max: Math.max(...samples.map((x) => x.value)) };
    }
    const counters: Partial<Record<InfraCounter, CounterStats>> = {};
    for (const [name, samples] of Object.entries(hm.counters) as [InfraCounter, Sample[]][]) {
      counters[name] = {
        minValue: Math.min(...samples.map((x) => x.value)),
        maxValue: Math.max(...samples.map((x) => x.value)),
        minTimeMs: Math.min(...samples.map((x) => x.timeMs)),
        maxTimeMs: Math.max(...samples.map((x) => x.timeMs)),
      };
    }
    if (Object.keys(gauges).length === 0 && Object.keys(counters).length === 0) continue;
    rollups.push({
      layer: 'infrastructure',
      source: 'metric',
      dims: { host: hm.host, container: hm.container },
      minuteEpochMs: hm.minuteEpochMs,
      count: 0,
      errors: 0,
      statusCounts: {},
      latencySumUs: 0,
      latencyMaxUs: 0,
      latencyBuckets: {},
      gauges,
      counters,
    });
  }
  return rollups;
}

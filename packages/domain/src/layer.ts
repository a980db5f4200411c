import { z } from 'zod';
import type { LatencyBucketCounts } from './latency-buckets';

/** The five monitoring layers, from what the business sees down to the machines. */
export const LAYERS = ['business', 'uri', 'interface', 'component', 'infrastructure'] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * Where a rollup's figures come from. URI rollups exist from traces (`trace`) and from access-log
 * statistics (`log`): both describe the same requests, so they are kept apart and never summed.
 */
export const ROLLUP_SOURCES = ['trace', 'log', 'metric'] as const;
export type RollupSource = (typeof ROLLUP_SOURCES)[number];

/** Named parts of an entity key. Which ones a layer uses, and in what order, is `LAYER_DIMENSIONS`. */
export const ENTITY_DIMENSIONS = ['name', 'service', 'method', 'route', 'peer', 'operation', 'system', 'instance', 'host', 'container'] as const;
export type EntityDimension = (typeof ENTITY_DIMENSIONS)[number];

/**
 * The dimensions that identify an entity in each layer:
 * business — the business transaction name; URI — service + method + normalised route;
 * interface — calling service + peer + operation; component — system + instance + operation;
 * infrastructure — host + container ('' when not containerised).
 */
export const LAYER_DIMENSIONS = {
  business: ['name'],
  uri: ['service', 'method', 'route'],
  interface: ['service', 'peer', 'operation'],
  component: ['system', 'instance', 'operation'],
  infrastructure: ['host', 'container'],
} as const satisfies Record<Layer, readonly EntityDimension[]>;

/** An entity's dimension values. Every dimension of its layer is present (possibly ''). */
export type EntityDims = Partial<Record<EntityDimension, string>>;

/** Longest dimension value kept; longer ones are cut (routes and operations are meant to be low-cardinality). */
export const MAX_DIMENSION_LENGTH = 256;
const KEY_SEPARATOR = '\u001f';

/**
 * The one string that identifies an entity within its layer: the layer's dimension values in
 * order, joined by U+001F. Missing dimensions count as ''. Stable: stored and compared as is.
 */
export function entityKey(layer: Layer, dims: EntityDims): string {
  return LAYER_DIMENSIONS[layer].map((dimension) => (dims[dimension] ?? '').replaceAll(KEY_SEPARATOR, ' ').slice(0, MAX_DIMENSION_LENGTH)).join(KEY_SEPARATOR);
}

/** The dimensions back from an entity key of `layer`. */
export function entityDimsFromKey(layer: Layer, key: string): EntityDims {
  const values = key.split(KEY_SEPARATOR);
  const dims: EntityDims = {};
  LAYER_DIMENSIONS[layer].forEach((dimension, i) => {
    dims[dimension] = values[i] ?? '';
  });
  return dims;
}

/**
 * How a span document names an entity it counts towards: `<layer>:<entity key>`. The traces of an
 * entity are a term query on it.
 */
export function layerEntityRef(layer: Layer, key: string): string {
  return `${layer}:${key}`;
}

/** Infrastructure gauges kept per host and minute: averaged and maximised over a window. */
export const INFRA_GAUGES = [
  'cpu_utilization',
  'memory_used_bytes',
  'memory_utilization',
  'process_cpu_utilization',
  'process_memory_bytes',
  'heap_used_bytes',
  'eventloop_delay_p99_s',
] as const;
export type InfraGauge = (typeof INFRA_GAUGES)[number];

/** Infrastructure counters (cumulative): shown as a rate per second over a window. */
export const INFRA_COUNTERS = ['network_receive_bytes', 'network_transmit_bytes'] as const;
export type InfraCounter = (typeof INFRA_COUNTERS)[number];

/** Sum, count and maximum of a gauge's samples: averages and maxima merge by addition and max. */
export interface GaugeStats {
  readonly sum: number;
  readonly count: number;
  readonly max: number;
}

/**
 * Samples of a cumulative counter (summed over its series at each sample time): the smallest and
 * largest value seen and the first and last sample time. Monotonic, so the rate over any window
 * is (maxValue − minValue) / (maxTimeMs − minTimeMs).
 */
export interface CounterStats {
  readonly minValue: number;
  readonly maxValue: number;
  readonly minTimeMs: number;
  readonly maxTimeMs: number;
}

/**
 * Figures that merge by addition (`latencyMaxUs` and gauge maxima by maximum, counter bounds by
 * min/max): what one rollup holds, and what any number of them sum to.
 */
export interface RollupTotals {
  readonly count: number;
  /** Failed requests; for business transactions, the ones the success condition rejected. */
  readonly errors: number;
  /** Status code (HTTP status, RPC or database code; `OK`/`ERROR`/`UNSET` otherwise) → count. */
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly latencySumUs: number;
  readonly latencyMaxUs: number;
  /** Counts in the shared latency buckets (`latency-buckets.ts`). */
  readonly latencyBuckets: Readonly<LatencyBucketCounts>;
  /** Infrastructure only. */
  readonly gauges?: Readonly<Partial<Record<InfraGauge, GaugeStats>>>;
  readonly counters?: Readonly<Partial<Record<InfraCounter, CounterStats>>>;
}

/**
 * One minute of one entity, as written by one batch (or one access-log shipment). Any number of
 * these for the same entity and minute merge into its totals.
 */
export interface RollupRecord extends RollupTotals {
  readonly layer: Layer;
  readonly source: RollupSource;
  readonly dims: EntityDims;
  /** Start of the minute, epoch ms (a multiple of 60 000). */
  readonly minuteEpochMs: number;
}

/** Query of the entity-list and overview endpoints (shared by api and dashboard). */
export const layerWindowSchema = z
  .object({
    fromMs: z.coerce.number().int().min(0),
    toMs: z.coerce.number().int().min(0),
    compare: z.enum(['none', 'day', 'week']).default('none'),
  })
  .refine((q) => q.toMs > q.fromMs, { message: 'toMs must be after fromMs', path: ['toMs'] })
  .refine((q) => q.toMs - q.fromMs <= 31 * 86_400_000, { message: 'a window is at most 31 days', path: ['toMs'] });
export type LayerWindowQuery = z.infer<typeof layerWindowSchema>;

/** The figures of one entity (or one layer) over a window. Latencies in µs; null when nothing was counted. */
export interface LayerFigures {
  readonly count: number;
  readonly errors: number;
  /** errors / count, 0 when count is 0. */
  readonly errorRate: number;
  /** count per second over the window. */
  readonly ratePerS: number;
  readonly p50Us: number | null;
  readonly p95Us: number | null;
  readonly p99Us: number | null;
  readonly avgUs: number | null;
  readonly maxUs: number | null;
  /** Requests at or above the slow threshold (counted from the buckets). */
  readonly slowCount: number;
}

export interface InfraFigures {
  /** Average of each gauge over the window; absent when not reported. */
  readonly averages: Readonly<Partial<Record<InfraGauge, number>>>;
  readonly maxima: Readonly<Partial<Record<InfraGauge, number>>>;
  /** Rate per second of each counter over the window; absent with fewer than two samples. */
  readonly rates: Readonly<Partial<Record<InfraCounter, number>>>;
}

export interface LayerEntityRow {
  readonly layer: Layer;
  readonly source: RollupSource;
  readonly key: string;
  readonly dims: EntityDims;
  readonly figures: LayerFigures;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Figures of the comparison window, when one was asked for and the entity existed then. */
  readonly previous: LayerFigures | null;
  readonly infra: InfraFigures | null;
  /** Requests and errors per interval over the window (`sparkIntervalMs` of the response), when asked for. */
  readonly spark: readonly { readonly count: number; readonly errors: number }[] | null;
}

export interface LayerEntityListResponse {
  readonly layer: Layer;
  readonly fromMs: number;
  readonly toMs: number;
  readonly compare: LayerWindowQuery['compare'];
  readonly slowThresholdUs: number;
  /** Interval of each row's sparkline, null when none was asked for. */
  readonly sparkIntervalMs: number | null;
  readonly entities: readonly LayerEntityRow[];
  /** True when the layer had more entities than returned. */
  readonly truncated: boolean;
}

export interface LayerOverviewItem {
  readonly layer: Layer;
  readonly entityCount: number;
  readonly totals: LayerFigures;
  readonly previousTotals: LayerFigures | null;
  /** The worst entities first (error rate, then p95). */
  readonly worst: readonly LayerEntityRow[];
}

export interface LayerOverviewResponse {
  readonly fromMs: number;
  readonly toMs: number;
  readonly compare: LayerWindowQuery['compare'];
  readonly layers: readonly LayerOverviewItem[];
}

export interface LayerSeriesPoint {
  readonly timeMs: number;
  readonly count: number;
  readonly errors: number;
  readonly p50Us: number | null;
  readonly p95Us: number | null;
  readonly p99Us: number | null;
  /** Infrastructure only: gauge averages and counter rates in this interval. */
  readonly infra?: Readonly<Partial<Record<InfraGauge | InfraCounter, number>>>;
}

export interface LayerSeriesResponse {
  readonly layer: Layer;
  readonly key: string;
  readonly dims: EntityDims;
  readonly intervalMs: number;
  readonly points: readonly LayerSeriesPoint[];
  /** The comparison window's points, shifted onto the current window's times. */
  readonly previousPoints: readonly LayerSeriesPoint[] | null;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly figures: LayerFigures;
}

import type { SpanNode } from './span-tree';

export interface WaterfallRowLayout {
  readonly node: SpanNode;
  /** Where the bar starts, as a fraction of the trace duration, in [0, 1]. */
  readonly offset: number;
  /**
   * Bar length as a fraction of the trace duration; `offset + width` never exceeds 1 beyond rounding.
   * 0 for a zero-length span (and for every span of a zero-length trace); the renderer draws a thin tick.
   */
  readonly width: number;
  /** Nesting level, 0 for roots. */
  readonly depth: number;
}

export interface TimeAxisTick {
  /** Position on the axis, in [0, 1]. */
  readonly fraction: number;
  /** Time since the trace start at this tick, in nanoseconds. */
  readonly offsetNs: number;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * Places each row's bar on a time axis that runs from the trace start (0) to its end (1).
 * Clamping happens in whole nanoseconds before dividing, so the fractions are as exact as a double allows.
 */
export function layoutRows(rows: readonly SpanNode[], traceDurationNs: number): WaterfallRowLayout[] {
  if (!(traceDurationNs > 0)) return rows.map((node) => ({ node, offset: 0, width: 0, depth: node.depth }));
  return rows.map((node) => {
    const startNs = clamp(node.startOffsetNs, 0, traceDurationNs);
    const endNs = clamp(node.startOffsetNs + node.span.durationNs, startNs, traceDurationNs);
    return { node, offset: startNs / traceDurationNs, width: (endNs - startNs) / traceDurationNs, depth: node.depth };
  });
}

/** `intervals + 1` evenly spaced ticks from the trace start to its end, both included. */
export function timeAxisTicks(traceDurationNs: number, intervals: number): TimeAxisTick[] {
  return Array.from({ length: intervals + 1 }, (_, i) => ({
    fraction: i / intervals,
    offsetNs: (traceDurationNs * i) / intervals,
  }));
}

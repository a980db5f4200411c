/** Bounds applied to every span during normalisation. Values past a bound are truncated and counted, never fatal. */
export interface SpanLimits {
  readonly maxAttributesPerSpan: number;
  readonly maxAttributeValueLength: number;
  readonly maxEventsPerSpan: number;
  readonly maxLinksPerSpan: number;
  readonly maxNameLength: number;
}

export const DEFAULT_SPAN_LIMITS: SpanLimits = {
  maxAttributesPerSpan: 128,
  maxAttributeValueLength: 4096,
  maxEventsPerSpan: 128,
  maxLinksPerSpan: 128,
  maxNameLength: 1024,
};

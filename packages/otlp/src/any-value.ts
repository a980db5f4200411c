import type { AttributeValue, Attributes } from '@linkscope/domain';
import { list } from './json-shape';
import type { SpanLimits } from './limits';

/**
 * An OTLP AnyValue as it arrives after decoding, from protobuf (`toObject` with longs as strings,
 * bytes as Buffers) or from JSON (int64 as number or string, bytes as base64).
 */
export interface RawAnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: string | number | null;
  doubleValue?: number | string | null;
  arrayValue?: { values?: RawAnyValue[] | null } | null;
  kvlistValue?: { values?: RawKeyValue[] | null } | null;
  bytesValue?: string | Uint8Array | null;
}

export interface RawKeyValue {
  key?: string | null;
  value?: RawAnyValue | null;
}

/** Counts what bounds cut off while converting one request. */
export interface TruncationCounter {
  attributesDropped: number;
  valuesTruncated: number;
}

/** A string value cut to `limits.maxAttributeValueLength`, counted when cut. */
export function clip(value: string, limits: SpanLimits, counter: TruncationCounter): string {
  if (value.length <= limits.maxAttributeValueLength) return value;
  counter.valuesTruncated++;
  return value.slice(0, limits.maxAttributeValueLength);
}

function toNumber(value: string | number): number {
  return typeof value === 'number' ? value : Number(value);
}

function scalar(value: RawAnyValue): string | number | boolean | undefined {
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (typeof value.intValue === 'string' || typeof value.intValue === 'number') return toNumber(value.intValue);
  if (typeof value.doubleValue === 'string' || typeof value.doubleValue === 'number') return toNumber(value.doubleValue);
  if (typeof value.bytesValue === 'string') return value.bytesValue;
  if (value.bytesValue instanceof Uint8Array) return Buffer.from(value.bytesValue).toString('base64');
  return undefined;
}

function isAnyValue(value: unknown): value is RawAnyValue {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Plain JSON rendering of nested values, used for kvlists and mixed arrays which have no flat form. */
function toPlain(value: RawAnyValue | null | undefined, depth = 0): unknown {
  if (!isAnyValue(value) || depth > 8) return null;
  if (isAnyValue(value.arrayValue)) return list<RawAnyValue>(value.arrayValue.values).map((item) => toPlain(item, depth + 1));
  if (isAnyValue(value.kvlistValue)) {
    const out: Record<string, unknown> = {};
    for (const kv of list<RawKeyValue>(value.kvlistValue.values)) if (isAnyValue(kv) && typeof kv.key === 'string' && kv.key && kv.key !== '__proto__') out[kv.key] = toPlain(kv.value, depth + 1);
    return out;
  }
  return scalar(value) ?? null;
}

/** Converts one AnyValue to a flat attribute value: scalars stay, homogeneous arrays stay, the rest becomes JSON text. */
export function convertAnyValue(
  value: RawAnyValue | null | undefined,
  limits: SpanLimits,
  counter: TruncationCounter,
): AttributeValue | undefined {
  if (!isAnyValue(value)) return undefined;
  if (isAnyValue(value.arrayValue)) {
    const items = list<RawAnyValue>(value.arrayValue.values).map(scalarOrUndefined);
    const kinds = new Set(items.map((item) => typeof item));
    if (items.length > 0 && kinds.size === 1 && !kinds.has('undefined')) {
      const first = items[0];
      if (typeof first === 'string') return (items as string[]).map((item) => clip(item, limits, counter));
      return items as number[] | boolean[];
    }
    return clip(JSON.stringify(toPlain(value)), limits, counter);
  }
  if (isAnyValue(value.kvlistValue)) return clip(JSON.stringify(toPlain(value)), limits, counter);
  const plain = scalar(value);
  return typeof plain === 'string' ? clip(plain, limits, counter) : plain;
}

function scalarOrUndefined(value: RawAnyValue): string | number | boolean | undefined {
  return !isAnyValue(value) || value.arrayValue || value.kvlistValue ? undefined : scalar(value);
}

/** Converts a KeyValue list, keeping at most `limits.maxAttributesPerSpan` entries (first wins on duplicate keys). */
export function convertAttributes(
  entries: readonly RawKeyValue[] | null | undefined,
  limits: SpanLimits,
  counter: TruncationCounter,
): Attributes {
  const out: Attributes = {};
  let kept = 0;
  for (const kv of list<RawKeyValue>(entries)) {
    if (!isAnyValue(kv) || typeof kv.key !== 'string' || !kv.key || kv.key === '__proto__' || Object.hasOwn(out, kv.key)) continue;
    if (kept >= limits.maxAttributesPerSpan) {
      counter.attributesDropped++;
      continue;
    }
    const value = convertAnyValue(kv.value, limits, counter);
    if (value === undefined) continue;
    out[kv.key] = value;
    kept++;
  }
  return out;
}

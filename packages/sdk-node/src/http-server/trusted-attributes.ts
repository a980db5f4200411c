import type { Attributes, Span } from '@opentelemetry/api';

/** The fields of `@opentelemetry/sdk-trace`'s `SpanImpl` (3.1) that hold its attributes and their limits. */
interface SdkSpanFields {
  attributes: Attributes;
  _attributesCount: number;
  _spanLimits: { attributeCountLimit?: number; attributeValueLengthLimit?: number };
}

/**
 * Gives a span that was just started without attributes the attributes the caller built from
 * primitive values (strings and numbers), at most `maxCount` of them; the caller gives up the object.
 * `setAttributes` would validate each value again, and OpenTelemetry's validation allocates a
 * WeakSet per value (`isAnyValue`): passing the server span's attributes to `startSpan` cleaned
 * them twice, about 3 µs per request of bench:sdk (docs/adr/0015). So for an SDK span with no
 * attributes yet, no value-length limit and room under the count limit, the object becomes the
 * span's attribute object, counted, as `SpanImpl` keeps validated ones. Anything else (another
 * SDK's span, a limit that could cut or drop one, a non-recording span) takes the validating
 * `setAttributes`, so the result is the same either way.
 */
export function addTrustedAttributes(span: Span, attributes: Attributes, maxCount: number): void {
  const fields = span as unknown as Partial<SdkSpanFields>;
  const limits = fields._spanLimits;
  if (
    fields._attributesCount !== 0 ||
    fields.attributes === undefined ||
    limits === undefined ||
    (limits.attributeValueLengthLimit ?? Infinity) !== Infinity ||
    (limits.attributeCountLimit ?? 0) < maxCount ||
    !span.isRecording()
  ) {
    span.setAttributes(attributes);
    return;
  }
  let count = 0;
  for (const key in attributes) {
    if (attributes[key] === undefined) {
      span.setAttributes(attributes);
      return;
    }
    count += 1;
  }
  fields.attributes = attributes;
  fields._attributesCount = count;
}

/**
 * `span.setAttribute(key, value)` for a string or number the caller made, on the same terms as
 * {@link addTrustedAttributes}: stored and counted directly on an SDK span with no value-length
 * limit and room under the count limit, validated by `setAttribute` otherwise.
 */
export function setTrustedAttribute(span: Span, key: string, value: string | number): void {
  const fields = span as unknown as Partial<SdkSpanFields>;
  const limits = fields._spanLimits;
  const attributes = fields.attributes;
  if (
    attributes === undefined ||
    limits === undefined ||
    typeof fields._attributesCount !== 'number' ||
    (limits.attributeValueLengthLimit ?? Infinity) !== Infinity ||
    fields._attributesCount >= (limits.attributeCountLimit ?? 0) ||
    !span.isRecording()
  ) {
    span.setAttribute(key, value);
    return;
  }
  if (!Object.hasOwn(attributes, key)) fields._attributesCount += 1;
  attributes[key] = value;
}

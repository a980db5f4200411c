import type { AttributeValue, Attributes, SpanView } from '@linkscope/domain';

function valueContains(value: AttributeValue, needle: string): boolean {
  if (Array.isArray(value)) return value.some((item) => String(item).toLowerCase().includes(needle));
  return String(value).toLowerCase().includes(needle);
}

function attributesContain(attributes: Attributes, needle: string): boolean {
  for (const key in attributes) {
    if (valueContains(attributes[key]!, needle)) return true;
  }
  return false;
}

/** Whether a span matches a lower-cased, trimmed, non-empty search needle. */
function spanMatches(span: SpanView, needle: string): boolean {
  return (
    span.name.toLowerCase().includes(needle) ||
    span.serviceName.toLowerCase().includes(needle) ||
    span.spanId.includes(needle) ||
    span.statusMessage.toLowerCase().includes(needle) ||
    attributesContain(span.attributes, needle) ||
    attributesContain(span.resourceAttributes, needle) ||
    span.events.some((event) => event.name.toLowerCase().includes(needle) || attributesContain(event.attributes, needle))
  );
}

/**
 * Span ids of the spans whose name, service name, span id, status message, any span or resource
 * attribute value, or any event name or event attribute value contains `query`, ignoring case and
 * surrounding blanks (so "timeout" finds the span that logged the exception). Attribute keys are
 * not searched. A blank query matches nothing.
 */
export function findMatchingSpanIds(spans: readonly SpanView[], query: string): Set<string> {
  const needle = query.trim().toLowerCase();
  const matches = new Set<string>();
  if (needle === '') return matches;
  for (const span of spans) {
    if (spanMatches(span, needle)) matches.add(span.spanId);
  }
  return matches;
}

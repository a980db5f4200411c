import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ZipkinDecodeError, decodeZipkinSpans } from './decode-zipkin';

function decodesOrRefuses(body: Buffer): boolean {
  try {
    decodeZipkinSpans(body);
    return true;
  } catch (error) {
    if (error instanceof ZipkinDecodeError) return true;
    throw error;
  }
}

describe('no input crashes the Zipkin decoder', () => {
  it('random bytes, text and JSON values', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 1024 }), (bytes) => decodesOrRefuses(Buffer.from(bytes))), { numRuns: 1000 });
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => decodesOrRefuses(Buffer.from(JSON.stringify(value) ?? 'null'))), { numRuns: 1000 });
  });

  it('lists of span-shaped objects with random field values', () => {
    const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
    const span = fc.record(
      { traceId: anyValue, id: anyValue, parentId: anyValue, name: anyValue, kind: anyValue, timestamp: anyValue, duration: anyValue, shared: anyValue, localEndpoint: anyValue, remoteEndpoint: anyValue, annotations: anyValue, tags: anyValue },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(fc.array(span, { maxLength: 6 }), (spans) => decodesOrRefuses(Buffer.from(JSON.stringify(spans)))), { numRuns: 2000 });
  });
});

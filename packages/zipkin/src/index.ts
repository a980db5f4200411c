export { ZipkinDecodeError, decodeZipkinSpans, sharedServerSpanId } from './decode-zipkin';
export type { DecodedZipkinSpans, ZipkinRejectReason } from './decode-zipkin';

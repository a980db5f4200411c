/** The request body cannot be decoded at all (not protobuf, not JSON, wrong shape). Maps to HTTP 400. */
export class OtlpDecodeError extends Error {
  readonly code = 'OTLP_MALFORMED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OtlpDecodeError';
  }
}

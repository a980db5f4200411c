const HEX = /^[0-9a-f]+$/;

/**
 * Converts a trace or span id to lower-case hex. Accepts raw bytes (protobuf) or a hex string
 * (OTLP/JSON, case-insensitive). Returns null when the id is missing, of the wrong length, or all zero.
 */
export function idToHex(value: Uint8Array | string | null | undefined, byteLength: 8 | 16): string | null {
  let hex: string;
  if (typeof value === 'string') {
    hex = value.toLowerCase();
    if (!HEX.test(hex)) return null;
  } else if (value instanceof Uint8Array) {
    hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  } else {
    return null;
  }
  if (hex.length !== byteLength * 2) return null;
  if (/^0+$/.test(hex)) return null;
  return hex;
}

/** True when the id field is absent or empty, which OTLP uses for "no parent". */
export function isEmptyId(value: Uint8Array | string | null | undefined): boolean {
  return value == null || ((typeof value === 'string' || value instanceof Uint8Array) && value.length === 0);
}

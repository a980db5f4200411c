/**
 * A protobuf writer over one growable buffer that is reused from message to message: the
 * encoder writes a whole export request into it in one pass and copies the result out.
 *
 * Length-delimited fields whose length is not known in advance are written with
 * {@link beginLength}/{@link endLength}: one byte is reserved for the length and the body is
 * moved forward when the length needs more (a span of ~350 bytes needs two, a batch three), so
 * every length is a minimal varint, as protobuf encoders write them.
 */
export class ProtobufWriter {
  private buffer: Buffer;
  /** Next byte to write. */
  pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** Starts a new message at offset 0, keeping the buffer. */
  reset(): void {
    this.pos = 0;
  }

  /** A copy of the bytes written since {@link reset}, safe to keep while the writer is reused. */
  finish(): Uint8Array {
    return Buffer.from(this.buffer.subarray(0, this.pos));
  }

  tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  /** An unsigned varint of up to 32 bits. */
  varint(value: number): void {
    this.ensure(5);
    const buffer = this.buffer;
    let v = value >>> 0;
    while (v > 0x7f) {
      buffer[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buffer[this.pos++] = v;
  }

  /** An int64 varint from a safe integer (negative numbers take ten bytes, two's complement). */
  int64(value: number): void {
    if (value >= 0 && value <= 0xffffffff) {
      this.varint(value);
      return;
    }
    this.ensure(10);
    let low: number;
    let high: number;
    if (value >= 0) {
      low = value >>> 0;
      high = Math.floor(value / 0x100000000) >>> 0;
    } else {
      const magnitude = -value;
      low = ~(magnitude >>> 0) >>> 0;
      high = ~(Math.floor(magnitude / 0x100000000) >>> 0) >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    const buffer = this.buffer;
    while (high > 0 || low > 0x7f) {
      buffer[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buffer[this.pos++] = low;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buffer.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  /** A fixed64 from its low and high 32 bits. */
  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.buffer.writeUInt32LE(low >>> 0, this.pos);
    this.buffer.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buffer.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** A length-prefixed UTF-8 string (ASCII, the usual case, is copied byte by byte). */
  string(value: string): void {
    const length = value.length;
    if (length < 128) {
      this.ensure(1 + length * 3);
      const start = this.pos + 1;
      const buffer = this.buffer;
      let index = 0;
      for (; index < length; index += 1) {
        const code = value.charCodeAt(index);
        if (code >= 0x80) break;
        buffer[start + index] = code;
      }
      if (index === length) {
        buffer[this.pos] = length;
        this.pos = start + length;
        return;
      }
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varint(bytes);
    this.ensure(bytes);
    this.buffer.write(value, this.pos, bytes, 'utf8');
    this.pos += bytes;
  }

  /** Length-prefixed bytes. */
  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.raw(value);
  }

  /** Bytes without a prefix (an already encoded field). Short ones are copied in a loop: `set` costs more to call than to copy them. */
  raw(value: Uint8Array): void {
    const length = value.length;
    this.ensure(length);
    if (length > 48) {
      this.buffer.set(value, this.pos);
      this.pos += length;
      return;
    }
    const buffer = this.buffer;
    let pos = this.pos;
    for (let index = 0; index < length; index += 1) buffer[pos++] = value[index]!;
    this.pos = pos;
  }

  /**
   * Hex digits as bytes with their length prefix: a trace id (32 digits → 16 bytes) or a span id
   * (16 → 8). Non-hex digits count as 0, as OpenTelemetry's `hexToBinary` has them.
   */
  hexBytes(hex: string): void {
    const count = hex.length >>> 1;
    this.ensure(1 + count);
    const buffer = this.buffer;
    let pos = this.pos;
    buffer[pos++] = count;
    for (let index = 0; index < count; index += 1) {
      buffer[pos++] = (HEX_VALUES[hex.charCodeAt(2 * index) & 0x7f]! << 4) | HEX_VALUES[hex.charCodeAt(2 * index + 1) & 0x7f]!;
    }
    this.pos = pos;
  }

  /** Reserves one byte for the length of the field that follows; returns where it starts. */
  beginLength(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Writes the length of the field begun at `start`, moving the body when the length takes more than one byte. */
  endLength(start: number): void {
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buffer[start] = length;
      return;
    }
    const size = length < 0x4000 ? 2 : length < 0x200000 ? 3 : length < 0x10000000 ? 4 : 5;
    this.ensure(size - 1);
    this.buffer.copyWithin(start + size, start + 1, this.pos);
    this.pos += size - 1;
    let v = length;
    let at = start;
    while (v > 0x7f) {
      this.buffer[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[at] = v;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.pos);
    this.buffer = grown;
  }
}

/** The value of each ASCII hex digit (0–9, a–f, A–F); every other character is 0. */
const HEX_VALUES = new Uint8Array(128);
for (let digit = 0; digit < 16; digit += 1) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(digit)] = digit;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}

/** FNV-1a over buf[start, end). */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h >>> 0;
}

/**
 * A hash table keyed by byte strings, so a lookup needs no string: open addressing over the
 * 32-bit hash, keys compared byte by byte. Holds at most `limit` keys; adding one more empties it
 * (it is a cache: whatever it held can be derived again).
 */
export class ByteKeyTable<V> {
  private slots = new Int32Array(1024).fill(-1);
  private hashes: number[] = [];
  private keys: Uint8Array[] = [];
  private values: V[] = [];

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.values.length;
  }

  get(key: Uint8Array, length: number, hash: number): V | undefined {
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const index = this.slots[s]!;
      if (index < 0) return undefined;
      if (this.hashes[index] !== hash) continue;
      const stored = this.keys[index]!;
      if (stored.length !== length) continue;
      let i = 0;
      while (i < length && stored[i] === key[i]) i++;
      if (i === length) return this.values[index];
    }
  }

  /** Adds a key known to be absent (copies the key bytes). */
  set(key: Uint8Array, length: number, hash: number, value: V): void {
    if (this.values.length >= this.limit) this.clear();
    if ((this.values.length + 1) * 2 > this.slots.length) this.grow();
    const index = this.values.length;
    this.hashes.push(hash);
    this.keys.push(key.slice(0, length));
    this.values.push(value);
    this.place(hash, index);
  }

  clear(): void {
    this.slots = new Int32Array(1024).fill(-1);
    this.hashes = [];
    this.keys = [];
    this.values = [];
  }

  private place(hash: number, index: number): void {
    const mask = this.slots.length - 1;
    let s = hash & mask;
    while (this.slots[s]! >= 0) s = (s + 1) & mask;
    this.slots[s] = index;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let i = 0; i < this.hashes.length; i++) this.place(this.hashes[i]!, i);
  }
}

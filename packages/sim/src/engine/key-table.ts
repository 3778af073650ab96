// State keys as units in a buffer, and the explorer's table of seen states.
//
// A search looks a key up for every transition, most of them states seen
// before, and keeps hundreds of thousands of keys. With strings in a Map,
// each look-up builds a fresh string, hashes it, and follows pointers to
// compare it, and every entry is a heap object the collector traces. Here a
// system writes a state's key as 16-bit units into a `KeyBuffer` the engine
// owns, hashing as it writes; the table copies a kept key's units once into
// one arena and compares in place — the way SPIN stores state vectors.

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** A state key being written: 16-bit units, and their FNV-1a hash kept up to date. */
export class KeyBuffer {
  units = new Uint16Array(64);
  length = 0;
  hash = FNV_OFFSET;

  clear(): void {
    this.length = 0;
    this.hash = FNV_OFFSET;
  }

  push(unit: number): void {
    if (this.length === this.units.length) {
      const bigger = new Uint16Array(2 * this.units.length);
      bigger.set(this.units);
      this.units = bigger;
    }
    this.units[this.length] = unit;
    this.length += 1;
    this.hash = Math.imul(this.hash ^ (unit & 0xffff), FNV_PRIME);
  }

  /**
   * Appends a non-negative integer in 15-bit units, low bits first, the top
   * bit set on every unit but the last: one unit below 2^15, and prefix-free,
   * so a sequence of ids is one key and no other.
   */
  pushId(id: number): void {
    let rest = id;
    while (rest >= 0x8000) {
      this.push(0x8000 | (rest & 0x7fff));
      rest = Math.floor(rest / 0x8000);
    }
    this.push(rest);
  }

  /** Makes the key the UTF-16 units of `text` (for systems whose keys are strings). */
  setText(text: string): void {
    this.clear();
    for (let index = 0; index < text.length; index += 1) this.push(text.charCodeAt(index));
  }

  /** The key as a string of its units. */
  text(): string {
    let out = '';
    for (let start = 0; start < this.length; start += 4096)
      out += String.fromCharCode(
        ...this.units.subarray(start, Math.min(this.length, start + 4096)),
      );
    return out;
  }
}

export class KeyTable<Value> {
  /** Open addressing, linear probing: entry index + 1 per slot, 0 when empty. */
  private slots = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 11);
  /** Entry i's units are arena[starts[i]] up to arena[starts[i + 1]]. */
  private starts = new Int32Array((1 << 11) + 1);
  private arena = new Uint16Array(1 << 14);
  private readonly values: Value[] = [];

  /** Keys stored. */
  get size(): number {
    return this.values.length;
  }

  /** The entry index of `key`, or -1. */
  private find(key: KeyBuffer): number {
    const mask = this.slots.length - 1;
    for (let slot = key.hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.slots[slot] as number;
      if (stored === 0) return -1;
      const entry = stored - 1;
      if (this.hashes[entry] === key.hash && this.matches(entry, key)) return entry;
    }
  }

  private matches(entry: number, key: KeyBuffer): boolean {
    const start = this.starts[entry] as number;
    if ((this.starts[entry + 1] as number) - start !== key.length) return false;
    const { arena } = this;
    const { units } = key;
    for (let index = 0; index < key.length; index += 1)
      if (arena[start + index] !== units[index]) return false;
    return true;
  }

  get(key: KeyBuffer): Value | undefined {
    const entry = this.find(key);
    return entry < 0 ? undefined : this.values[entry];
  }

  has(key: KeyBuffer): boolean {
    return this.find(key) >= 0;
  }

  set(key: KeyBuffer, value: Value): void {
    const found = this.find(key);
    if (found >= 0) {
      this.values[found] = value;
      return;
    }
    const entry = this.values.length;
    if (2 * (entry + 1) > this.slots.length) this.grow();
    if (entry >= this.hashes.length) {
      const capacity = 2 * this.hashes.length;
      this.hashes = resized(this.hashes, capacity);
      this.starts = resized(this.starts, capacity + 1);
    }
    const start = this.starts[entry] as number;
    if (start + key.length > this.arena.length)
      this.arena = resized(this.arena, Math.max(2 * this.arena.length, start + key.length));
    for (let index = 0; index < key.length; index += 1)
      this.arena[start + index] = key.units[index] as number;
    this.starts[entry + 1] = start + key.length;
    this.hashes[entry] = key.hash;
    this.values.push(value);
    this.place(entry, key.hash);
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }

  /** Doubles the slots, keeping the load at most one half. */
  private grow(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    for (let entry = 0; entry < this.values.length; entry += 1)
      this.place(entry, this.hashes[entry] as number);
  }
}

function resized<T extends Int32Array | Uint16Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

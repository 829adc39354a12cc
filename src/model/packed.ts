// Compact columns for the big small inputs (history, conflicts): interned strings and entity ids packed as
// bytes, so that a million records cost tens of megabytes, not hundreds (issue #16).

/** Strings numbered in order of first appearance: each distinct value is held once. */
export class Interner {
  private readonly index = new Map<string, number>();
  /** The strings, by number. */
  readonly values: string[] = [];

  /** The number of `s`, adding it when new. */
  add(s: string): number {
    let v = this.index.get(s);
    if (v === undefined) {
      v = this.values.length;
      this.index.set(s, v);
      this.values.push(s);
    }
    return v;
  }

  /** The number of `s`, or -1 when it was never added. */
  find(s: string): number {
    return this.index.get(s) ?? -1;
  }
}

/** A growable column of 32-bit integers. */
export class IntColumn {
  private data: Int32Array;
  /** How many values. */
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(capacity, 16));
  }

  /** Append a value. */
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }

  /** The values, trimmed to their length (the column must not be used after). */
  finish(): Int32Array {
    return this.data.length === this.length ? this.data : this.data.slice(0, this.length);
  }
}

/** Width of a packed id: a unified social credit code has 18 ASCII characters. */
const W = 18;

/** FNV-1a over the char codes of `s` (one-byte strings hash as their bytes do: {@link IdColumn.hashAt}). */
export function hashId(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Entity ids in rows: 18 bytes each when the id is 18 characters below U+0100 (every valid unified social
 * credit code), any other id kept as a string on the side. {@link IdColumn.get} gives back the very text.
 */
export class IdColumn {
  private bytes: Uint8Array;
  private readonly odd = new Map<number, string>();
  /** How many ids. */
  length = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(Math.max(capacity, 16) * W);
  }

  /** Append an id. */
  push(id: string): void {
    const k = this.length++;
    if (k * W + W > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    let packable = id.length === W;
    for (let i = 0; packable && i < W; i++) if (id.charCodeAt(i) > 0xff) packable = false;
    if (!packable) {
      this.odd.set(k, id);
      return;
    }
    const o = k * W;
    for (let i = 0; i < W; i++) this.bytes[o + i] = id.charCodeAt(i);
  }

  /** Trim the storage to the ids held. */
  finish(): this {
    if (this.bytes.length !== this.length * W) this.bytes = this.bytes.slice(0, this.length * W);
    return this;
  }

  /** The id of row `k`. */
  get(k: number): string {
    const s = this.odd.get(k);
    if (s !== undefined) return s;
    const o = k * W;
    return String.fromCharCode.apply(null, this.bytes.subarray(o, o + W) as unknown as number[]);
  }

  /** True when row `k` holds `id`. */
  is(k: number, id: string): boolean {
    if (this.odd.size > 0 && this.odd.has(k)) return this.odd.get(k) === id;
    if (id.length !== W) return false;
    const o = k * W;
    for (let i = 0; i < W; i++) if (this.bytes[o + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  /** True when rows `j` and `k` hold the same id. */
  same(j: number, k: number): boolean {
    if (this.odd.size > 0 && (this.odd.has(j) || this.odd.has(k))) return this.get(j) === this.get(k);
    const a = j * W;
    const b = k * W;
    for (let i = 0; i < W; i++) if (this.bytes[a + i] !== this.bytes[b + i]) return false;
    return true;
  }

  /** {@link hashId} of the id of row `k`, without making its string. */
  hashAt(k: number): number {
    const s = this.odd.size > 0 ? this.odd.get(k) : undefined;
    if (s !== undefined) return hashId(s);
    let h = 0x811c9dc5;
    const o = k * W;
    for (let i = 0; i < W; i++) h = Math.imul(h ^ this.bytes[o + i]!, 0x01000193);
    return h >>> 0;
  }

  /** The ids as plain data (structured-clone safe): the packed bytes and the other ids by row. */
  toPlain(): { readonly bytes: Uint8Array; readonly odd: readonly (readonly [number, string])[] } {
    this.finish();
    return { bytes: this.bytes, odd: [...this.odd] };
  }

  /** The ids of {@link IdColumn.toPlain}. */
  static fromPlain(p: {
    readonly bytes: Uint8Array;
    readonly odd: readonly (readonly [number, string])[];
  }): IdColumn {
    const c = new IdColumn(1);
    c.bytes = p.bytes;
    c.length = p.bytes.length / W;
    for (const [k, id] of p.odd) c.odd.set(k, id);
    return c;
  }

  /** The rows of each distinct id, found by id ({@link RowsById}). */
  index(): RowsById {
    return new RowsById(this);
  }
}

/**
 * The rows of an {@link IdColumn} grouped by id, in an open-addressing hash table over row numbers (no string
 * is kept): {@link RowsById.first} then {@link RowsById.next} walk the rows of one id in row order.
 */
export class RowsById {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly nextRow: Int32Array;

  constructor(private readonly ids: IdColumn) {
    let size = 16;
    while (size < ids.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.nextRow = new Int32Array(ids.length).fill(-1);
    const tail = new Int32Array(size);
    for (let k = 0; k < ids.length; k++) {
      let h = ids.hashAt(k) & this.mask;
      for (;;) {
        const r = this.slots[h]!;
        if (r < 0) {
          this.slots[h] = k;
          tail[h] = k;
          break;
        }
        if (ids.same(r, k)) {
          this.nextRow[tail[h]!] = k;
          tail[h] = k;
          break;
        }
        h = (h + 1) & this.mask;
      }
    }
  }

  /** The first row holding `id`, or -1. */
  first(id: string): number {
    let h = hashId(id) & this.mask;
    for (;;) {
      const r = this.slots[h]!;
      if (r < 0 || this.ids.is(r, id)) return r;
      h = (h + 1) & this.mask;
    }
  }

  /** The next row with the id of row `k`, or -1. */
  next(k: number): number {
    return this.nextRow[k]!;
  }

  /** The first row of each distinct id, in row order. */
  *heads(): Generator<number> {
    const seen = new Uint8Array(this.nextRow.length);
    for (let k = 0; k < this.nextRow.length; k++) {
      if (seen[k]) continue;
      for (let r = k; r >= 0; r = this.nextRow[r]!) seen[r] = 1;
      yield k;
    }
  }
}

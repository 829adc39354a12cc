// The order content@1 hashes record digests in (ascending bytewise), computed one first byte at a time: record
// digests are grouped into 256 buckets by their first byte (a ContentHasher keeps them so), each bucket is
// sorted on its own (radix on the next 4 bytes, ties by all 32), and the buckets are handed on in order. At no
// point is a sorted copy of all the digests made: 10M records hold 320 MB of digests, a bucket 1.25 MB.

/** Record digests as one array or as parts (32 bytes each). */
export type DigestParts = Uint8Array | readonly Uint8Array[];

/**
 * Where a {@link ContentHasher} puts its full chunks of record digests (e.g. a temporary file, at the edge), to
 * be read back one first byte at a time when the content digest is taken.
 */
export interface DigestStore {
  /** Keep a chunk of record digests (32 bytes each) whose first byte is `lead`; the chunk is reused after the call. */
  put(lead: number, chunk: Uint8Array): void;
  /**
   * The record digests kept whose first byte is `lead`, in any order (empty when none). The arrays may be the
   * store's own buffers, valid until its next `read`.
   */
  read(lead: number): readonly Uint8Array[];
}

function digestParts(d: DigestParts): readonly Uint8Array[] {
  return d instanceof Uint8Array ? [d] : d;
}

/**
 * The record digests in ascending byte order, in blocks of up to 2,048 digests (each block valid until the
 * next), those of `stored` included (read one first byte at a time). Parts whose digests all share their first
 * byte (a {@link ContentHasher}'s chunks) are used as they are; other parts are split into the buckets (a copy
 * of those parts only).
 */
export function* sortedDigestBlocks(
  digests: DigestParts,
  stored: readonly DigestStore[] = [],
): Generator<Uint8Array> {
  const buckets: Uint8Array[][] = Array.from({ length: 256 }, () => []);
  for (const p of digestParts(digests)) {
    if (p.length === 0) continue;
    const lead = p[0]!;
    let same = true;
    for (let o = 32; o < p.length; o += 32)
      if (p[o] !== lead) {
        same = false;
        break;
      }
    if (same) buckets[lead]!.push(p);
    else for (const [b, part] of splitByLead(p)) buckets[b]!.push(part);
  }
  const block = new Uint8Array(32 * 2048);
  const blockWords = new Uint32Array(block.buffer);
  let used = 0;
  // one bucket's digests joined, and the radix sort's arrays: reused from bucket to bucket (grown as needed). At
  // 10M records, new ones per bucket came to ~700 MB of buffers, whose external memory set off full garbage
  // collections of the draw's heap (~1.2 s at 10M) that found nothing to free
  let joined = new Uint8Array(0);
  const space = new SortSpace();
  for (let b = 0; b < 256; b++) {
    const list = buckets[b]!;
    buckets[b] = [];
    let total = 0;
    for (const p of list) total += p.length;
    let one: Uint8Array;
    if (stored.length === 0 && list.length === 1 && (list[0]!.byteOffset & 3) === 0) one = list[0]!;
    else {
      // the stores' arrays are valid until their next read: copied here at once. Words below need 4-byte
      // alignment: the joined copy has it (a Buffer's slice() would be a view at any offset)
      const parts = [...list];
      for (const s of stored)
        for (const p of s.read(b)) {
          parts.push(p);
          total += p.length;
        }
      if (total === 0) continue;
      if (joined.length < total) joined = new Uint8Array(Math.max(total, Math.ceil(joined.length * 1.5)));
      one = joined.subarray(0, total);
      let at = 0;
      for (const p of parts) {
        one.set(p, at);
        at += p.length;
      }
    }
    if (one.length === 0) continue;
    const words = new Uint32Array(one.buffer, one.byteOffset, one.length >>> 2);
    const order = bucketOrder(one, space);
    // each digest copied as 8 words (measured at 10M records: byte by byte was most of this step's ~1.6 s)
    for (let k = 0; k < order.length; k++) {
      const o = order[k]! * 8;
      const u = used >>> 2;
      for (let j = 0; j < 8; j++) blockWords[u + j] = words[o + j]!;
      used += 32;
      if (used === block.length) {
        yield block;
        used = 0;
      }
    }
  }
  if (used > 0) yield block.subarray(0, used);
}

/** A part's digests copied into one new array per first byte. */
function splitByLead(p: Uint8Array): [number, Uint8Array][] {
  const count = new Uint32Array(256);
  for (let o = 0; o < p.length; o += 32) count[p[o]!]!++;
  const out: [number, Uint8Array][] = [];
  const arrays: (Uint8Array | undefined)[] = [];
  const fill = new Uint32Array(256);
  for (let b = 0; b < 256; b++)
    if (count[b]! > 0) {
      arrays[b] = new Uint8Array(count[b]! * 32);
      out.push([b, arrays[b]!]);
    }
  for (let o = 0; o < p.length; o += 32) {
    const b = p[o]!;
    arrays[b]!.set(p.subarray(o, o + 32), fill[b]!);
    fill[b]! += 32;
  }
  return out;
}

/** The parts joined into one array (a copy). */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The arrays of {@link bucketOrder}, kept from one bucket to the next (grown as needed). */
class SortSpace {
  idx = new Uint32Array(0);
  keys = new Uint32Array(0);
  tmp = new Uint32Array(0);
  readonly count = new Uint32Array(257);

  /** Room for `n` digests. */
  fit(n: number): void {
    if (this.idx.length >= n) return;
    const size = Math.max(n, Math.ceil(this.idx.length * 1.5));
    this.idx = new Uint32Array(size);
    this.keys = new Uint32Array(size);
    this.tmp = new Uint32Array(size);
  }
}

/**
 * The ascending byte order of the digests of one bucket (all with the same first byte): LSD radix on bytes
 * 1–4 (four passes of 8 bits), runs of equal bytes 1–4 (rare) ordered by all 32 bytes.
 */
function bucketOrder(d: Uint8Array, space: SortSpace): Uint32Array {
  const n = d.length / 32;
  space.fit(n);
  let idx = space.idx.subarray(0, n);
  for (let k = 0; k < n; k++) idx[k] = k;
  const keys = space.keys.subarray(0, n);
  for (let k = 0, o = 0; k < n; k++, o += 32)
    keys[k] = ((d[o + 1]! << 24) | (d[o + 2]! << 16) | (d[o + 3]! << 8) | d[o + 4]!) >>> 0;
  if (n > 1) {
    let tmp = space.tmp.subarray(0, n);
    const count = space.count;
    for (let shift = 0; shift < 32; shift += 8) {
      count.fill(0);
      for (let k = 0; k < n; k++) count[((keys[k]! >>> shift) & 0xff) + 1]!++;
      for (let b = 0; b < 256; b++) count[b + 1]! += count[b]!;
      for (let k = 0; k < n; k++) {
        const x = idx[k]!;
        tmp[count[(keys[x]! >>> shift) & 0xff]!++] = x;
      }
      [idx, tmp] = [tmp, idx];
    }
  }
  const tie = (a: number, b: number): number => {
    for (let k = 5; k < 32; k++) {
      const x = d[a * 32 + k]! - d[b * 32 + k]!;
      if (x !== 0) return x;
    }
    return 0;
  };
  for (let k = 0; k < n; ) {
    let j = k + 1;
    while (j < n && keys[idx[j]!] === keys[idx[k]!]) j++;
    if (j - k > 1) idx.set(Array.from(idx.subarray(k, j)).sort(tie), k);
    k = j;
  }
  return idx;
}

/**
 * The record digests (32 bytes each) in ascending byte order, as one array: what content@1 hashes. Parts of an
 * input sorted apart (e.g. on two threads) merge into the same order ({@link mergeSortedDigests}).
 */
export function sortedDigests(digests: DigestParts): Uint8Array {
  const parts = digestParts(digests);
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const block of sortedDigestBlocks(parts)) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}

/**
 * Merge two arrays of record digests, each in ascending byte order, handing the merged order on in blocks
 * (each block is valid until the next call).
 */
export function mergeSortedDigests(a: Uint8Array, b: Uint8Array, take: (block: Uint8Array) => void): void {
  const block = new Uint8Array(32 * 2048);
  let used = 0;
  let i = 0;
  let j = 0;
  const less = (): boolean => {
    for (let k = 0; k < 32; k++) {
      const d = a[i + k]! - b[j + k]!;
      if (d !== 0) return d < 0;
    }
    return true;
  };
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && less())) {
      block.set(a.subarray(i, i + 32), used);
      i += 32;
    } else {
      block.set(b.subarray(j, j + 32), used);
      j += 32;
    }
    used += 32;
    if (used === block.length) {
      take(block);
      used = 0;
    }
  }
  if (used > 0) take(block.subarray(0, used));
}

// Orders of tickets and ids: UTF-8 byte order of ids (the contract's tie-break) and radix sorts of ticket values.

/** Compare two strings by their UTF-8 bytes (code point order), as the draw contract's tie-break requires. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // UTF-16 order differs from code point order only between surrogates and U+E000–U+FFFF.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys && (x >= 0xe000 || y >= 0xe000)) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** The high and low 26 bits of each ticket value (integers below 2^52), for the radix sorts. */
function halves(values: Float64Array): { hi: Uint32Array<ArrayBuffer>; lo: Uint32Array<ArrayBuffer> } {
  const n = values.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const h = Math.floor(v / 67108864); // 2^26
    hi[i] = h;
    lo[i] = v - h * 67108864;
  }
  return { hi, lo };
}

/**
 * Ticket values (integers below 2^52) in ascending order, as a new array: scattered into 65,536 buckets by
 * their top 16 bits, each bucket then sorted in place (a few hundred values at 10M). No memory beyond the
 * result (a radix sort of 26-bit halves needed three times as much again: 240 MB at 10M tickets).
 */
export function sortTickets(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 64) return values.slice().sort();
  const count = new Uint32Array(65537);
  for (let i = 0; i < n; i++) count[topBits(values[i]!) + 1]!++;
  for (let b = 0; b < 65536; b++) count[b + 1]! += count[b]!;
  const at = count.slice(0, 65536);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    out[at[topBits(v)]!++] = v;
  }
  for (let b = 0; b < 65536; b++)
    if (count[b + 1]! - count[b]! > 1) out.subarray(count[b]!, count[b + 1]!).sort();
  return out;
}

/** The top 16 of a ticket value's 52 bits (a bucket of {@link sortTickets}). */
function topBits(v: number): number {
  return Math.min(65535, Math.floor(v / 68719476736)); // 2^36
}

/**
 * The ascending order of ticket values (integers below 2^52), by a stable radix sort (four passes of 13
 * bits), with runs of equal values ordered by `tie`. Much faster than a comparison sort of objects.
 * @returns the positions of `values`, in order
 */
export function ticketOrder(values: Float64Array, tie: (a: number, b: number) => number): Uint32Array {
  const n = values.length;
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < 64) return idx.sort((a, b) => values[a]! - values[b]! || tie(a, b));
  const { hi, lo } = halves(values);
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(8193);
  for (const [keys, shift] of [
    [lo, 0],
    [lo, 13],
    [hi, 0],
    [hi, 13],
  ] as const) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((keys[i]! >>> shift) & 8191) + 1]!++;
    for (let b = 0; b < 8192; b++) count[b + 1]! += count[b]!;
    for (let i = 0; i < n; i++) {
      const x = idx[i]!;
      tmp[count[(keys[x]! >>> shift) & 8191]!++] = x;
    }
    [idx, tmp] = [tmp, idx];
  }
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && values[idx[j]!] === values[idx[i]!]) j++;
    if (j - i > 1) idx.set(Array.from(idx.subarray(i, j)).sort(tie), i);
    i = j;
  }
  return idx;
}

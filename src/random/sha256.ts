// A small, allocation-free SHA-256 for the many short messages of a draw. node:crypto's createHash costs
// about a microsecond of set-up per call; this reuses one message buffer and one schedule array and, for a
// fixed prefix (the seed key and the scope), starts from the precomputed state after the prefix's whole
// blocks. Checked against node:crypto by property tests (test/random/sha256.test-prop.ts).

/** SHA-256's 64 round constants (FIPS 180-4 §4.2.2). */
export const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
/** SHA-256's initial hash value (FIPS 180-4 §5.3.3). */
export const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const W = new Int32Array(64);

/** Compress one 64-byte block at `off` of `buf` into `state` (8 words). */
function compress(state: Int32Array, buf: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    W[i] = (buf[j]! << 24) | (buf[j + 1]! << 16) | (buf[j + 2]! << 8) | buf[j + 3]!;
  }
  compressFrom(state, state, 0);
}

/**
 * Compress the block whose 16 message words are in `W` into `state`, skipping the first `skip` rounds:
 * `start` holds the working variables after them (for a {@link PrefixedSha256}, whose first message words
 * are the same for every message).
 */
function compressFrom(state: Int32Array, start: Int32Array, skip: number): void {
  const from = skip;
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = start[0]!;
  let b = start[1]!;
  let c = start[2]!;
  let d = start[3]!;
  let e = start[4]!;
  let f = start[5]!;
  let g = start[6]!;
  let h = start[7]!;
  for (let i = from; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/**
 * Run the first `n` rounds over `W[0..n)` from `v`; returns the working variables after them. (The same round
 * as in {@link compressFrom}, written out again on purpose: once per hasher here, while the hot loop there
 * stays one self-contained function, which V8 optimises best — a shared round function measured slower.)
 */
function firstRounds(v: Int32Array, n: number): Int32Array {
  let a = v[0]!;
  let b = v[1]!;
  let c = v[2]!;
  let d = v[3]!;
  let e = v[4]!;
  let f = v[5]!;
  let g = v[6]!;
  let h = v[7]!;
  for (let i = 0; i < n; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  return Int32Array.of(a, b, c, d, e, f, g, h);
}

/**
 * A SHA-256 hasher for messages `prefix ‖ suffix` that share one prefix. The prefix's whole blocks are
 * compressed once; each call only processes the rest.
 */
export class PrefixedSha256 {
  /** The state after the prefix's whole blocks (do not modify). */
  readonly mid = new Int32Array(8);
  private readonly state = new Int32Array(8);
  /** The prefix's bytes after its whole blocks (do not modify). */
  readonly tail: Uint8Array;
  /** The prefix's length in bytes. */
  readonly prefixLen: number;
  private buf = new Uint8Array(256);
  /** Whole 4-byte words of the tail: in a one-block message, the same words every time. */
  private readonly fixed: Int32Array;
  /** The working variables after the rounds that see only those words. */
  private readonly afterFixed: Int32Array;

  constructor(prefix: Uint8Array) {
    this.mid.set(IV);
    const whole = prefix.length - (prefix.length % 64);
    const tmp = new Uint8Array(prefix);
    for (let off = 0; off < whole; off += 64) compress(this.mid, tmp, off);
    this.tail = prefix.slice(whole);
    this.prefixLen = prefix.length;
    const t = this.tail;
    this.fixed = new Int32Array(t.length >> 2);
    for (let i = 0; i < this.fixed.length; i++) {
      this.fixed[i] = (t[i * 4]! << 24) | (t[i * 4 + 1]! << 16) | (t[i * 4 + 2]! << 8) | t[i * 4 + 3]!;
    }
    W.set(this.fixed);
    this.afterFixed = firstRounds(this.mid, this.fixed.length);
  }

  /** Hash `prefix ‖ suffix`; returns the 8 state words (shared array: copy what you keep). */
  digestWords(suffix: Uint8Array, suffixLen = suffix.length): Int32Array {
    const tl = this.tail.length;
    const restLen = tl + suffixLen;
    const total = this.prefixLen + suffixLen;
    const padded = (restLen + 9 + 63) & ~63;
    const st = this.state;
    for (let i = 0; i < 8; i++) st[i] = this.mid[i]!;
    if (padded === 64) return this.oneBlock(suffix, suffixLen, total);
    if (padded > this.buf.length) this.buf = new Uint8Array(padded * 2);
    const buf = this.buf;
    buf.set(this.tail, 0);
    for (let i = 0; i < suffixLen; i++) buf[tl + i] = suffix[i]!;
    buf[restLen] = 0x80;
    buf.fill(0, restLen + 1, padded);
    const bits = total * 8;
    // message length in bits, big-endian 64-bit (messages here are far below 2^32 bits)
    buf[padded - 4] = (bits >>> 24) & 0xff;
    buf[padded - 3] = (bits >>> 16) & 0xff;
    buf[padded - 2] = (bits >>> 8) & 0xff;
    buf[padded - 1] = bits & 0xff;
    buf[padded - 5] = Math.floor(bits / 2 ** 32) & 0xff;
    for (let off = 0; off < padded; off += 64) compress(st, buf, off);
    return st;
  }

  /**
   * The common case, a message of one block: the tail's whole words and the rounds that see only them are
   * precomputed; the other message words are built straight from the suffix bytes, the 0x80 and the length.
   */
  private oneBlock(suffix: Uint8Array, suffixLen: number, total: number): Int32Array {
    const tail = this.tail;
    const tl = tail.length;
    const restLen = tl + suffixLen;
    const from = this.fixed.length;
    for (let i = 0; i < from; i++) W[i] = this.fixed[i]!;
    for (let i = from; i < 14; i++) {
      let word = 0;
      for (let p = i * 4; p < i * 4 + 4; p++) {
        const byte = p < tl ? tail[p]! : p < restLen ? suffix[p - tl]! : p === restLen ? 0x80 : 0;
        word = (word << 8) | byte;
      }
      W[i] = word;
    }
    W[14] = 0;
    W[15] = total * 8;
    compressFrom(this.state, this.afterFixed, from);
    return this.state;
  }
}

const S = new Int32Array(8);

/**
 * SHA-256 of `buf[0..len)`, padded in place: `buf` must have room for the padding (at least
 * {@link paddedLength}`(len)` bytes; the bytes from `len` on are overwritten). No copy of the message, for the
 * millions of short record lines of a content digest. Returns the 8 state words (shared array: copy what you keep).
 * @throws {RangeError} when `buf` has no room for the padding
 */
export function sha256InPlace(buf: Uint8Array, len: number): Int32Array {
  const padded = paddedLength(len);
  if (buf.length < padded) throw new RangeError("sha256InPlace: no room for the padding");
  buf[len] = 0x80;
  for (let i = len + 1; i < padded - 5; i++) buf[i] = 0;
  const bits = len * 8;
  // message length in bits, big-endian 64-bit (messages here are far below 2^40 bits)
  buf[padded - 5] = Math.floor(bits / 2 ** 32) & 0xff;
  buf[padded - 4] = (bits >>> 24) & 0xff;
  buf[padded - 3] = (bits >>> 16) & 0xff;
  buf[padded - 2] = (bits >>> 8) & 0xff;
  buf[padded - 1] = bits & 0xff;
  S.set(IV);
  for (let off = 0; off < padded; off += 64) compress(S, buf, off);
  return S;
}

/** The length of a message of `len` bytes with SHA-256's padding (a multiple of 64). */
export function paddedLength(len: number): number {
  return (len + 9 + 63) & ~63;
}

/** SHA-256 of a whole message, as 32 bytes. */
export function sha256(message: Uint8Array): Uint8Array {
  const h = new PrefixedSha256(new Uint8Array(0)).digestWords(message);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const w = h[i]!;
    out[i * 4] = (w >>> 24) & 0xff;
    out[i * 4 + 1] = (w >>> 16) & 0xff;
    out[i * 4 + 2] = (w >>> 8) & 0xff;
    out[i * 4 + 3] = w & 0xff;
  }
  return out;
}

/** An incremental SHA-256 over any number of byte chunks (for long messages such as a content digest). */
export class Sha256 {
  private readonly state = Int32Array.from(IV);
  private readonly block = new Uint8Array(64);
  private used = 0;
  private length = 0;

  /** Add bytes to the message. */
  update(bytes: Uint8Array): this {
    let i = 0;
    this.length += bytes.length;
    if (this.used > 0) {
      const take = Math.min(64 - this.used, bytes.length);
      this.block.set(bytes.subarray(0, take), this.used);
      this.used += take;
      i = take;
      if (this.used < 64) return this;
      compress(this.state, this.block, 0);
      this.used = 0;
    }
    for (; i + 64 <= bytes.length; i += 64) compress(this.state, bytes, i);
    if (i < bytes.length) {
      this.block.set(bytes.subarray(i), 0);
      this.used = bytes.length - i;
    }
    return this;
  }

  /** The digest, 32 bytes (the hasher must not be used after). */
  digest(): Uint8Array {
    const bits = this.length * 8;
    const pad = new Uint8Array(((this.used + 9 + 63) & ~63) - this.used);
    pad[0] = 0x80;
    const n = pad.length;
    pad[n - 4] = (bits >>> 24) & 0xff;
    pad[n - 3] = (bits >>> 16) & 0xff;
    pad[n - 2] = (bits >>> 8) & 0xff;
    pad[n - 1] = bits & 0xff;
    const hi = Math.floor(bits / 2 ** 32);
    pad[n - 8] = (hi >>> 24) & 0xff;
    pad[n - 7] = (hi >>> 16) & 0xff;
    pad[n - 6] = (hi >>> 8) & 0xff;
    pad[n - 5] = hi & 0xff;
    this.update(pad);
    const out = new Uint8Array(32);
    for (let k = 0; k < 8; k++) {
      const w = this.state[k]!;
      out[k * 4] = (w >>> 24) & 0xff;
      out[k * 4 + 1] = (w >>> 16) & 0xff;
      out[k * 4 + 2] = (w >>> 8) & 0xff;
      out[k * 4 + 3] = w & 0xff;
    }
    return out;
  }
}

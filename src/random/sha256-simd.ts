// Multi-buffer SHA-256 in WebAssembly SIMD: four independent messages hashed at once, one per 32-bit lane of
// the i32x4 vectors. A draw hashes every row twice (its ticket and its content@1 record digest), a short message
// each, millions of them: one message at a time, in JavaScript or through node:crypto (whose per-call overhead
// dominates for short messages), that was the biggest single cost of reading the directory. Here the
// compression function is emitted as WebAssembly bytes at load (wasm-emit.ts: no build tool, no blob), its 64
// rounds unrolled, and messages of the same padded block count are gathered four at a time.
//
// Exactness: every digest equals node:crypto's (law tests in test/random/sha256-simd.test-prop.ts, every length
// 0–300 bytes, any batch). Where WebAssembly SIMD is missing, or with DOUBLE_RANDOM_SHA256=js in the
// environment, everything runs on the JavaScript SHA-256 of sha256.ts, with the same results.
import { IV, K } from "./sha256.js";
import { FunctionBody, I32, moduleBytes, V128 } from "./wasm-emit.js";

/** Bytes of one lane's message area: messages of up to 16 blocks (1,015 bytes) go through the lanes. */
const LANE = 1024;
/** The most blocks a message in the lanes may have once padded. */
export const MAX_LANE_BLOCKS = LANE / 64;
/** Memory layout: the initial state (8 words × 4 lanes, word-major), the digests out (32 bytes per lane, big-endian). */
const INIT = 0;
const OUT = 128;
/** Where a message is written and padded before it goes to its lane. */
const STAGE = 256;
/** The lanes: for each padded block count b (1–16), four lanes of {@link LANE} bytes from BUCKETS + (b − 1)·4·LANE. */
const BUCKETS = 2048;
const PAGES = Math.ceil((BUCKETS + MAX_LANE_BLOCKS * 4 * LANE) / 65536);

/** Byte lanes of a shuffle that interleaves words 0, 1 (`lo`) or 2, 3 (`hi`) of two vectors, each byte-swapped. */
const SWAP_LO = [3, 2, 1, 0, 19, 18, 17, 16, 7, 6, 5, 4, 23, 22, 21, 20];
const SWAP_HI = [11, 10, 9, 8, 27, 26, 25, 24, 15, 14, 13, 12, 31, 30, 29, 28];
/** Byte lanes of a shuffle that takes the low (`lo`) or high (`hi`) 64 bits of each of two vectors. */
const HALF_LO = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const HALF_HI = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];

/**
 * Emit `hash4(msg, blocks)`: the SHA-256 of four messages of `blocks` padded blocks each, lane l's at
 * `msg + l·LANE`, from the initial state at INIT (word-major: word i of lane l at INIT + 16i + 4l); the four
 * digests (big-endian bytes) go to OUT + 32l.
 */
function emitHash4(): FunctionBody {
  const f = new FunctionBody([I32, I32]);
  const msg = 0;
  const blocks = 1;
  const state = Array.from({ length: 8 }, () => f.local(V128));
  const v = Array.from({ length: 8 }, () => f.local(V128));
  const w = Array.from({ length: 16 }, () => f.local(V128));
  const r = Array.from({ length: 4 }, () => f.local(V128));
  const t = Array.from({ length: 4 }, () => f.local(V128));
  const t1 = f.local(V128);

  /**
   * Transpose four rows of four words (`rows`) into `cols`, byte-swapping each word: cols[j] gets word j of
   * each row, one per lane (the same permutation turns lanes' messages into message words and states into digests).
   */
  const transpose = (rows: readonly number[], cols: readonly number[]) => {
    f.get(rows[0]!).get(rows[1]!).shuffle(SWAP_LO).set(t[0]!);
    f.get(rows[0]!).get(rows[1]!).shuffle(SWAP_HI).set(t[1]!);
    f.get(rows[2]!).get(rows[3]!).shuffle(SWAP_LO).set(t[2]!);
    f.get(rows[2]!).get(rows[3]!).shuffle(SWAP_HI).set(t[3]!);
    f.get(t[0]!).get(t[2]!).shuffle(HALF_LO).set(cols[0]!);
    f.get(t[0]!).get(t[2]!).shuffle(HALF_HI).set(cols[1]!);
    f.get(t[1]!).get(t[3]!).shuffle(HALF_LO).set(cols[2]!);
    f.get(t[1]!).get(t[3]!).shuffle(HALF_HI).set(cols[3]!);
  };
  /** Push rotr(x, n) = x >>> n | x << (32 − n), lanewise. */
  const rotr = (x: number, n: number) =>
    f
      .get(x)
      .i32(n)
      .shrU()
      .get(x)
      .i32(32 - n)
      .shl()
      .or();
  /** Push rotr(x, a) ^ rotr(x, b) ^ rotr(x, c), or ^ x >>> c when `shiftLast` (σ0, σ1 of the schedule). */
  const sigma = (x: number, a: number, b: number, c: number, shiftLast: boolean) => {
    rotr(x, a);
    rotr(x, b).xor();
    if (shiftLast) f.get(x).i32(c).shrU();
    else rotr(x, c);
    f.xor();
  };

  for (let i = 0; i < 8; i++)
    f.i32(0)
      .load(INIT + 16 * i)
      .set(state[i]!);
  f.loop();
  // the block's 16 message words: word j of the four lanes in one vector
  for (let j = 0; j < 16; j += 4) {
    for (let l = 0; l < 4; l++)
      f.get(msg)
        .load(l * LANE + j * 4)
        .set(r[l]!);
    transpose(r, w.slice(j, j + 4));
  }
  for (let i = 0; i < 8; i++) f.get(state[i]!).set(v[i]!);
  // 64 rounds, unrolled; the working variables are renamed instead of moved: after a round, what was h holds
  // the new a and what was d the new e (after 64 rounds, every name is back in its place)
  let [a, b, c, d, e, ff, g, h] = v as [number, number, number, number, number, number, number, number];
  for (let i = 0; i < 64; i++) {
    const wi = w[i % 16]!;
    if (i >= 16) {
      // W[i] = σ1(W[i−2]) + W[i−7] + σ0(W[i−15]) + W[i−16], in place of W[i−16]
      f.get(wi);
      sigma(w[(i - 15) % 16]!, 7, 18, 3, true);
      f.add()
        .get(w[(i - 7) % 16]!)
        .add();
      sigma(w[(i - 2) % 16]!, 17, 19, 10, true);
      f.add().set(wi);
    }
    // T1 = h + Σ1(e) + Ch(e, f, g) + K[i] + W[i]; Ch(e, f, g) = bitselect(f, g, e)
    f.get(h);
    sigma(e, 6, 11, 25, false);
    f.add().get(ff).get(g).get(e).bitselect().add();
    const k = K[i]!;
    f.constI32x4(k, k, k, k).add().get(wi).add().set(t1);
    // e' = d + T1
    f.get(d).get(t1).add().set(d);
    // a' = T1 + Σ0(a) + Maj(a, b, c); Maj(a, b, c) = bitselect(a, b, b ^ c)
    f.get(t1);
    sigma(a, 2, 13, 22, false);
    f.add().get(a).get(b).get(b).get(c).xor().bitselect().add().set(h);
    [a, b, c, d, e, ff, g, h] = [h, a, b, c, d, e, ff, g];
  }
  for (let i = 0; i < 8; i++) f.get(state[i]!).get(v[i]!).add().set(state[i]!);
  f.get(msg).i32(64).i32Add().set(msg);
  f.get(blocks).i32(1).i32Sub().set(blocks);
  f.get(blocks).brIf(0).end();
  // the digests: lane l's eight state words, big-endian, at OUT + 32l
  transpose(state.slice(0, 4), r);
  for (let l = 0; l < 4; l++)
    f.i32(0)
      .get(r[l]!)
      .store(OUT + 32 * l);
  transpose(state.slice(4, 8), r);
  for (let l = 0; l < 4; l++)
    f.i32(0)
      .get(r[l]!)
      .store(OUT + 32 * l + 16);
  return f;
}

let bytes: Uint8Array | undefined;

/** The module's bytes, emitted on first use (also for tests: they validate where WebAssembly SIMD is available). */
export function hash4Wasm(): Uint8Array {
  bytes ??= moduleBytes("hash4", emitHash4(), PAGES);
  return bytes;
}

/** The module's exports once instantiated on this thread. */
interface Hash4 {
  readonly hash4: (msg: number, blocks: number) => void;
  readonly memory: { readonly buffer: ArrayBuffer };
}

/** The part of the WebAssembly JavaScript API used here (the project's type library has no WebAssembly). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

let instance: Hash4 | null | undefined;
let enabled =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.DOUBLE_RANDOM_SHA256 !== "js";

/** The module, instantiated on first use on this thread; null when WebAssembly SIMD is not available. */
function hash4(): Hash4 | null {
  if (instance === undefined) {
    instance = null;
    try {
      const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      if (wasm?.validate(hash4Wasm())) {
        const inst = new wasm.Instance(new wasm.Module(hash4Wasm()));
        instance = inst.exports as unknown as Hash4;
      }
    } catch {
      instance = null;
    }
  }
  return instance;
}

/** Whether the batch paths hash with WebAssembly SIMD here (else with the JavaScript SHA-256: same results). */
export function simdSha256(): boolean {
  return enabled && hash4() !== null;
}

/**
 * Turn the SIMD path off (or back on, where available) for this thread: for tests and benchmarks that compare
 * both paths. The environment's DOUBLE_RANDOM_SHA256=js turns it off from the start.
 */
export function useSimdSha256(on: boolean): void {
  enabled = on;
}

/**
 * Four-lane SHA-256 of many messages that share an initial state and a head (the bytes of a common prefix after
 * its whole blocks: see PrefixedSha256): write each message after the head at {@link Sha256Lanes.at}, then
 * {@link Sha256Lanes.commit} it with a tag; its digest goes to `out` at 32·tag. Messages wait in the lanes of
 * their padded block count until four are there; {@link Sha256Lanes.finish} hashes the rest. One batch at a
 * time per thread (it is synchronous: begin, commits, finish).
 */
export class Sha256Lanes {
  /** The module's memory (the stage, the lanes). */
  readonly mem: Uint8Array;
  /** Where a message's bytes go: `mem` from {@link Sha256Lanes.at} up to {@link Sha256Lanes.room} bytes. */
  at = STAGE;
  /** Room for a message after the head: longer ones must be hashed another way. */
  room = LANE - 9;
  private readonly fn: (msg: number, blocks: number) => void;
  private readonly words: Int32Array;
  private readonly used = new Uint8Array(MAX_LANE_BLOCKS + 1);
  private readonly tags = new Int32Array((MAX_LANE_BLOCKS + 1) * 4);
  private out: Uint8Array = new Uint8Array(0);
  /** `out` as 4-byte words, when it is aligned to them. */
  private outWords: Int32Array | undefined;
  private head = 0;
  private prefixLen = 0;

  private constructor(h: Hash4) {
    this.fn = h.hash4;
    this.mem = new Uint8Array(h.memory.buffer);
    this.words = new Int32Array(h.memory.buffer);
  }

  private static shared: Sha256Lanes | undefined;

  /** The thread's lanes, or undefined when the SIMD path is off or not available. */
  static get(): Sha256Lanes | undefined {
    if (!enabled) return undefined;
    const h = hash4();
    if (h === null) return undefined;
    Sha256Lanes.shared ??= new Sha256Lanes(h);
    return Sha256Lanes.shared;
  }

  /**
   * Start a batch: messages are `prefix ‖ message`, where the prefix's whole blocks gave `init` (8 words; IV for
   * no prefix) and `head` are its remaining bytes; `prefixLen` is the prefix's whole length in bytes.
   */
  begin(out: Uint8Array, init: Int32Array = IV, head: Uint8Array = EMPTY, prefixLen = head.length): void {
    const words = this.words;
    for (let i = 0; i < 8; i++) {
      const x = init[i]!;
      const o = (INIT >> 2) + i * 4;
      words[o] = x;
      words[o + 1] = x;
      words[o + 2] = x;
      words[o + 3] = x;
    }
    this.mem.set(head, STAGE);
    // the head before every lane's message, once for the batch (for slot and commitInSlot)
    for (let lane = 0; lane < MAX_LANE_BLOCKS * 4; lane++) this.mem.set(head, BUCKETS + lane * LANE);
    this.head = head.length;
    this.at = STAGE + head.length;
    this.room = LANE - 9 - head.length;
    this.prefixLen = prefixLen;
    this.out = out;
    this.outWords =
      out.byteOffset % 4 === 0 ? new Int32Array(out.buffer, out.byteOffset, out.length >> 2) : undefined;
    this.used.fill(0);
  }

  /**
   * The message of `len` bytes at {@link Sha256Lanes.at} is complete: pad it and queue it; its digest will be at
   * `out[32·tag, 32·tag + 32)`.
   * @throws {RangeError} when the message is longer than {@link Sha256Lanes.room} (misuse)
   */
  commit(tag: number, len: number): void {
    if (len > this.room) throw new RangeError("Sha256Lanes.commit: message longer than a lane");
    const blocks = this.pad(STAGE, len);
    const k = this.used[blocks]!;
    this.mem.copyWithin(BUCKETS + ((blocks - 1) * 4 + k) * LANE, STAGE, STAGE + blocks * 64);
    this.queue(tag, blocks, k);
  }

  /**
   * Where a message of `len` bytes (at most {@link Sha256Lanes.room}) can be written straight into its lane, for
   * {@link Sha256Lanes.commitInSlot} (no copy: for messages whose length is known before they are written).
   */
  slot(len: number): number {
    const blocks = (this.head + len + 9 + 63) >> 6;
    return BUCKETS + ((blocks - 1) * 4 + this.used[blocks]!) * LANE + this.head;
  }

  /** The message of `len` bytes written at {@link Sha256Lanes.slot}`(len)` is complete: pad it and queue it. */
  commitInSlot(tag: number, len: number): void {
    const blocks = (this.head + len + 9 + 63) >> 6;
    const k = this.used[blocks]!;
    this.pad(BUCKETS + ((blocks - 1) * 4 + k) * LANE, len);
    this.queue(tag, blocks, k);
  }

  /** Pad the message of `len` bytes after the head at `base` (0x80, zeros, the length in bits); its block count. */
  private pad(base: number, len: number): number {
    const m = this.mem;
    const rest = this.head + len;
    const padded = (rest + 9 + 63) & ~63;
    m[base + rest] = 0x80;
    m.fill(0, base + rest + 1, base + padded - 4);
    const bits = (this.prefixLen + len) * 8;
    const end = base + padded;
    m[end - 5] = Math.floor(bits / 2 ** 32) & 0xff;
    m[end - 4] = (bits >>> 24) & 0xff;
    m[end - 3] = (bits >>> 16) & 0xff;
    m[end - 2] = (bits >>> 8) & 0xff;
    m[end - 1] = bits & 0xff;
    return padded >> 6;
  }

  /** Lane `k` of the lanes of `blocks` blocks holds the message `tag`: hash the four once they are full. */
  private queue(tag: number, blocks: number, k: number): void {
    this.tags[blocks * 4 + k] = tag;
    this.used[blocks] = k + 1;
    if (k === 3) this.run(blocks);
  }

  /** Hash the messages waiting in the lanes of `blocks` blocks (the unused lanes hash whatever is there). */
  private run(blocks: number): void {
    this.fn(BUCKETS + (blocks - 1) * 4 * LANE, blocks);
    const n = this.used[blocks]!;
    const w = this.words;
    const out = this.outWords;
    if (out !== undefined) {
      // four-byte words copied as they are: the same bytes
      for (let k = 0; k < n; k++) {
        const to = this.tags[blocks * 4 + k]! * 8;
        const from = (OUT >> 2) + k * 8;
        for (let j = 0; j < 8; j++) out[to + j] = w[from + j]!;
      }
    } else {
      const m = this.mem;
      for (let k = 0; k < n; k++) {
        const to = this.tags[blocks * 4 + k]! * 32;
        const from = OUT + k * 32;
        for (let j = 0; j < 32; j++) this.out[to + j] = m[from + j]!;
      }
    }
    this.used[blocks] = 0;
  }

  /** Hash every message still waiting: after it, every committed message's digest is in `out`. */
  finish(): void {
    for (let b = 1; b <= MAX_LANE_BLOCKS; b++) if (this.used[b]! > 0) this.run(b);
    this.out = EMPTY;
    this.outWords = undefined;
  }
}

const EMPTY = new Uint8Array(0);

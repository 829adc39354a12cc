// Tickets (SPEC §5.1, draw contract v1): K = SHA-256(UTF-8(NFC(seed))), D = SHA-256(K ‖ UTF-8(scope) ‖ 0x00 ‖
// UTF-8(id)), ticket = the first 13 hex digits of D, T = their integer, u = (T + 0.5) / 2^52.
import { PrefixedSha256, sha256 } from "./sha256.js";
import { Sha256Lanes } from "./sha256-simd.js";

const encoder = new TextEncoder();
/** 2^52: tickets are 52-bit integers. */
export const TICKET_SPACE = 2 ** 52;

/** The version of the draw contract implemented here (SPEC §5). Changes only with a new contract. */
export const ALGORITHM_VERSION = "double-random/draw@1";

/** A ticket: the first 13 hex digits of `D` and its integer value `T`. */
export interface Ticket {
  /** 13 lowercase hex digits. */
  readonly ticket: string;
  /** The same 52 bits as an integer (exact in a double). */
  readonly value: number;
}

/** The seed key `K = SHA-256(UTF-8(NFC(seed)))`: 32 bytes, derived once per seed by {@link seedKey}. */
export interface SeedKey {
  readonly kind: "seed-key";
  /** The 32 bytes of K (do not modify). */
  readonly bytes: Uint8Array;
}

/**
 * Derive the seed key `K = SHA-256(UTF-8(NFC(seed)))` (SPEC §5.1).
 * @example seedKey("demo").bytes.length // 32
 */
export function seedKey(seed: string): SeedKey {
  return { kind: "seed-key", bytes: sha256(encoder.encode(seed.normalize("NFC"))) };
}

/**
 * The seed key from its 32 bytes (e.g. sent to a worker thread).
 * @throws {RangeError} when `bytes` is not 32 bytes long
 */
export function seedKeyFromBytes(bytes: Uint8Array): SeedKey {
  if (bytes.length !== 32) throw new RangeError(`seedKeyFromBytes: 32 bytes expected, got ${bytes.length}`);
  return { kind: "seed-key", bytes: Uint8Array.from(bytes) };
}

/**
 * A ticket machine for one seed key and one scope (SPEC §5.1):
 * `D = SHA-256(K ‖ UTF-8(scope) ‖ 0x00 ‖ UTF-8(id))`. Pure: the seed is the only source of randomness.
 * The stages get their machines from one {@link Randomness} value; a seed text is accepted for one-off use.
 * @example new TicketMachine("demo", "T-2026-001").ticket("913502000728319549").ticket // "9dc3cb8fefab3"
 */
export class TicketMachine {
  private readonly hasher: PrefixedSha256;
  private idBuf = new Uint8Array(64);
  /** The digests of a batch ({@link TicketMachine.values}), and which of its ids went another way. */
  private batch: Uint8Array = new Uint8Array(0);
  private aside: Uint8Array = new Uint8Array(0);

  /**
   * @param seed the seed key (see {@link seedKey}), or the public seed text (normalised to NFC and keyed here)
   * @param scope the ticket scope (every scope in use is in src/random/scopes.ts)
   */
  constructor(seed: SeedKey | string, scope: string) {
    const k = typeof seed === "string" ? seedKey(seed).bytes : seed.bytes;
    const s = encoder.encode(scope);
    const prefix = new Uint8Array(32 + s.length + 1);
    prefix.set(k, 0);
    prefix.set(s, 32);
    prefix[32 + s.length] = 0;
    this.hasher = new PrefixedSha256(prefix);
  }

  /** The 52-bit integer `T` of `id`'s ticket. */
  value(id: string): number {
    let len = id.length;
    let ascii = true;
    if (len * 3 > this.idBuf.length) this.idBuf = new Uint8Array(len * 3 + 16);
    const buf = this.idBuf;
    for (let i = 0; i < len; i++) {
      const c = id.charCodeAt(i);
      if (c > 0x7f) {
        ascii = false;
        break;
      }
      buf[i] = c;
    }
    if (!ascii) len = encoder.encodeInto(id, buf).written;
    const h = this.hasher.digestWords(buf, len);
    return (h[0]! >>> 0) * 1048576 + (h[1]! >>> 12);
  }

  /**
   * The 52-bit integers `T` of many ids (each the same as {@link TicketMachine.value}'s), hashed four at a time
   * with WebAssembly SIMD where available (see sha256-simd.ts). Returns `out`.
   * @throws {RangeError} when `out` is shorter than `ids`
   */
  values(ids: readonly string[], out: Float64Array = new Float64Array(ids.length)): Float64Array {
    const n = ids.length;
    if (out.length < n) throw new RangeError(`TicketMachine.values: room for ${out.length} values, not ${n}`);
    if (n <= VALUES_BATCH) return this.valuesOfBatch(ids, out);
    // in batches: the digests of a batch wait in a buffer of 32 bytes per id (61 MB for the 950k visits of 10M)
    for (let s = 0; s < n; s += VALUES_BATCH) {
      const e = Math.min(n, s + VALUES_BATCH);
      this.valuesOfBatch(ids.slice(s, e), out.subarray(s, e));
    }
    return out;
  }

  /** {@link TicketMachine.values} of at most {@link VALUES_BATCH} ids. */
  private valuesOfBatch(ids: readonly string[], out: Float64Array): Float64Array {
    const n = ids.length;
    const lanes = Sha256Lanes.get();
    if (lanes === undefined || n < 4) {
      for (let i = 0; i < n; i++) out[i] = this.value(ids[i]!);
      return out;
    }
    if (this.batch.length < 32 * n) {
      this.batch = new Uint8Array(64 * n);
      this.aside = new Uint8Array(2 * n);
    }
    const h = this.hasher;
    lanes.begin(this.batch, h.mid, h.tail, h.prefixLen);
    const m = lanes.mem;
    const at = lanes.at;
    const room = lanes.room;
    const aside = this.aside;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      const len = id.length;
      aside[i] = 0;
      if (len <= room) {
        // an ASCII id (the usual case) is written straight into its lane
        const to = lanes.slot(len);
        let ascii = true;
        for (let k = 0; ascii && k < len; k++) {
          const c = id.charCodeAt(k);
          if (c > 0x7f) ascii = false;
          else m[to + k] = c;
        }
        if (ascii) {
          lanes.commitInSlot(i, len);
          continue;
        }
      }
      const r = encoder.encodeInto(id, m.subarray(at, at + room));
      // longer than a lane: the JavaScript hasher (below)
      if (r.read < id.length) aside[i] = 1;
      else lanes.commit(i, r.written);
    }
    lanes.finish();
    const d = this.batch;
    for (let i = 0; i < n; i++) {
      if (aside[i] === 1) {
        out[i] = this.value(ids[i]!);
        continue;
      }
      const o = i * 32;
      out[i] =
        (((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0) * 1048576 +
        ((d[o + 4]! << 12) | (d[o + 5]! << 4) | (d[o + 6]! >>> 4));
    }
    return out;
  }

  /**
   * The 52-bit integer `T` of the id whose UTF-8 bytes are `bytes[start, end)` (the id must already be in its
   * final form: {@link TicketMachine.value} of the same id as text gives the same number).
   */
  valueOfUtf8(bytes: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (len > this.idBuf.length) this.idBuf = new Uint8Array(len + 16);
    const buf = this.idBuf;
    for (let i = 0; i < len; i++) buf[i] = bytes[start + i]!;
    const h = this.hasher.digestWords(buf, len);
    return (h[0]! >>> 0) * 1048576 + (h[1]! >>> 12);
  }

  /** The ticket of `id`: hex text and integer. */
  ticket(id: string): Ticket {
    const value = this.value(id);
    return { ticket: ticketHex(value), value };
  }
}

/** Ids hashed together by {@link TicketMachine.values} (its buffers are sized for this many). */
const VALUES_BATCH = 4096;

/**
 * 13 lowercase hex digits of a 52-bit ticket value: `value.toString(16).padStart(13, "0")`, made from its top 24
 * and low 28 bits as small integers, each with a leading 1 digit dropped (about twice as fast: a draw formats
 * every selected and reserve entity's ticket).
 */
export function ticketHex(value: number): string {
  const hi = Math.floor(value / 268435456); // 2^28
  const lo = value - hi * 268435456;
  if (!(hi >= 0 && hi < 16777216) || !Number.isInteger(lo)) return value.toString(16).padStart(13, "0");
  return (16777216 + hi).toString(16).slice(1) + (268435456 + lo).toString(16).slice(1);
}

/** `u = (T + 0.5) / 2^52`, strictly inside (0, 1). */
export function ticketU(value: number): number {
  return (value + 0.5) / TICKET_SPACE;
}

/**
 * One ticket, computed once (convenience for verification and the README's examples).
 * @example ticketOf("demo", "T-2026-001", "91350100M000100Y43") // "2753f7f6f2195"
 */
export function ticketOf(seed: string, scope: string, id: string): string {
  return new TicketMachine(seed, scope).ticket(id).ticket;
}

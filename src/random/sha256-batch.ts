// SHA-256 of many messages in one call (sha256Batch): four at a time in WebAssembly SIMD (sha256-simd.ts) where
// available, else one at a time in JavaScript (sha256.ts), with the same digests.
import { paddedLength, sha256InPlace } from "./sha256.js";
import { Sha256Lanes } from "./sha256-simd.js";

/** Write the 8 state words `h` as 32 big-endian bytes at `out[at, at + 32)`. */
export function wordsToBytes(h: Int32Array, out: Uint8Array, at: number): void {
  for (let i = 0; i < 8; i++) {
    const x = h[i]!;
    out[at + i * 4] = (x >>> 24) & 0xff;
    out[at + i * 4 + 1] = (x >>> 16) & 0xff;
    out[at + i * 4 + 2] = (x >>> 8) & 0xff;
    out[at + i * 4 + 3] = x & 0xff;
  }
}

/**
 * SHA-256 of `count` messages at once: message i is `messages[offsets[i], offsets[i] + lengths[i])`; its digest
 * goes to `out[32i, 32i + 32)`. Four at a time with WebAssembly SIMD where available (messages longer than a
 * lane, and everything where SIMD is off, by the JavaScript SHA-256: the same digests). Returns `out`.
 * @throws {RangeError} when `out` has room for fewer than `count` digests, or a message's offset and length
 * (non-negative integers) do not lie inside `messages`
 * @example sha256Batch(new TextEncoder().encode("abc"), [0], [3], 1, new Uint8Array(32))[0] // 0xba
 */
export function sha256Batch(
  messages: Uint8Array,
  offsets: ArrayLike<number>,
  lengths: ArrayLike<number>,
  count: number,
  out: Uint8Array,
): Uint8Array {
  if (out.length < 32 * count)
    throw new RangeError(`sha256Batch: room for ${out.length >> 5} digests, not ${count}`);
  for (let i = 0; i < count; i++) {
    const o = offsets[i];
    const len = lengths[i];
    if (
      !Number.isSafeInteger(o) ||
      !Number.isSafeInteger(len) ||
      o! < 0 ||
      len! < 0 ||
      o! + len! > messages.length
    )
      throw new RangeError(`sha256Batch: message ${i} (offset ${o}, length ${len}) is not inside the buffer`);
  }
  const lanes = Sha256Lanes.get();
  lanes?.begin(out);
  let buf: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const o = offsets[i]!;
    const len = lengths[i]!;
    if (lanes !== undefined && len <= lanes.room) {
      lanes.mem.set(messages.subarray(o, o + len), lanes.at);
      lanes.commit(i, len);
    } else {
      if (buf.length < paddedLength(len)) buf = new Uint8Array(paddedLength(len));
      buf.set(messages.subarray(o, o + len));
      wordsToBytes(sha256InPlace(buf, len), out, 32 * i);
    }
  }
  lanes?.finish();
  return out;
}

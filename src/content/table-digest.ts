// The content@1 digest of a history or conflicts table (src/model/tables.ts) read straight from its columns:
// each row's record line is written as UTF-8 bytes from the packed entity ids and the interned values (each
// encoded once), into the four-lane SHA-256's stage, without making the record objects or the line strings
// that contentDigest over the table's records makes (a million rows of garbage in the plan step at 10M). The
// same digest as contentDigest of the records: a law (test/content/table-digest.test-prop.ts) pins it.
import type { ConflictTable, HistoryTable } from "../model/tables.js";
import { sha256InPlace } from "../random/sha256.js";
import { Sha256Lanes } from "../random/sha256-simd.js";
import {
  type ContentDigest,
  contentDigest,
  contentOfDigests,
  recordLine,
  SLAB,
  type StreamHash,
} from "./digest.js";

const encoder = new TextEncoder();
const SEP = 0x1f;
const SEMI = 0x3b;
/** Below this many bytes (the C library's default threshold for mapping), an array is made at its size. */
const MAPPED_FROM = 128 << 10;

/** Each value's UTF-8 bytes (a validated value is a string; anything else as content@1 writes it). */
function encoded(values: readonly string[]): Uint8Array[] {
  return values.map((v) => encoder.encode(v === undefined || v === null ? "" : String(v)));
}

/** The entity ids of a table's rows as bytes: the packed ones (one char code a byte), the others encoded. */
class IdBytes {
  private readonly bytes: Uint8Array;
  private readonly odd: Map<number, Uint8Array>;

  constructor(column: HistoryTable["entities"]) {
    const plain = column.toPlain();
    this.bytes = plain.bytes;
    this.odd = new Map(plain.odd.map(([k, id]) => [k, encoder.encode(id)]));
  }

  /** Write row k's id as UTF-8 at `at`; the end, or -1 when it would pass `limit`. */
  write(k: number, out: Uint8Array, at: number, limit: number): number {
    const odd = this.odd.size > 0 ? this.odd.get(k) : undefined;
    if (odd !== undefined) return put(odd, out, at, limit);
    const b = this.bytes;
    const o = k * 18;
    if (at + 36 > limit) {
      // rare (a long line): the exact length first
      let len = 0;
      for (let i = 0; i < 18; i++) len += b[o + i]! < 0x80 ? 1 : 2;
      if (at + len > limit) return -1;
    }
    for (let i = 0; i < 18; i++) {
      const c = b[o + i]!;
      if (c < 0x80) out[at++] = c;
      else {
        // a char code U+0080–U+00FF packed as one byte: two bytes in UTF-8
        out[at++] = 0xc0 | (c >>> 6);
        out[at++] = 0x80 | (c & 0x3f);
      }
    }
    return at;
  }
}

/** Copy `v` to `out` at `at`; the end, or -1 when it would pass `limit`. */
function put(v: Uint8Array, out: Uint8Array, at: number, limit: number): number {
  if (at + v.length > limit) return -1;
  if (v.length < 16) for (let i = 0; i < v.length; i++) out[at + i] = v[i]!;
  else out.set(v, at);
  return at + v.length;
}

/** Writes row k's record line at `at` (up to `limit`): its end, or -1 when it does not fit. */
type LineWriter = (k: number, out: Uint8Array, at: number, limit: number) => number;

function historyLines(t: HistoryTable): LineWriter {
  const ids = new IdBytes(t.entities);
  const items = encoded(t.itemIds.values);
  const dates = encoded(t.dates.values);
  const inspectors = encoded(t.inspectorIds.values);
  const { item, date } = t;
  const ins = t.inspectors;
  return (k, out, at, limit) => {
    let p = ids.write(k, out, at, limit);
    if (p < 0 || p >= limit) return -1;
    out[p++] = SEP;
    p = put(items[item[k]!]!, out, p, limit);
    if (p < 0 || p >= limit) return -1;
    out[p++] = SEP;
    p = put(dates[date[k]!]!, out, p, limit);
    if (p < 0 || p >= limit) return -1;
    out[p++] = SEP;
    const end = t.inspectorEnd(k);
    for (let j = t.inspectorStart(k); j < end; j++) {
      if (j > t.inspectorStart(k)) {
        if (p >= limit) return -1;
        out[p++] = SEMI;
      }
      p = put(inspectors[ins[j]!]!, out, p, limit);
      if (p < 0) return -1;
    }
    return p;
  };
}

function conflictLines(t: ConflictTable): LineWriter {
  const ids = new IdBytes(t.entities);
  const inspectors = encoded(t.inspectorIds.values);
  const relations = encoded(t.relations.values);
  const dates = encoded(t.dates.values);
  const none = new Uint8Array(0);
  const { inspector, relation, until } = t;
  return (k, out, at, limit) => {
    let p = put(inspectors[inspector[k]!]!, out, at, limit);
    if (p < 0 || p >= limit) return -1;
    out[p++] = SEP;
    p = ids.write(k, out, p, limit);
    if (p < 0 || p >= limit) return -1;
    out[p++] = SEP;
    p = put(relations[relation[k]!]!, out, p, limit);
    if (p < 0 || p >= limit) return -1;
    out[p++] = SEP;
    const u = until[k]!;
    return put(u < 0 ? none : dates[u]!, out, p, limit);
  };
}

/**
 * The content digest (content@1) of a history or conflicts table: the same as {@link contentDigest} of its
 * records (`table.values()`), computed from the columns. Without the four-lane SHA-256 (WebAssembly SIMD off or
 * missing), it is that. `hash` (a fresh SHA-256, e.g. a native one) hashes the sorted record digests.
 */
export function tableContentDigest(kind: "history", table: HistoryTable, hash?: StreamHash): ContentDigest;
export function tableContentDigest(kind: "conflicts", table: ConflictTable, hash?: StreamHash): ContentDigest;
export function tableContentDigest(
  kind: "history" | "conflicts",
  table: HistoryTable | ConflictTable,
  hash?: StreamHash,
): ContentDigest {
  const lanes = Sha256Lanes.get();
  if (lanes === undefined) return contentDigest(kind, table.values());
  const line =
    kind === "history" ? historyLines(table as HistoryTable) : conflictLines(table as ConflictTable);
  const n = table.length;
  // every row's digest in one array, in row order (the lanes write row k's at 32·k): 32 bytes a row, one
  // allocation. A big one is made at least a slab's size (as the content hasher's slabs, src/content/digest.ts):
  // above the C library's largest threshold for mapping an allocation on its own, so that, freed, it goes back
  // to the system and does not raise that threshold for what is allocated after; its pages beyond the digests
  // are never touched, so never resident
  const bytes = 32 * n;
  const digests = new Uint8Array(
    new ArrayBuffer(bytes >= MAPPED_FROM ? Math.max(bytes, SLAB) : bytes),
    0,
    bytes,
  );
  const aside: number[] = [];
  lanes.begin(digests);
  const at = lanes.at;
  const limit = at + lanes.room;
  const mem = lanes.mem;
  for (let k = 0; k < n; k++) {
    const end = line(k, mem, at, limit);
    if (end < 0) aside.push(k);
    else lanes.commit(k, end - at);
  }
  lanes.finish();
  // a line longer than a lane: hashed from its record line
  let buf = new Uint8Array(0);
  for (const k of aside) {
    const text = recordLine(kind, table.at(k, false));
    if (buf.length < text.length * 3 + 72) buf = new Uint8Array(text.length * 3 + 136);
    const h = sha256InPlace(buf, encoder.encodeInto(text, buf).written);
    for (let i = 0; i < 8; i++) {
      const w = h[i]!;
      const o = 32 * k + 4 * i;
      digests[o] = (w >>> 24) & 0xff;
      digests[o + 1] = (w >>> 16) & 0xff;
      digests[o + 2] = (w >>> 8) & 0xff;
      digests[o + 3] = w & 0xff;
    }
  }
  return contentOfDigests(byLead(digests), [], hash);
}

/**
 * The record digests (32 bytes each) put in place into runs of equal first byte (an in-place counting sort:
 * American flag), as one part per first byte, for {@link contentOfDigests} to sort a bucket at a time without
 * copying them (a copy of them all was 27 MB more at 10M, in the step where the plan is at its biggest).
 */
function byLead(digests: Uint8Array): Uint8Array[] {
  const n = digests.length >> 5;
  const words = new Int32Array(digests.buffer, digests.byteOffset, n * 8);
  const start = new Uint32Array(257);
  for (let k = 0; k < n; k++) start[digests[k << 5]! + 1]!++;
  for (let b = 0; b < 256; b++) start[b + 1]! += start[b]!;
  const next = start.slice(0, 256);
  const held = new Int32Array(8);
  // the held digest's bytes (the words are moved as they are: the same bytes, whatever the byte order)
  const heldBytes = new Uint8Array(held.buffer);
  for (let b = 0; b < 256; b++) {
    const end = start[b + 1]!;
    while (next[b]! < end) {
      const k = next[b]!;
      let lead = digests[k << 5]!;
      if (lead === b) {
        next[b]!++;
        continue;
      }
      // a cycle: the digest at k goes to the next free place of its bucket, the one there to its own, … until
      // one of bucket b comes back to k
      for (let j = 0; j < 8; j++) held[j] = words[k * 8 + j]!;
      while (lead !== b) {
        const to = next[lead]!++ * 8;
        for (let j = 0; j < 8; j++) {
          const w = words[to + j]!;
          words[to + j] = held[j]!;
          held[j] = w;
        }
        lead = heldBytes[0]!;
      }
      for (let j = 0; j < 8; j++) words[k * 8 + j] = held[j]!;
      next[b]!++;
    }
  }
  const parts: Uint8Array[] = [];
  for (let b = 0; b < 256; b++)
    if (start[b + 1]! > start[b]!) parts.push(digests.subarray(start[b]! << 5, start[b + 1]! << 5));
  return parts;
}

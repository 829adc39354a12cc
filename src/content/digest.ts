// Content digests (content@1): a digest of an input's validated records that does not depend on the file
// format, encoding, header language or row order, so that the same records give the same digest from a CSV
// file in GB18030, an NDJSON file with shuffled rows, arrays in memory or a database table.
//
// For each record, the values of the kind's canonical columns ({@link CONTENT_COLUMNS}, in that order) as text:
// absent → ""; strings as validated (enum values as their canonical English value, e.g. "active", "enterprise");
// integers in decimal; dates YYYY-MM-DD; lists joined by ";" in input order; `unavailable` periods as "from~to"
// (a single day d as "d~d") joined by ";". The record line is the values joined by U+001F; the record digest is
// SHA-256 of the line's UTF-8 bytes (32 bytes). The content digest is the lowercase hex SHA-256 of the
// concatenation of all record digests sorted ascending bytewise. The README has it in a few lines of Python.
import { Sha256, sha256InPlace } from "../random/sha256.js";
import { Sha256Lanes } from "../random/sha256-simd.js";
import { type DigestParts, type DigestStore, joinParts, sortedDigestBlocks } from "./sort.js";

export { type DigestStore, mergeSortedDigests, sortedDigestBlocks, sortedDigests } from "./sort.js";

/** The name and version of the content digest's definition. */
export const CONTENT_FORMAT = "content@1";

/** The canonical columns of each kind of input, in the order of the record line. */
export const CONTENT_COLUMNS = {
  entities: [
    "id",
    "name",
    "kind",
    "region",
    "industry",
    "riskClass",
    "weight",
    "status",
    "registeredOn",
    "tags",
    "address",
    "legalRepresentative",
  ],
  inspectors: [
    "id",
    "name",
    "certificateNo",
    "certificateExpiresOn",
    "department",
    "unit",
    "region",
    "specialties",
    "role",
    "maxTasks",
    "unavailable",
  ],
  items: ["id", "name", "department", "basis", "content", "method", "category", "specialties"],
  conflicts: ["inspectorId", "entityId", "relation", "until"],
  history: ["entityId", "itemId", "inspectedOn", "inspectorIds"],
  /** A user calendar: one record per year (the key of `years`). */
  calendar: ["year", "holidays", "workdays", "through"],
} as const;

/** The kinds of input that have a content digest. */
export type ContentKind = keyof typeof CONTENT_COLUMNS;

/** The content digest of one input, as a plan records it. */
export interface ContentDigest {
  readonly format: typeof CONTENT_FORMAT;
  /** Lowercase hex SHA-256 over the sorted record digests. */
  readonly sha256: string;
  /** How many records. */
  readonly records: number;
}

const SEP = "\u001f";
const encoder = new TextEncoder();

/** A value of a validated record as content@1 text. */
function text(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) {
    let out = "";
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const s =
        typeof x === "object" && x !== null && "from" in x && "to" in x
          ? `${(x as { from: string }).from}~${(x as { to: string }).to}`
          : String(x);
      out = i === 0 ? s : `${out};${s}`;
    }
    return out;
  }
  return String(v);
}

/** Optional text of an entity. */
const opt = (v: string | number | undefined): string => (v === undefined ? "" : `${v}`);

/**
 * The record line of a validated entity, written out (a directory has millions: this is the hot path). The
 * entity columns `address` and `legalRepresentative` are read when present.
 */
function entityLine(e: {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly region: string;
  readonly industry?: string;
  readonly riskClass: string;
  readonly weight?: number;
  readonly status: string;
  readonly registeredOn?: string;
  readonly tags: readonly string[];
  readonly address?: string;
  readonly legalRepresentative?: string;
}): string {
  return `${e.id}\u001f${e.name}\u001f${e.kind}\u001f${e.region}\u001f${opt(e.industry)}\u001f${e.riskClass}\u001f${opt(e.weight)}\u001f${e.status}\u001f${opt(e.registeredOn)}\u001f${e.tags.length === 0 ? "" : e.tags.join(";")}\u001f${opt(e.address)}\u001f${opt(e.legalRepresentative)}`;
}

/** The record line of a validated record: its canonical values as text, joined by U+001F. */
export function recordLine(kind: ContentKind, record: object): string {
  if (kind === "entities" && Array.isArray((record as { tags?: unknown }).tags))
    return entityLine(record as Parameters<typeof entityLine>[0]);
  const cols = CONTENT_COLUMNS[kind];
  const r = record as Readonly<Record<string, unknown>>;
  let line = text(r[cols[0]]);
  for (let i = 1; i < cols.length; i++) line += SEP + text(r[cols[i]!]);
  return line;
}

/** Records hashed together by {@link ContentHasher.addAll} (its buffers are sized for this many). */
const ADD_ALL_BATCH = 4096;

/**
 * Collects the record digests of one input, in any order, and gives its content digest. Record digests of
 * parts of an input (e.g. the shards of a directory) can be joined with {@link ContentHasher.addDigests}.
 * The digests are kept grouped by their first byte (256 buckets of chunks), so that the content digest sorts
 * one bucket at a time: no sorted copy of all of them (320 MB at 10M records) is ever made. With a
 * {@link DigestStore}, each bucket's full chunks go to the store (e.g. a temporary file, at the edge) and the
 * hasher keeps only the chunks being filled: its memory no longer grows with the input.
 */
export class ContentHasher {
  /** Per first byte, the full chunks of record digests, then the one being filled. */
  private buckets: Uint8Array[][] = [];
  /** Per first byte, the bytes used of the last chunk. */
  private used = new Uint32Array(256);
  private n = 0;
  private buf = new Uint8Array(1024);
  /** The record digests of a batch ({@link ContentHasher.addAll}), and which of its records went another way. */
  private batch: Uint8Array = new Uint8Array(0);
  private aside: Uint8Array = new Uint8Array(0);
  /** Bytes of chunks made, and the slab chunks are cut from (see {@link ContentHasher.chunk}). */
  private allocated = 0;
  private slab: ArrayBuffer | undefined;
  private slabUsed = 0;

  /**
   * @param store where full chunks of record digests go (the hasher then reuses the chunk); absent: they are
   * kept in memory
   */
  constructor(
    readonly kind: ContentKind,
    readonly store?: DigestStore,
  ) {}

  /** How many records have been added. */
  get records(): number {
    return this.n;
  }

  /** Room for one more record digest whose first byte is `lead`: the chunk, and the offset in it. */
  private slot(lead: number): Uint8Array {
    let list = this.buckets[lead];
    if (list === undefined) {
      list = [];
      this.buckets[lead] = list;
    }
    let last = list[list.length - 1];
    if (
      last !== undefined &&
      this.store !== undefined &&
      last.length === CHUNK &&
      this.used[lead] === CHUNK
    ) {
      // a full chunk goes to the store, and is filled again
      this.store.put(lead, last);
      this.used[lead] = 0;
    } else if (last === undefined || this.used[lead] === last.length) {
      // small inputs start small: each bucket's chunks double up to a full chunk
      last = this.chunk(Math.min(CHUNK, last === undefined ? 32 * 4 : last.length * 2));
      list.push(last);
      this.used[lead] = 0;
    }
    this.n++;
    return last;
  }

  /**
   * A new chunk of `size` bytes. Past {@link SLAB_FROM} bytes, chunks are cut from slabs of {@link SLAB} bytes:
   * millions of digests in 64 KiB pieces left the C heap so fragmented that hundreds of MB were not given back
   * to the system after the draw; a slab is mapped and unmapped whole.
   */
  private chunk(size: number): Uint8Array {
    this.allocated += size;
    if (this.allocated < SLAB_FROM) return new Uint8Array(size);
    if (this.slab === undefined || this.slabUsed + size > this.slab.byteLength) {
      this.slab = new ArrayBuffer(SLAB);
      this.slabUsed = 0;
    }
    const c = new Uint8Array(this.slab, this.slabUsed, size);
    this.slabUsed += size;
    return c;
  }

  /** Add one validated record. */
  add(record: object): void {
    const line = recordLine(this.kind, record);
    if (line.length * 3 + 72 > this.buf.length) this.buf = new Uint8Array(line.length * 3 + 136);
    const len = encoder.encodeInto(line, this.buf).written;
    const h = sha256InPlace(this.buf, len);
    const lead = h[0]! >>> 24;
    const d = this.slot(lead);
    let at = this.used[lead]!;
    this.used[lead] = at + 32;
    for (let i = 0; i < 8; i++) {
      const w = h[i]!;
      d[at++] = (w >>> 24) & 0xff;
      d[at++] = (w >>> 16) & 0xff;
      d[at++] = (w >>> 8) & 0xff;
      d[at++] = w & 0xff;
    }
  }

  /**
   * Add many validated records (the same as {@link ContentHasher.add} of each, in order), their record digests
   * hashed four at a time with WebAssembly SIMD where available (see src/random/sha256-simd.ts).
   */
  addAll(records: readonly object[]): void {
    if (records.length > ADD_ALL_BATCH) {
      // in batches: a batch's digests wait in a buffer of 32 bytes a record, kept for the hasher's life
      for (let s = 0; s < records.length; s += ADD_ALL_BATCH)
        this.addAll(records.slice(s, s + ADD_ALL_BATCH));
      return;
    }
    const lanes = Sha256Lanes.get();
    const n = records.length;
    if (lanes === undefined || n < 4) {
      for (let i = 0; i < n; i++) this.add(records[i]!);
      return;
    }
    if (this.batch.length < 32 * n) {
      this.batch = new Uint8Array(32 * n);
      this.aside = new Uint8Array(n);
    }
    const aside = this.aside;
    lanes.begin(this.batch);
    const stage = lanes.mem.subarray(lanes.at, lanes.at + lanes.room);
    for (let i = 0; i < n; i++) {
      const line = recordLine(this.kind, records[i]!);
      const r = encoder.encodeInto(line, stage);
      // a line longer than a lane: hashed by add (below)
      aside[i] = r.read < line.length ? 1 : 0;
      if (aside[i] === 0) lanes.commit(i, r.written);
    }
    lanes.finish();
    for (let i = 0; i < n; i++) {
      if (aside[i] === 1) this.add(records[i]!);
      else this.addDigestAt(this.batch, 32 * i);
    }
  }

  /**
   * Add record digests computed elsewhere (32 bytes each).
   * @throws {RangeError} when the length is not a multiple of 32
   */
  addDigests(digests: Uint8Array | readonly Uint8Array[]): void {
    for (const part of digestParts(digests)) {
      if (part.length % 32 !== 0) throw new RangeError("addDigests: a multiple of 32 bytes expected");
      for (let o = 0; o < part.length; o += 32) this.addDigestAt(part, o);
    }
  }

  /** Add one record digest computed elsewhere: the 32 bytes of `digests` from `offset`. */
  addDigestAt(digests: Uint8Array, offset: number): void {
    const lead = digests[offset]!;
    const d = this.slot(lead);
    const at = this.used[lead]!;
    this.used[lead] = at + 32;
    for (let k = 0; k < 32; k++) d[at + k] = digests[offset + k]!;
  }

  /** The chunks, each cut to its used length, by first byte. */
  private parts(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let b = 0; b < 256; b++) {
      const list = this.buckets[b];
      if (list === undefined) continue;
      for (let k = 0; k < list.length - 1; k++) out.push(list[k]!);
      out.push(list[list.length - 1]!.subarray(0, this.used[b]));
    }
    return out;
  }

  /**
   * The record digests added, as chunks in no particular order (each chunk holds digests of one first byte,
   * which {@link contentOfDigests} sorts a bucket at a time), without a copy (the hasher must not be used
   * after: for the end of a pass over millions of rows). With a store, only those not in the store.
   */
  takeRecordDigests(): Uint8Array[] {
    const out = this.parts();
    this.slab = undefined;
    this.allocated = 0;
    this.buckets = [];
    this.used = new Uint32Array(256);
    this.n = 0;
    return out;
  }

  /** The record digests added so far, in no particular order (a copy; those of the store included). */
  recordDigests(): Uint8Array {
    if (this.store === undefined) return joinParts(this.parts());
    const all = this.parts();
    for (let b = 0; b < 256; b++) all.push(...this.store.read(b));
    return joinParts(all);
  }

  /** The content digest of the records added (those of the store included). */
  digest(): ContentDigest {
    return contentOfDigests(this.parts(), this.store === undefined ? [] : [this.store]);
  }
}

/** The size of a full chunk of record digests of one first byte (64 KiB: 2,048 records). */
const CHUNK = 1 << 16;

/**
 * The size of a slab of chunks: above the C library's largest threshold for mapping an allocation on its own
 * (32 MiB), so that it is always mapped (its pages are only resident once written) and given back when freed.
 */
export const SLAB = (33 << 20) + (1 << 16);

/** Chunks are cut from slabs once a hasher has made this many bytes of them (small inputs never). */
const SLAB_FROM = 4 << 20;

function digestParts(d: Uint8Array | readonly Uint8Array[]): readonly Uint8Array[] {
  return d instanceof Uint8Array ? [d] : d;
}

/**
 * A SHA-256 of one long message fed in pieces, e.g. node:crypto's `createHash("sha256")`: a native one hashes
 * the megabytes of sorted record digests several times faster than the library's own (the default).
 */
export interface StreamHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

/**
 * The content digest of record digests (32 bytes each, any order), given as one array or as parts (e.g. the
 * chunks of a {@link ContentHasher}, the parts of a file read in parallel), and those of `stored`: they are
 * sorted bytewise, then hashed (with `h`, a fresh SHA-256: the library's own unless another is given).
 */
export function contentOfDigests(
  digests: DigestParts,
  stored: readonly DigestStore[] = [],
  h: StreamHash = new Sha256(),
): ContentDigest {
  let n = 0;
  for (const block of sortedDigestBlocks(digests, stored)) {
    h.update(block);
    n += block.length / 32;
  }
  return { format: CONTENT_FORMAT, sha256: hex(h.digest()), records: n };
}

/** Lowercase hex of bytes. */
function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/**
 * The content digest of validated records (content@1).
 * @example contentDigest("conflicts", [{ inspectorId: "FZ01", entityId: "913502000728319549", relation: "配偶" }]).records // 1
 */
export function contentDigest(kind: ContentKind, records: Iterable<object>): ContentDigest {
  const h = new ContentHasher(kind);
  // in batches, for the four-lane SHA-256 (ContentHasher.addAll)
  let batch: object[] = [];
  for (const r of records) {
    batch.push(r);
    if (batch.length === 4096) {
      h.addAll(batch);
      batch = [];
    }
  }
  h.addAll(batch);
  return h.digest();
}

/** The records of a calendar's `years` for {@link contentDigest}: one per year, in year order. */
export function calendarRecords(
  years: Readonly<
    Record<string, { holidays: readonly string[]; workdays: readonly string[]; through?: string | undefined }>
  >,
): object[] {
  return Object.keys(years)
    .sort()
    .map((year) => ({ year, ...years[year] }));
}

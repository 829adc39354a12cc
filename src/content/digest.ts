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
import { PrefixedSha256, Sha256 } from "../random/sha256.js";

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

/**
 * Collects the record digests of one input, in any order, and gives its content digest. Record digests of
 * parts of an input (e.g. the shards of a directory) can be joined with {@link ContentHasher.addDigests}.
 */
export class ContentHasher {
  /** Full chunks of record digests, then the chunk being filled: never a copy of what was added (10M rows). */
  private chunks: Uint8Array[] = [];
  private current = new Uint8Array(32 * 1024);
  /** Records in `current`. */
  private m = 0;
  private n = 0;
  private readonly hasher = new PrefixedSha256(new Uint8Array(0));
  private buf = new Uint8Array(1024);

  constructor(readonly kind: ContentKind) {}

  /** How many records have been added. */
  get records(): number {
    return this.n;
  }

  /** Room for one more record digest in `current`; returns its offset. */
  private slot(): number {
    if (this.m * 32 === this.current.length) {
      if (this.current.length < CHUNK) {
        // small inputs start small; past one chunk, full chunks are kept and a new one started
        const grown = new Uint8Array(this.current.length * 2);
        grown.set(this.current);
        this.current = grown;
      } else {
        this.chunks.push(this.current);
        this.current = new Uint8Array(CHUNK);
        this.m = 0;
      }
    }
    this.n++;
    return 32 * this.m++;
  }

  /** Add one validated record. */
  add(record: object): void {
    const line = recordLine(this.kind, record);
    if (line.length * 3 > this.buf.length) this.buf = new Uint8Array(line.length * 3 + 64);
    const len = encoder.encodeInto(line, this.buf).written;
    const h = this.hasher.digestWords(this.buf, len);
    let at = this.slot();
    const d = this.current;
    for (let i = 0; i < 8; i++) {
      const w = h[i]!;
      d[at++] = (w >>> 24) & 0xff;
      d[at++] = (w >>> 16) & 0xff;
      d[at++] = (w >>> 8) & 0xff;
      d[at++] = w & 0xff;
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
    const at = this.slot();
    this.current.set(digests.subarray(offset, offset + 32), at);
  }

  /**
   * The record digests added, in the order added, as chunks and without a copy of what was added (the hasher
   * must not be used after: for the end of a pass over millions of rows).
   */
  takeRecordDigests(): Uint8Array[] {
    const out = [...this.chunks, this.current.subarray(0, this.m * 32)];
    this.chunks = [];
    this.current = new Uint8Array(32 * 1024);
    this.m = 0;
    this.n = 0;
    return out;
  }

  /** The record digests added so far, in the order added (a copy). */
  recordDigests(): Uint8Array {
    return joinParts([...this.chunks, this.current.subarray(0, this.m * 32)]);
  }

  /** The content digest of the records added. */
  digest(): ContentDigest {
    return contentOfDigests([...this.chunks, this.current.subarray(0, this.m * 32)]);
  }
}

/** The size of a full chunk of record digests (1 MiB: 32,768 records). */
const CHUNK = 1 << 20;

function digestParts(d: Uint8Array | readonly Uint8Array[]): readonly Uint8Array[] {
  return d instanceof Uint8Array ? [d] : d;
}

function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The content digest of record digests (32 bytes each, any order), given as one array or as parts (e.g. the
 * chunks of a {@link ContentHasher}, the parts of a file read in parallel): they are sorted bytewise, then hashed.
 */
export function contentOfDigests(digests: Uint8Array | readonly Uint8Array[]): ContentDigest {
  const h = new Sha256();
  let n = 0;
  for (const block of sortedDigestBlocks(digests)) {
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
 * The record digests (32 bytes each) in ascending byte order, as one array: what content@1 hashes. Parts of an
 * input sorted apart (e.g. on two threads) merge into the same order ({@link mergeSortedDigests}).
 */
export function sortedDigests(digests: Uint8Array | readonly Uint8Array[]): Uint8Array {
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

/** The record digests in ascending byte order, in blocks of up to 2,048 (each valid until the next). */
function* sortedDigestBlocks(digests: Uint8Array | readonly Uint8Array[]): Generator<Uint8Array> {
  const parts = digestParts(digests).filter((p) => p.length > 0);
  // record i is in part p at offset (i - first[p]) * 32
  const first = new Float64Array(parts.length + 1);
  for (let p = 0; p < parts.length; p++) first[p + 1] = first[p]! + parts[p]!.length / 32;
  const n = first[parts.length]!;
  // radix order on the first 4 bytes (two passes of 16 bits), ties (equal first 4 bytes: rare) by all 32
  const lead = new Uint32Array(n);
  let i = 0;
  for (const d of parts) {
    for (let o = 0; o < d.length; o += 32)
      lead[i++] = ((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0;
  }
  const at = (r: number): [Uint8Array, number] => {
    // the last part whose first record is at or before r (binary search: hundreds of chunks at 10M rows)
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (first[mid]! <= r) lo = mid;
      else hi = mid - 1;
    }
    return [parts[lo]!, (r - first[lo]!) * 32];
  };
  const tie = (a: number, b: number): number => {
    const [da, oa] = at(a);
    const [db, ob] = at(b);
    for (let k = 0; k < 32; k++) {
      const d = da[oa + k]! - db[ob + k]!;
      if (d !== 0) return d;
    }
    return 0;
  };
  const order = radixOrder(lead, tie);
  const chunk = new Uint8Array(32 * 2048);
  let used = 0;
  for (let k = 0; k < n; k++) {
    const [d, o] = at(order[k]!);
    chunk.set(d.subarray(o, o + 32), used);
    used += 32;
    if (used === chunk.length) {
      yield chunk;
      used = 0;
    }
  }
  if (used > 0) yield chunk.subarray(0, used);
}

/** The indexes of `keys` in ascending key order (LSD radix, 2 × 16 bits), equal keys ordered by `tie`. */
function radixOrder(keys: Uint32Array, tie: (a: number, b: number) => number): Uint32Array {
  const n = keys.length;
  let idx = new Uint32Array(n);
  let tmp = new Uint32Array(n);
  for (let k = 0; k < n; k++) idx[k] = k;
  const count = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let k = 0; k < n; k++) count[((keys[k]! >>> shift) & 0xffff) + 1]!++;
    for (let b = 0; b < 65536; b++) count[b + 1]! += count[b]!;
    for (let k = 0; k < n; k++) {
      const x = idx[k]!;
      tmp[count[(keys[x]! >>> shift) & 0xffff]!++] = x;
    }
    [idx, tmp] = [tmp, idx];
  }
  for (let k = 0; k < n; ) {
    let j = k + 1;
    while (j < n && keys[idx[j]!] === keys[idx[k]!]) j++;
    if (j - k > 1) idx.set(Array.from(idx.subarray(k, j)).sort(tie), k);
    k = j;
  }
  return idx;
}

/**
 * The content digest of validated records (content@1).
 * @example contentDigest("conflicts", [{ inspectorId: "FZ01", entityId: "913502000728319549", relation: "配偶" }]).records // 1
 */
export function contentDigest(kind: ContentKind, records: Iterable<object>): ContentDigest {
  const h = new ContentHasher(kind);
  for (const r of records) h.add(r);
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

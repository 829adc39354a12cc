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
import { ticketOrder } from "../random/order.js";
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
  private digests = new Uint8Array(32 * 1024);
  private n = 0;
  private readonly hasher = new PrefixedSha256(new Uint8Array(0));
  private buf = new Uint8Array(1024);

  constructor(readonly kind: ContentKind) {}

  /** How many records have been added. */
  get records(): number {
    return this.n;
  }

  private room(extra: number): void {
    const need = (this.n + extra) * 32;
    if (need <= this.digests.length) return;
    let size = this.digests.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.digests.subarray(0, this.n * 32));
    this.digests = grown;
  }

  /** Add one validated record. */
  add(record: object): void {
    const line = recordLine(this.kind, record);
    if (line.length * 3 > this.buf.length) this.buf = new Uint8Array(line.length * 3 + 64);
    const len = encoder.encodeInto(line, this.buf).written;
    const h = this.hasher.digestWords(this.buf, len);
    this.room(1);
    const d = this.digests;
    let at = this.n * 32;
    for (let i = 0; i < 8; i++) {
      const w = h[i]!;
      d[at++] = (w >>> 24) & 0xff;
      d[at++] = (w >>> 16) & 0xff;
      d[at++] = (w >>> 8) & 0xff;
      d[at++] = w & 0xff;
    }
    this.n++;
  }

  /**
   * Add record digests computed elsewhere (32 bytes each).
   * @throws {RangeError} when the length is not a multiple of 32
   */
  addDigests(digests: Uint8Array): void {
    if (digests.length % 32 !== 0) throw new RangeError("addDigests: a multiple of 32 bytes expected");
    this.room(digests.length / 32);
    this.digests.set(digests, this.n * 32);
    this.n += digests.length / 32;
  }

  /** Add one record digest computed elsewhere: the 32 bytes of `digests` from `offset`. */
  addDigestAt(digests: Uint8Array, offset: number): void {
    this.room(1);
    this.digests.set(digests.subarray(offset, offset + 32), this.n * 32);
    this.n++;
  }

  /**
   * The record digests added, in the order added, without a copy when little of the buffer is unused (the
   * hasher must not be used after: for the end of a pass over millions of rows).
   */
  takeRecordDigests(): Uint8Array {
    const used = this.n * 32;
    const out =
      used * 1.25 >= this.digests.length ? this.digests.subarray(0, used) : this.digests.slice(0, used);
    this.digests = new Uint8Array(32 * 1024);
    this.n = 0;
    return out;
  }

  /** The record digests added so far, in the order added (a copy). */
  recordDigests(): Uint8Array {
    return this.digests.slice(0, this.n * 32);
  }

  /** The content digest of the records added. */
  digest(): ContentDigest {
    return contentOfDigests(this.digests.subarray(0, this.n * 32));
  }
}

/** The content digest of record digests (32 bytes each, any order): they are sorted bytewise, then hashed. */
export function contentOfDigests(digests: Uint8Array): ContentDigest {
  const n = digests.length / 32;
  // radix order on the first 6 bytes, ties (equal first 6 bytes: rare) by all 32
  const lead = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * 32;
    lead[i] =
      digests[o]! * 2 ** 40 +
      digests[o + 1]! * 2 ** 32 +
      (((digests[o + 2]! << 24) | (digests[o + 3]! << 16) | (digests[o + 4]! << 8) | digests[o + 5]!) >>> 0);
  }
  const tie = (a: number, b: number): number => {
    for (let k = 0; k < 32; k++) {
      const d = digests[a * 32 + k]! - digests[b * 32 + k]!;
      if (d !== 0) return d;
    }
    return 0;
  };
  const order = ticketOrder(lead, tie);
  const h = new Sha256();
  const chunk = new Uint8Array(32 * 2048);
  let used = 0;
  for (let i = 0; i < n; i++) {
    const o = order[i]! * 32;
    chunk.set(digests.subarray(o, o + 32), used);
    used += 32;
    if (used === chunk.length) {
      h.update(chunk);
      used = 0;
    }
  }
  h.update(chunk.subarray(0, used));
  const out = h.digest();
  let hex = "";
  for (const b of out) hex += b.toString(16).padStart(2, "0");
  return { format: CONTENT_FORMAT, sha256: hex, records: n };
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

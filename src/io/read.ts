// Streaming readers for CSV (RFC 4180 via our byte-level splitter, csv.ts; UTF-8 with or without BOM, GB18030/GBK), NDJSON and JSON.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { extname } from "node:path";
import {
  CONVERTERS,
  type Converted,
  checkHeader,
  entityCellReader,
  type RawRecord,
  type RecordKind,
} from "../model/records.js";
import type { Conflict, Entity, HistoryRecord, Inspector, Item } from "../model/types.js";
import { issue } from "../util/issue.js";
import { CsvSplitter } from "./csv.js";
import { InputFileError } from "./errors.js";
import { IssueCollector } from "./issues.js";
import { decodeStream, type KeyCache, type RawRow, readJsonRecord, readNdjson } from "./json-rows.js";

export type { RawRow };
export { InputFileError };

/** Text encodings accepted for CSV input. `auto` = BOM, else strict UTF-8 if the start decodes, else GB18030. */
export type InputEncoding = "auto" | "utf-8" | "gb18030" | "gbk";

/** Options of the readers. */
export interface ReadOptions {
  /** Text encoding of CSV files (default `auto`). */
  readonly encoding?: InputEncoding;
  /** Name used for the file in issues (default: the path). */
  readonly displayName?: string;
  /** Called with every chunk of the file's bytes as read (e.g. to compute its digest in the same pass). */
  readonly onBytes?: (chunk: Uint8Array) => void;
  /** Columns (CSV headers or JSON keys, as written) read past on purpose: the task's `inputs.ignoreColumns.<kind>`. Any other unknown column is an error. */
  readonly ignoreColumns?: readonly string[] | undefined;
  /** Accept a CSV file without even a header row (0 bytes); by default it is refused (`empty-file`). */
  readonly allowEmpty?: boolean | undefined;
  /** Read only a byte range of a CSV file (see {@link CsvPart}); JSON and NDJSON files ignore it. */
  readonly part?: CsvPart | undefined;
}

/**
 * A byte range of a CSV file read on its own, so that parts of a big file are read in parallel (src/io/parts.ts).
 * The first part starts at 0 and reads the header; a later part starts at a record start and is given the
 * header's cells (its rows are numbered from 2 as if it were a file of its own: the caller shifts them).
 */
export interface CsvPart {
  /** The first byte. */
  readonly start: number;
  /** The end (exclusive). */
  readonly end: number;
  /** Whether the part ends at the end of the file (a last record without a line end is then read). */
  readonly last: boolean;
  /** The header's cells, for a part after the first (its header problems are the first part's to report). */
  readonly header?: readonly string[];
  /** Called when the part is read: the rows split (header included) and whether it ended inside a record. */
  readonly done?: (rows: number, pending: boolean) => void;
}

/**
 * Decide the encoding of a file from its first bytes: a UTF-8 BOM, or a start that decodes as strict UTF-8,
 * means UTF-8; anything else is taken as GB18030 (a superset of GBK, as exported by Chinese Excel).
 */
export function detectEncoding(head: Uint8Array): "utf-8" | "gb18030" {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  // Do not judge a multi-byte sequence cut at the end of the sample.
  let end = head.length;
  for (let back = 0; back < 4 && end > 0; back++) {
    const b = head[end - 1]!;
    if (b < 0x80) break;
    end--;
    if (b >= 0xc0) break;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, end));
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

async function readHead(path: string, n = 65536): Promise<Uint8Array> {
  const fh = await open(path, "r");
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The text encoding a CSV file is read with: `auto` is decided from its first bytes ({@link detectEncoding}). */
export async function resolveEncoding(path: string, encoding: InputEncoding): Promise<"utf-8" | "gb18030"> {
  if (encoding === "auto") return detectEncoding(await readHead(path));
  return encoding === "gbk" ? "gb18030" : encoding;
}

/**
 * Stream the rows of a CSV, NDJSON or JSON file of the given kind, with canonical keys, in batches. Header
 * problems go to `issues` (a JSON array file is parsed whole: use CSV or NDJSON for big files).
 */
export async function* readRawBatches(
  kind: RecordKind,
  path: string,
  issues: IssueCollector,
  options: ReadOptions = {},
): AsyncGenerator<RawRow[]> {
  const file = options.displayName ?? path;
  const ext = extname(path).toLowerCase();
  if (ext === ".ndjson" || ext === ".jsonl") {
    let batch: RawRow[] = [];
    for await (const r of readNdjson(kind, path, file, issues, options)) {
      batch.push(r);
      if (batch.length >= 4096) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
    return;
  }
  if (ext === ".json") {
    const chunks: string[] = [];
    for await (const s of decodeStream(path, "utf-8", options.onBytes)) chunks.push(s);
    let data: unknown;
    try {
      data = JSON.parse(chunks.join("").replace(/^\uFEFF/, ""));
    } catch (e) {
      throw new InputFileError("invalid-json", `JSON 解析失败：${(e as Error).message}`);
    }
    if (!Array.isArray(data)) throw new InputFileError("invalid-json", "JSON 文件须为对象数组");
    const batch: RawRow[] = [];
    const cache: KeyCache = new Map();
    for (let i = 0; i < data.length; i++) {
      const rec = data[i];
      if (rec === null || typeof rec !== "object" || Array.isArray(rec)) {
        issues.add(issue("invalid-row", "该项不是对象", { file, row: i + 1 }));
        continue;
      }
      batch.push({
        row: i + 1,
        record: readJsonRecord(
          kind,
          rec as Record<string, unknown>,
          file,
          i + 1,
          issues,
          options.ignoreColumns,
          cache,
        ),
      });
    }
    yield batch;
    return;
  }
  yield* csvBatches(kind, path, issues, options, (keys) => (row, cells) => ({
    row,
    record: recordOf(cells, keys),
  }));
}

/** A CSV row's cells as a raw record with the header's canonical keys (unknown columns left out). */
function recordOf(cells: readonly string[], keys: readonly (string | undefined)[]): RawRecord {
  const rec: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k !== undefined) rec[k] = cells[i]!;
  }
  return rec;
}

/**
 * The rows of a CSV file in batches, each made by `make(keys)` from its cells (`undefined`: no item). Header
 * problems and rows with the wrong number of cells go to `issues`.
 */
async function* csvBatches<T>(
  kind: RecordKind,
  path: string,
  issues: IssueCollector,
  options: ReadOptions,
  make: (keys: readonly (string | undefined)[]) => (row: number, cells: string[]) => T | undefined,
): AsyncGenerator<T[]> {
  const file = options.displayName ?? path;
  const encoding = await resolveEncoding(path, options.encoding ?? "auto");
  const part = options.part;
  const splitter = new CsvSplitter(encoding, part?.header !== undefined ? "mid-file" : "file-start");
  let item: ((row: number, cells: string[]) => T | undefined) | undefined;
  let width = 0;
  let batch: T[] = [];
  const header = (cells: string[], report: boolean): void => {
    const h = checkHeader(kind, cells, file, options.ignoreColumns);
    if (report) issues.add(...h.issues);
    if (h.issues.some((i) => i.severity === "error")) throw HEADER_REFUSED;
    item = make(h.keys);
    width = cells.length;
  };
  const onRow = (row: number, cells: string[]): void => {
    if (item === undefined) {
      header(cells, true);
      return;
    }
    if (cells.length !== width) {
      issues.add(
        issue("column-count", `本行有 ${cells.length} 列，表头有 ${width} 列`, {
          file,
          row,
          received: String(cells.length),
        }),
      );
      return;
    }
    const x = item(row, cells);
    if (x !== undefined) batch.push(x);
  };
  const range = part === undefined ? {} : { start: part.start, end: part.end - 1 };
  try {
    if (part?.header !== undefined) header([...part.header], false);
    if (part === undefined || part.end > part.start) {
      for await (const chunk of createReadStream(path, { highWaterMark: 128 << 10, ...range })) {
        options.onBytes?.(chunk as Buffer);
        splitter.push(chunk as Buffer, onRow);
        if (batch.length) {
          yield batch;
          batch = [];
        }
      }
    }
    if (part === undefined || part.last) splitter.end(onRow);
    part?.done?.(splitter.rows, splitter.pending);
  } catch (e) {
    if (e === HEADER_REFUSED) return;
    throw e;
  }
  if (item === undefined && !options.allowEmpty && part?.header === undefined) {
    issues.add(
      issue("empty-file", "文件为空（没有表头行）；请提供含表头的文件", {
        file,
        row: 1,
      }),
    );
  }
  if (batch.length) yield batch;
}

/** Thrown inside the CSV row handler to stop reading a file whose header was refused. */
const HEADER_REFUSED = new Error("header refused");

/**
 * Read a whole (small) CSV file into rows of cells, with the same splitter, encodings and row numbers as the
 * record readers. Malformed CSV throws an {@link InputFileError} with its row.
 */
export async function readCsvRows(
  path: string,
  encoding: InputEncoding = "auto",
): Promise<{ row: number; cells: string[] }[]> {
  const splitter = new CsvSplitter(await resolveEncoding(path, encoding));
  const rows: { row: number; cells: string[] }[] = [];
  const emit = (row: number, cells: string[]) => rows.push({ row, cells });
  for await (const chunk of createReadStream(path, { highWaterMark: 128 << 10 }))
    splitter.push(chunk as Buffer, emit);
  splitter.end(emit);
  return rows;
}

/** Stream the rows of a file one by one (see {@link readRawBatches}). */
export async function* readRawRows(
  kind: RecordKind,
  path: string,
  issues: IssueCollector,
  options: ReadOptions = {},
): AsyncGenerator<RawRow> {
  for await (const batch of readRawBatches(kind, path, issues, options)) yield* batch;
}

/**
 * Stream typed, validated records of a file in batches. Rows with problems are reported to `issues` and not
 * yielded; the caller decides (the CLI refuses to draw when any error was collected).
 */
export async function* readRecordBatches<K extends RecordKind>(
  kind: K,
  path: string,
  issues: IssueCollector,
  options: ReadOptions = {},
): AsyncGenerator<RecordOf<K>[]> {
  const file = options.displayName ?? path;
  const convert = CONVERTERS[kind] as (r: RawRecord, f: string, row: number) => Converted<RecordOf<K>>;
  const ext = extname(path).toLowerCase();
  const raw =
    ext === ".ndjson" || ext === ".jsonl" || ext === ".json"
      ? readRawBatches(kind, path, issues, options)
      : undefined;
  try {
    if (raw === undefined) {
      // CSV: each row is converted from its cells; entities' valid rows without the raw record at all
      yield* csvBatches(kind, path, issues, options, (keys) => {
        const fast = kind === "entities" ? entityCellReader(keys) : undefined;
        return (row, cells) => {
          const e = fast?.(cells, file, row);
          if (e !== undefined) return e as RecordOf<K>;
          const c = convert(recordOf(cells, keys), file, row);
          if (c.issues.length > 0) issues.add(...c.issues);
          return c.value;
        };
      });
      return;
    }
    for await (const batch of raw) {
      const out: RecordOf<K>[] = [];
      for (const { row, record } of batch) {
        const c = convert(record, file, row);
        if (c.issues.length > 0) issues.add(...c.issues);
        if (c.value !== undefined) out.push(c.value);
      }
      yield out;
    }
  } catch (e) {
    if (e instanceof InputFileError) {
      issues.add(issue(e.code, e.message, e.row !== undefined ? { file, row: e.row } : { file }));
      return;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") {
      issues.add(issue("file-not-found", `找不到文件：${file}`, { file }));
      return;
    }
    throw e;
  }
}

/** Stream typed, validated records of a file one by one (see {@link readRecordBatches}). */
export async function* readRecords<K extends RecordKind>(
  kind: K,
  path: string,
  issues: IssueCollector,
  options: ReadOptions = {},
): AsyncGenerator<RecordOf<K>> {
  for await (const batch of readRecordBatches(kind, path, issues, options)) yield* batch;
}

/** The record type of each kind of input. */
export type RecordOf<K extends RecordKind> = {
  entities: Entity;
  inspectors: Inspector;
  items: Item;
  conflicts: Conflict;
  history: HistoryRecord;
}[K];

/** Read a whole (small) file of records into memory: inspectors, items, conflicts, history. */
export async function loadRecords<K extends RecordKind>(
  kind: K,
  path: string,
  options: ReadOptions = {},
): Promise<{ records: RecordOf<K>[]; issues: IssueCollector }> {
  const issues = new IssueCollector();
  const records: RecordOf<K>[] = [];
  // by batch: an async step per record cost more than reading it
  for await (const batch of readRecordBatches(kind, path, issues, options))
    for (const r of batch) records.push(r);
  return { records, issues };
}

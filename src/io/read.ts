// Streaming readers for CSV (RFC 4180 via csv-parse; UTF-8 with or without BOM, GB18030/GBK), NDJSON and JSON.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { parse } from "csv-parse";
import {
  CONVERTERS,
  type Converted,
  checkHeader,
  type RawRecord,
  type RecordKind,
} from "../model/records.js";
import type { Conflict, Entity, HistoryRecord, Inspector, Item } from "../model/types.js";
import { issue } from "../util/issue.js";
import { IssueCollector } from "./issues.js";

/** Text encodings accepted for CSV input. `auto` = BOM, else strict UTF-8 if the start decodes, else GB18030. */
export type InputEncoding = "auto" | "utf-8" | "gb18030" | "gbk";

/** Options of the readers. */
export interface ReadOptions {
  /** Text encoding of CSV files (default `auto`). */
  readonly encoding?: InputEncoding;
  /** Name used for the file in issues (default: the path). */
  readonly displayName?: string;
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

/** One raw row with its 1-based row number (CSV: header = row 1; NDJSON: line; JSON: array index + 1). */
export interface RawRow {
  readonly row: number;
  readonly record: RawRecord;
}

async function* decodeStream(path: string, encoding: "utf-8" | "gb18030"): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  let offset = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    try {
      yield decoder.decode(bytes, { stream: true });
    } catch {
      throw new InputFileError(
        "encoding",
        `文件无法按 ${encoding} 解码（约第 ${offset} 字节附近）；请在任务文件 inputs.encoding 中指定正确编码`,
      );
    }
    offset += bytes.length;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A whole-file problem (unreadable, undecodable, malformed CSV): reported as an issue by the loaders. */
export class InputFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly row?: number,
  ) {
    super(message);
  }
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
    for await (const r of readNdjson(kind, path, file, issues)) {
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
    for await (const s of decodeStream(path, "utf-8")) chunks.push(s);
    let data: unknown;
    try {
      data = JSON.parse(chunks.join("").replace(/^\uFEFF/, ""));
    } catch (e) {
      throw new InputFileError("invalid-json", `JSON 解析失败：${(e as Error).message}`);
    }
    if (!Array.isArray(data)) throw new InputFileError("invalid-json", "JSON 文件须为对象数组");
    const batch: RawRow[] = [];
    for (let i = 0; i < data.length; i++) {
      const rec = data[i];
      if (rec === null || typeof rec !== "object" || Array.isArray(rec)) {
        issues.add(issue("invalid-row", "该项不是对象", { file, row: i + 1 }));
        continue;
      }
      batch.push({
        row: i + 1,
        record: canonicalise(kind, rec as Record<string, unknown>, file, i + 1, issues),
      });
    }
    yield batch;
    return;
  }
  const enc = options.encoding ?? "auto";
  const encoding = enc === "auto" ? detectEncoding(await readHead(path)) : enc === "gbk" ? "gb18030" : enc;
  // csv-parse is driven by hand: in flowing mode it emits every record of a written chunk synchronously, so
  // rows are handed on in batches (one promise per chunk, not per row).
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true });
  let pending: string[][] = [];
  let failure: Error | undefined;
  parser.on("data", (cells: string[]) => pending.push(cells));
  parser.on("error", (e: Error) => {
    failure = e;
  });
  let keys: (string | undefined)[] = [];
  let width = 0;
  let row = 0;
  const take = (): RawRow[] | undefined => {
    const batch: RawRow[] = [];
    for (const cells of pending) {
      row++;
      if (row === 1) {
        const h = checkHeader(kind, cells, file);
        issues.add(...h.issues);
        if (h.issues.some((i) => i.severity === "error")) return undefined;
        keys = h.keys;
        width = cells.length;
        continue;
      }
      if (cells.length !== width) {
        issues.add(
          issue("column-count", `本行有 ${cells.length} 列，表头有 ${width} 列`, {
            file,
            row,
            received: String(cells.length),
          }),
        );
        continue;
      }
      const rec: Record<string, string> = {};
      for (let i = 0; i < width; i++) {
        const k = keys[i];
        if (k !== undefined) rec[k] = cells[i]!;
      }
      batch.push({ row, record: rec });
    }
    pending = [];
    return batch;
  };
  const fail = (e: Error): never => {
    const err = e as Error & { code?: string };
    throw new InputFileError("invalid-csv", `CSV 格式错误（${err.code ?? "CSV"}）：${err.message}`, row + 1);
  };
  for await (const text of decodeStream(path, encoding)) {
    parser.write(text);
    if (failure) fail(failure);
    const batch = take();
    if (batch === undefined) return;
    if (batch.length) yield batch;
  }
  parser.end();
  await new Promise<void>((done) => setImmediate(done));
  if (failure) fail(failure);
  const batch = take();
  if (batch?.length) yield batch;
}

function canonicalise(
  kind: RecordKind,
  rec: Record<string, unknown>,
  file: string,
  row: number,
  issues: IssueCollector,
): RawRecord {
  const out: Record<string, unknown> = {};
  const { keys, issues: hi } = checkHeader(kind, Object.keys(rec), file);
  // a JSON object lacking a key is reported by the row converter as a missing value, not as a column
  for (const i of hi) if (i.code !== "missing-column") issues.add({ ...i, row });
  Object.keys(rec).forEach((k, i) => {
    const key = keys[i];
    if (key !== undefined) out[key] = rec[k];
  });
  return out;
}

async function* readNdjson(
  kind: RecordKind,
  path: string,
  file: string,
  issues: IssueCollector,
): AsyncGenerator<RawRow> {
  let buffered = "";
  let line = 0;
  const handle = function* (text: string): Generator<RawRow> {
    line++;
    const t = line === 1 ? text.replace(/^\uFEFF/, "") : text;
    if (t.trim() === "") return;
    let rec: unknown;
    try {
      rec = JSON.parse(t);
    } catch (e) {
      issues.add(issue("invalid-json", `JSON 解析失败：${(e as Error).message}`, { file, row: line }));
      return;
    }
    if (rec === null || typeof rec !== "object" || Array.isArray(rec)) {
      issues.add(issue("invalid-row", "该行不是 JSON 对象", { file, row: line }));
      return;
    }
    yield { row: line, record: canonicalise(kind, rec as Record<string, unknown>, file, line, issues) };
  };
  for await (const s of decodeStream(path, "utf-8")) {
    buffered += s;
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      yield* handle(buffered.slice(0, nl).replace(/\r$/, ""));
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf("\n");
    }
  }
  if (buffered !== "") yield* handle(buffered.replace(/\r$/, ""));
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
  try {
    for await (const batch of readRawBatches(kind, path, issues, options)) {
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
      issues.add(issue("file-not-found", `找不到文件：${path}`, { file }));
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
  for await (const r of readRecords(kind, path, issues, options)) records.push(r);
  return { records, issues };
}

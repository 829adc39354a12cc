// JSON and NDJSON rows: decoding, one object per line or per array element, keys mapped to canonical columns
// (an unknown key is an error unless the task lists it as ignored).
import { createReadStream } from "node:fs";
import { checkHeader, type RawRecord, type RecordKind } from "../model/records.js";
import { issue } from "../util/issue.js";
import { InputFileError } from "./errors.js";
import type { IssueCollector } from "./issues.js";
import type { ReadOptions } from "./read.js";

/** One raw row with its 1-based row number (CSV: header = row 1; NDJSON: line; JSON: array index + 1). */
export interface RawRow {
  readonly row: number;
  readonly record: RawRecord;
}

/** The text of a file, decoded strictly (a byte sequence invalid in the encoding throws {@link InputFileError}). */
export async function* decodeStream(
  path: string,
  encoding: "utf-8" | "gb18030",
  onBytes?: (chunk: Uint8Array) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  let offset = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    onBytes?.(bytes);
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

/** The checked header of each set of keys seen in a file (objects of one file nearly always share their keys). */
export type KeyCache = Map<string, ReturnType<typeof checkHeader>>;

/**
 * A JSON object with its keys mapped to canonical columns; key problems go to `issues` with the row. `cache`
 * (one per file) keeps the check of each distinct set of keys.
 */
export function readJsonRecord(
  kind: RecordKind,
  rec: Record<string, unknown>,
  file: string,
  row: number,
  issues: IssueCollector,
  ignore: readonly string[] | undefined,
  cache: KeyCache = new Map(),
): RawRecord {
  const out: Record<string, unknown> = {};
  const names = Object.keys(rec);
  const sig = names.join("\u0000");
  let checked = cache.get(sig);
  if (checked === undefined) {
    checked = checkHeader(kind, names, file, ignore);
    if (cache.size < 1024) cache.set(sig, checked);
  }
  const { keys, issues: hi } = checked;
  // a JSON object lacking a key is reported by the row converter as a missing value, not as a column
  for (const i of hi) if (i.code !== "missing-column") issues.add({ ...i, row });
  names.forEach((k, i) => {
    const key = keys[i];
    if (key !== undefined) out[key] = rec[k];
  });
  return out;
}

/** The objects of an NDJSON file, one per non-blank line (the line number is the row). */
export async function* readNdjson(
  kind: RecordKind,
  path: string,
  file: string,
  issues: IssueCollector,
  options: ReadOptions,
): AsyncGenerator<RawRow> {
  const cache: KeyCache = new Map();
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
    yield {
      row: line,
      record: readJsonRecord(
        kind,
        rec as Record<string, unknown>,
        file,
        line,
        issues,
        options.ignoreColumns,
        cache,
      ),
    };
  };
  for await (const s of decodeStream(path, "utf-8", options.onBytes)) {
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

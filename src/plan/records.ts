// Records given in memory (arrays, iterables or async iterables of objects with the canonical keys), validated
// by the same converters as the rows of input files.
import { CONVERTERS, type RawRecord, type RecordKind } from "../model/records.js";
import type { Conflict, Entity, HistoryRecord, Inspector, Item } from "../model/types.js";
import { type Issue, issue } from "../util/issue.js";

/** Records in memory: an array, an iterable or an async iterable (e.g. a database cursor) of plain objects. */
export type Records = Iterable<object> | AsyncIterable<object>;

/** The validated record type of each kind of input. */
export type RecordOfKind<K extends RecordKind> = {
  entities: Entity;
  inspectors: Inspector;
  items: Item;
  conflicts: Conflict;
  history: HistoryRecord;
}[K];

/** `unavailable` given as `{ from, to }` periods (as an {@link Inspector} holds them) becomes `from~to` text. */
function normalise(kind: RecordKind, r: RawRecord): RawRecord {
  if (kind !== "inspectors" || !Array.isArray(r.unavailable)) return r;
  const periods = (r.unavailable as unknown[]).map((p) =>
    p !== null && typeof p === "object" && "from" in p && "to" in p
      ? `${String((p as { from: unknown }).from)}~${String((p as { to: unknown }).to)}`
      : p,
  );
  return { ...r, unavailable: periods };
}

/**
 * Validate records given in memory. Each problem is an issue located at `file` = the input's name (e.g.
 * `entities`) and `row` = the record's 1-based position in what was given.
 * @returns the valid records (in the order given) and the issues
 */
export async function validateRecords<K extends RecordKind>(
  kind: K,
  records: Records,
): Promise<{ records: RecordOfKind<K>[]; issues: Issue[] }> {
  const convert = CONVERTERS[kind] as (
    r: RawRecord,
    file: string,
    row: number,
  ) => { value?: RecordOfKind<K>; issues: readonly Issue[] };
  const out: RecordOfKind<K>[] = [];
  const issues: Issue[] = [];
  let row = 0;
  const take = (r: object) => {
    row++;
    if (r === null || typeof r !== "object" || Array.isArray(r)) {
      issues.push(issue("invalid-record", `第 ${row} 条记录不是对象`, { file: kind, row }));
      return;
    }
    const c = convert(normalise(kind, r as RawRecord), kind, row);
    issues.push(...c.issues);
    if (c.value !== undefined) out.push(c.value);
  };
  if (Symbol.asyncIterator in records) for await (const r of records as AsyncIterable<object>) take(r);
  else for (const r of records as Iterable<object>) take(r);
  return { records: out, issues };
}

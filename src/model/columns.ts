// Header checking shared by every input file (entities … history, results): canonical or Chinese names,
// unknown columns refused with a "did you mean", columns ignored only when the task lists them. Pure.

import { type Issue, issue } from "../util/issue.js";

/** One known column: its canonical key, the Chinese header names accepted for it, and whether it is required. */
export interface ColumnDef {
  readonly key: string;
  readonly zh: readonly string[];
  readonly required: boolean;
}

/** Options of {@link checkColumns}. */
export interface ColumnCheckOptions {
  /** Header names (as written in the file) that are read past on purpose: only unknown columns may be listed. */
  readonly ignore?: readonly string[] | undefined;
  /** Where a user lists columns to ignore (named in the message of an unknown column), e.g. `inputs.ignoreColumns.entities`. */
  readonly ignoreKey?: string | undefined;
}

/** ASCII folded for comparison: lower case, without spaces, `_`, `-` and `.`. Other characters unchanged. */
function fold(s: string): string {
  return s.replace(/[\s_.-]/g, "").toLowerCase();
}

/** Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps) over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const m = x.length;
  const n = y.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/** Whether every character is ASCII. */
const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/**
 * The known column a header is most likely a misspelling of (case, separators, a letter or two; for Chinese
 * names a character or two, or one name containing the other), with the name it resembles; or `undefined`.
 * @example suggestColumn(COLUMNS.entities, "tag") // { column: { key: "tags", … }, name: "tags" }
 */
export function suggestColumn(
  columns: readonly ColumnDef[],
  header: string,
): { column: ColumnDef; name: string } | undefined {
  const h = fold(header.trim());
  if (h === "") return undefined;
  let best: { column: ColumnDef; name: string; d: number } | undefined;
  for (const c of columns) {
    for (const name of [c.key, ...c.zh]) {
      const f = fold(name);
      const n = Math.max([...f].length, [...h].length);
      const shorter = Math.min([...f].length, [...h].length);
      let d = editDistance(h, f);
      const ascii = isAscii(f) && isAscii(h);
      const limit = ascii ? (n <= 4 ? 1 : n <= 8 ? 2 : 3) : n <= 3 ? 1 : 2;
      // "企业标签" for "标签", "信用风险" for "信用风险分类": one name inside the other
      if (!ascii && shorter >= 2 && (h.includes(f) || f.includes(h))) d = Math.min(d, 1);
      if (d <= limit && (best === undefined || d < best.d)) best = { column: c, name, d };
    }
  }
  return best && { column: best.column, name: best.name };
}

/**
 * Check a header row against known columns: each header maps to its canonical key; an unknown column is an
 * error (with a "did you mean" for a near miss) unless listed in `options.ignore`; a duplicate, a missing
 * required column, or an ignored name that is in fact a known column are errors. Headers are compared
 * without surrounding white space.
 * @returns the canonical key of each header (`undefined` for an ignored column) and the issues (row 1)
 */
export function checkColumns(
  columns: readonly ColumnDef[],
  headers: readonly string[],
  file: string,
  options: ColumnCheckOptions = {},
): { keys: (string | undefined)[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const ignore = new Set(options.ignore ?? []);
  const known = new Map<string, string>();
  for (const c of columns) for (const n of [c.key, ...c.zh]) if (!known.has(n)) known.set(n, c.key);
  for (const n of ignore) {
    const k = known.get(n.trim());
    if (k !== undefined && headers.some((h) => h.trim() === n.trim()))
      issues.push(
        issue(
          "ignored-known-column",
          `列“${n}”是已知列（${k}），不能列为忽略列；请从${options.ignoreKey ?? "忽略列清单"}中删除`,
          { file, row: 1, column: n },
        ),
      );
  }
  const keys = headers.map((h) => known.get(h.trim()));
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    const h = headers[i] ?? "";
    if (k === undefined) {
      if (ignore.has(h) || ignore.has(h.trim())) return;
      const s = suggestColumn(columns, h);
      const hint = s
        ? `您是否指“${s.name}”${s.name === s.column.key ? `（${s.column.zh[0] ?? s.column.key}）` : `（${s.column.key}）`}？`
        : `可用列：${columns.map((c) => `${c.key}（${c.zh[0] ?? ""}）`).join("、")}。`;
      const how = options.ignoreKey
        ? `如该列确应忽略，请在任务文件 ${options.ignoreKey} 中列出。`
        : "请删除该列或更正列名。";
      issues.push(
        issue("unknown-column", `未知列“${h}”${h === "" ? "（空列名）" : ""}。${hint}${how}`, {
          file,
          row: 1,
          column: h,
        }),
      );
    } else if (seen.has(k)) {
      issues.push(issue("duplicate-column", `列“${h}”重复（${k}）`, { file, row: 1, column: h }));
    } else seen.add(k);
  });
  for (const c of columns) {
    if (c.required && !seen.has(c.key)) {
      issues.push(
        issue("missing-column", `缺少必填列 ${c.key}（${c.zh[0]}）`, { file, row: 1, column: c.key }),
      );
    }
  }
  return { keys, issues };
}

/** Keys of an in-memory record that are not columns but may be present (the record's origin in a file). */
const RECORD_META_KEYS: ReadonlySet<string> = new Set(["origin"]);

/**
 * The issues of an in-memory record's keys (records given to the library as objects): each key that is not a
 * canonical key of the columns (nor `origin`) is an `unknown-column` error with a "did you mean", located at
 * `file` (the input's name) and `row`. `cache` keeps the verdict per distinct set of keys.
 */
export function recordKeyIssues(
  columns: readonly ColumnDef[],
  record: object,
  file: string,
  row: number,
  cache: Map<string, readonly Issue[]> = new Map(),
): readonly Issue[] {
  const names = Object.keys(record);
  const sig = names.join("\u0000");
  let found = cache.get(sig);
  if (found === undefined) {
    const keys = new Set(columns.map((c) => c.key));
    found = names
      .filter((n) => !keys.has(n) && !RECORD_META_KEYS.has(n))
      .map((n) => {
        const s = suggestColumn(columns, n);
        return issue(
          "unknown-column",
          `未知字段“${n}”。${s ? `您是否指“${s.column.key}”（${s.column.zh[0] ?? s.column.key}）？` : `可用字段：${[...keys].join("、")}。`}记录须使用规范字段名。`,
          { file, column: n },
        );
      });
    if (cache.size < 1024) cache.set(sig, found);
  }
  return found.length === 0 ? found : found.map((i) => ({ ...i, row }));
}

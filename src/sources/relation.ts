// Where a task's entities come from (a file read by the library, a PostgreSQL table or query, or a Parquet or
// CSV file read by DuckDB), and the relation of entity rows the generated SQL selects from.
import { extname, resolve } from "node:path";
import { canonicalColumn } from "../model/records.js";
import type { Task } from "../model/schemas.js";
import type { Dialect } from "../sql/dialect.js";
import { lit } from "../sql/dialect.js";
import {
  CONTENT_COLUMNS,
  type EntityColumn,
  type EntityRelation,
  REQUIRED_COLUMNS,
} from "../sql/entities.js";
import { type Issue, issue } from "../util/issue.js";
import { redactUrl, type SqlColumn } from "./runner.js";

/** The entity input of a task, resolved. */
export type EntityInput =
  | { readonly kind: "file"; readonly path: string; readonly display: string }
  | {
      readonly kind: "postgres";
      readonly url: string;
      readonly table?: string;
      readonly query?: string;
      /** What the plan records: the URL without password, and the table or `query`. */
      readonly display: string;
    }
  | {
      readonly kind: "duckdb";
      readonly path: string;
      readonly format: "parquet" | "csv";
      readonly display: string;
    };

/** The entity input of a task whose file paths resolve against `dir`. */
export function entityInputOf(task: Task, dir: string): EntityInput {
  const e = task.inputs.entities;
  if (typeof e !== "string") {
    const base = redactUrl(e.url);
    if ("table" in e)
      return { kind: "postgres", url: e.url, table: e.table, display: `${base}#table=${e.table}` };
    return { kind: "postgres", url: e.url, query: e.query, display: `${base}#query` };
  }
  const path = resolve(dir, e);
  if (extname(e).toLowerCase() === ".parquet") return { kind: "duckdb", path, format: "parquet", display: e };
  if (task.inputs.engine === "duckdb") return { kind: "duckdb", path, format: "csv", display: e };
  return { kind: "file", path, display: e };
}

/** The FROM item of an input (identifiers quoted; a query wrapped). */
export function fromItem(d: Dialect, input: Exclude<EntityInput, { kind: "file" }>): string {
  if (input.kind === "duckdb") {
    return input.format === "parquet"
      ? `read_parquet(${lit(input.path)})`
      : `read_csv(${lit(input.path)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
  }
  if (input.table !== undefined) return input.table.split(".").map(d.ident).join(".");
  return `(${input.query!.trim().replace(/;\s*$/, "")})`;
}

/**
 * The relation of an input's rows from its columns: canonical keys (or their Chinese names) mapped; a
 * missing required column, or two columns for one key, is an issue.
 */
export function relationOf(
  from: string,
  columns: readonly SqlColumn[],
  file: string,
): { ok: true; relation: EntityRelation } | { ok: false; issues: Issue[] } {
  const map = new Map<EntityColumn, { name: string; list?: boolean }>();
  const issues: Issue[] = [];
  for (const c of columns) {
    const key = (canonicalColumn("entities", c.name) ??
      (CONTENT_COLUMNS as readonly string[]).find((k) => k === c.name)) as EntityColumn | undefined;
    if (key === undefined) continue;
    if (map.has(key)) {
      issues.push(issue("duplicate-column", `列“${c.name}”重复（${key}）`, { file, column: c.name }));
      continue;
    }
    map.set(key, c.list ? { name: c.name, list: true } : { name: c.name });
  }
  for (const k of REQUIRED_COLUMNS)
    if (!map.has(k)) issues.push(issue("missing-column", `缺少必填列 ${k}`, { file, column: k }));
  return issues.length ? { ok: false, issues } : { ok: true, relation: { from, columns: map } };
}

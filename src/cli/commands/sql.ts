import { parseArgs } from "node:util";
import { drawConfigFromTask } from "../../draw/config.js";
import { loadRecords } from "../../io/read.js";
import { inputPath, readTask } from "../../io/task.js";
import type { Plan } from "../../plan/schema.js";
import { entityInputOf } from "../../sources/index.js";
import { fromItem, relationOf } from "../../sources/relation.js";
import { openDuckDb, type SqlRunner } from "../../sources/runner.js";
import { type DialectName, dialectOf, lit } from "../../sql/dialect.js";
import type { EntityColumn } from "../../sql/entities.js";
import { standaloneDraw } from "../../sql/standalone.js";
import { type Issue, issue } from "../../util/issue.js";
import { printIssues, readPlan, UsageError } from "../common.js";
import { help } from "../help.js";

/** The `sql` command: prints the entity draw as one standalone SQL query; returns the exit code. */
export async function cmdSql(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      dialect: { type: "string" },
      seed: { type: "string" },
      plan: { type: "string" },
      from: { type: "string" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (values.help) return help("sql");
  const taskPath = positionals[0];
  if (!taskPath) throw new UsageError("sql 需要任务文件 / sql needs a task file");
  if (values.dialect !== "postgres" && values.dialect !== "duckdb")
    throw new UsageError("--dialect 须为 postgres 或 duckdb / --dialect must be postgres or duckdb");
  const d = dialectOf(values.dialect as DialectName);
  const t = await readTask(taskPath);
  if (!t.ok) {
    printIssues(t.issues);
    return 2;
  }
  const cfg = drawConfigFromTask(t.value.task, taskPath);
  if (!cfg.ok) {
    printIssues(cfg.issues);
    return 2;
  }
  let seed = values.seed;
  if (seed === undefined && values.plan !== undefined) {
    const p = await readPlan(values.plan);
    if (!p.ok) {
      printIssues(p.issues);
      return 2;
    }
    seed = (p.plan as Plan).seed;
  }
  const h = t.value.task.inputs.history;
  const history =
    h === undefined
      ? { records: [], issues: { list: () => [] } }
      : await loadRecords("history", inputPath(t.value, h));
  const hi = history.issues.list().filter((i) => i.severity === "error");
  if (hi.length > 0) {
    printIssues(hi);
    return 2;
  }
  let from = values.from;
  let columns: ColumnMap | undefined;
  if (from === undefined) {
    const input = entityInputOf(t.value.task, t.value.dir);
    const e = t.value.task.inputs.entities;
    if (input.kind === "postgres") from = fromItem(d, input);
    else if (d.name === "duckdb" && typeof e === "string")
      from = duckdbFrom(input.kind === "duckdb" && input.format === "parquet", e);
    else from = "entities";
    // the task's own file read by DuckDB: its header names the columns (Chinese headers included); read here
    // from where the task file lies, printed as the task names it
    if (d.name === "duckdb" && typeof e === "string") {
      const parquet = input.kind === "duckdb" && input.format === "parquet";
      const c = await fileColumns(duckdbFrom(parquet, inputPath(t.value, e)), e);
      if (!c.ok) {
        printIssues(c.issues);
        return 2;
      }
      columns = c.columns;
    }
  }
  const r = standaloneDraw(d, {
    config: cfg.value,
    history: history.records,
    from,
    ...(seed !== undefined ? { seed } : {}),
    ...(columns !== undefined ? { columns } : {}),
  });
  if (!r.ok) {
    printIssues([issue("not-expressible", r.reason, { file: taskPath, key: "sampling" })]);
    return 2;
  }
  process.stdout.write(r.sql);
  return 0;
}

type ColumnMap = ReadonlyMap<EntityColumn, { readonly name: string; readonly list?: boolean }>;

/** The canonical key of each column of an entity file as DuckDB reads it, or the issues (unreadable, missing). */
async function fileColumns(
  from: string,
  file: string,
): Promise<{ ok: true; columns: ColumnMap } | { ok: false; issues: Issue[] }> {
  let runner: SqlRunner | undefined;
  try {
    runner = await openDuckDb();
    const rel = relationOf(from, await runner.columns(from), file);
    return rel.ok ? { ok: true, columns: rel.relation.columns } : { ok: false, issues: rel.issues };
  } catch (e) {
    return {
      ok: false,
      issues: [
        issue(
          "invalid-csv",
          `DuckDB 无法读取检查对象文件 ${file} 的表头（${(e as Error).message.split("\n")[0]}）；GB18030/GBK 文件请先转为 UTF-8，或用 --from 指定数据源`,
          { file },
        ),
      ],
    };
  } finally {
    await runner?.close().catch(() => {});
  }
}

/** A DuckDB FROM item reading an entity file. */
function duckdbFrom(parquet: boolean, path: string): string {
  return parquet ? `read_parquet(${lit(path)})` : `read_csv(${lit(path)}, header = true, all_varchar = true)`;
}

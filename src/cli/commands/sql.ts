import { parseArgs } from "node:util";
import { drawConfigFromTask } from "../../draw/config.js";
import { loadRecords } from "../../io/read.js";
import { inputPath, readTask } from "../../io/task.js";
import type { Plan } from "../../plan/schema.js";
import { entityInputOf } from "../../sources/index.js";
import { fromItem } from "../../sources/relation.js";
import { type DialectName, dialectOf, lit } from "../../sql/dialect.js";
import { standaloneDraw } from "../../sql/standalone.js";
import { issue } from "../../util/issue.js";
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
  if (from === undefined) {
    const input = entityInputOf(t.value.task, t.value.dir);
    const e = t.value.task.inputs.entities;
    if (input.kind === "postgres") from = fromItem(d, input);
    else if (d.name === "duckdb" && typeof e === "string")
      from =
        input.kind === "duckdb" && input.format === "parquet"
          ? `read_parquet(${lit(e)})`
          : `read_csv(${lit(e)}, header = true, all_varchar = true)`;
    else from = "entities";
  }
  const r = standaloneDraw(d, {
    config: cfg.config,
    history: history.records,
    from,
    ...(seed !== undefined ? { seed } : {}),
  });
  if (!r.ok) {
    printIssues([issue("not-expressible", r.reason, { file: taskPath, column: "sampling" })]);
    return 2;
  }
  process.stdout.write(r.sql);
  return 0;
}

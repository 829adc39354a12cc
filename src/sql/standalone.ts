// The draw as one standalone query for an auditor's own copy of the directory (`double-random sql`).
import type { DrawConfig } from "../draw/config.js";
import { ALGORITHM_VERSION } from "../draw/ticket.js";
import type { HistoryInput } from "../model/tables.js";
import { type Dialect, lit } from "./dialect.js";
import {
  CONTENT_COLUMNS,
  type EntityColumn,
  historyExclusions,
  seedKeySql,
  standaloneDrawSql,
} from "./entities.js";

/** Options of {@link standaloneDraw}. */
export interface StandaloneOptions {
  readonly config: DrawConfig;
  readonly history: HistoryInput;
  /** The seed; without it the query reads psql's variable `:'seed'` (PostgreSQL) or `getvariable('seed')` (DuckDB). */
  readonly seed?: string;
  /** The FROM item holding the directory. */
  readonly from: string;
  /**
   * The source column of each canonical key (e.g. 统一社会信用代码 for `id`), when the FROM item's columns are
   * known; otherwise the columns must be named as the canonical keys.
   */
  readonly columns?: ReadonlyMap<EntityColumn, { readonly name: string; readonly list?: boolean }>;
}

/**
 * The entity draw of a task as one SQL query, with a comment saying how to run it; or an explanation when the
 * task's sampling cannot be one query (πps and total-size allocation need the library).
 */
export function standaloneDraw(
  d: Dialect,
  o: StandaloneOptions,
): { ok: true; sql: string } | { ok: false; reason: string } {
  if (o.config.mode === "pps" || o.config.size !== undefined)
    return {
      ok: false,
      reason:
        "πps 抽样（sampling.mode = pps）与总样本量分配（sampling.size）无法写成单条 SQL，请用 verify 复核",
    };
  const seed = o.seed !== undefined ? lit(o.seed) : d.name === "postgres" ? ":'seed'" : "getvariable('seed')";
  const columns =
    o.columns ??
    new Map<EntityColumn, { name: string }>(CONTENT_COLUMNS.slice(0, 10).map((k) => [k, { name: k }]));
  const sql = standaloneDrawSql(
    d,
    { from: o.from, columns },
    {
      config: o.config,
      history: historyExclusions(o.config, o.history),
      key: seedKeySql(d, seed),
    },
  );
  const run =
    o.seed !== undefined
      ? ""
      : d.name === "postgres"
        ? "\n-- 运行 / run: psql -v seed='<种子 seed>' -f draw.sql"
        : "\n-- 运行 / run: SET VARIABLE seed = '<种子 seed>'; 然后执行本查询 / then run this query";
  return {
    ok: true,
    sql: `-- ${ALGORITHM_VERSION} · 任务 task ${o.config.taskId.replaceAll("\n", " ")} · ${d.name}
-- 抽中名单与递补名单（按顺序）/ the selected and reserve lists, in order (SPEC §5).
-- 数据源 ${o.from.replaceAll("\n", " ")} ${columnNote(o.columns)}${run}
${sql};
`,
  };
}

/** The header comment's line on the source's columns. */
function columnNote(columns: StandaloneOptions["columns"]): string {
  if (columns === undefined)
    return "的列名须为 id, name, kind, region, industry, riskClass, weight, status, registeredOn, tags。";
  const renamed = [...columns].filter(([k, c]) => c.name !== k).map(([k, c]) => `${c.name} → ${k}`);
  return renamed.length === 0
    ? "的列名即规范列名。"
    : `的列按表头对应规范列：${renamed.join("，").replace(/[\r\n]/g, " ")}。`;
}

// Entity sources beyond the files the library reads itself: a PostgreSQL table or query, and Parquet or CSV
// files read by an embedded DuckDB. The draw runs in the database (see pushdown.ts); the library sizes,
// selects and accounts as for a file, so the plan is the plan of the same rows exported to CSV.
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import type { DrawOptions, EntitySource, FirstPass, FirstPassRunner } from "../draw/draw.js";
import type { IssueCollector } from "../io/issues.js";
import type { Task } from "../model/schemas.js";
import { canonicalRowsSql, type EntityRelation } from "../sql/entities.js";
import { type Issue, issue } from "../util/issue.js";
import {
  canPushDown,
  contentDigest,
  entityOf,
  materialize,
  pushDownFirstPass,
  validate,
  warnings,
} from "./pushdown.js";
import { type EntityInput, entityInputOf, fromItem, relationOf } from "./relation.js";
import { openDuckDb, openPostgres, type SqlRunner, scrub, urlPassword } from "./runner.js";

export { type EntityInput, entityInputOf } from "./relation.js";
export { redactUrl } from "./runner.js";

/** An external entity input, not a file the library reads. */
export type ExternalInput = Exclude<EntityInput, { kind: "file" }>;

/** What a task's entities need from an external source. */
export interface ExternalEntities {
  readonly input: ExternalInput;
  /** The validated rows, streamed (for draws that need every row: πps and total-size modes). */
  readonly entities: EntitySource;
  /** The first pass of the draw, run in the database. */
  readonly firstPass: FirstPassRunner;
  /** The input's digest entry for the plan, once the draw has run; issues when it changed meanwhile. */
  finish(): Promise<{ digest?: { path: string; sha256?: string; rows: number }; issues: Issue[] }>;
}

async function fileSha256(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** A database failure as an issue, in Chinese, without any password. */
export function databaseIssue(input: ExternalInput, e: unknown): Issue {
  const err = e as { code?: string; message?: string };
  const secrets = input.kind === "postgres" ? [process.env.PGPASSWORD, urlPassword(input.url)] : [];
  const where = input.kind === "postgres" ? input.display.replace(/#.*$/, "") : input.display;
  const reason: Record<string, string> = {
    ECONNREFUSED: "连接被拒绝，请检查主机、端口以及数据库服务是否在运行",
    ENOTFOUND: "无法解析主机名",
    ETIMEDOUT: "连接超时",
    "28P01": "身份验证失败，请检查用户名及 PGPASSWORD 环境变量",
    "28000": "身份验证失败或无权连接",
    "3D000": "数据库不存在",
    "42P01": "表或视图不存在",
    "42501": "没有读取权限",
  };
  const known = err.code !== undefined ? reason[err.code] : undefined;
  const code = err.code === "ECONNREFUSED" || err.code === "ENOTFOUND" || err.code === "ETIMEDOUT";
  const detail = scrub(err.message ?? String(e), secrets);
  return issue(
    code ? "database-unreachable" : "database-error",
    known
      ? `无法读取检查对象数据源 ${where}：${known}（${detail}）`
      : `读取检查对象数据源 ${where} 时出错：${detail}`,
    { file: input.display },
  );
}

/** Open a runner and the relation of the input's rows. */
async function open(
  input: ExternalInput,
): Promise<{ runner: SqlRunner; relation: EntityRelation } | { issues: Issue[] }> {
  if (input.kind === "duckdb" && !existsSync(input.path))
    return { issues: [issue("file-not-found", `找不到文件：${input.display}`, { file: input.display })] };
  let runner: SqlRunner | undefined;
  try {
    runner = input.kind === "postgres" ? await openPostgres(input.url) : await openDuckDb();
    await runner.begin();
    const from = fromItem(runner.dialect, input);
    const rel = relationOf(from, await runner.columns(from), input.display);
    if (!rel.ok) {
      await runner.close();
      return { issues: rel.issues };
    }
    return { runner, relation: rel.relation };
  } catch (e) {
    await runner?.close().catch(() => {});
    return { issues: [databaseIssue(input, e)] };
  }
}

function failed(issues: Issue[]): FirstPass {
  return {
    input: 0,
    tickets: new Float64Array(0),
    strata: [],
    forced: [],
    forcedKeys: [],
    excluded: [],
    excludedCounts: {},
    outOfScope: 0,
    missingRate: [],
    listed: [],
    issues,
    // never used: the issues stop the draw
    content: { digest: { format: "content@1", sha256: "0".repeat(64), records: 0 } },
  };
}

/** A progress line on stderr, only when it is a terminal (never in pipes). */
export function stageNotes(label: string): { note: (stage: string) => void; done: () => void } {
  const tty = process.stderr.isTTY === true && !process.env.CI;
  let shown = false;
  return {
    note: (stage) => {
      if (!tty) return;
      shown = true;
      process.stderr.write(`\r\x1b[K${label}：${stage}…`);
    },
    done: () => {
      if (tty && shown) process.stderr.write("\r\x1b[K");
    },
  };
}

/** The entities of an external input, for the draw. */
export function externalEntities(input: ExternalInput, entityIssues: IssueCollector): ExternalEntities {
  let digest: { path: string; sha256?: string; rows: number } | undefined;
  let fileBefore: string | undefined;
  const issuesOf = (x: { issues: Issue[] }) => x.issues;
  /** Validate and digest in the open snapshot; issues when rows fail. */
  const prepare = async (runner: SqlRunner, relation: EntityRelation, options?: DrawOptions) => {
    const bad = await validate(runner, relation, input.display, options?.config.riskClasses);
    if (bad.some((i) => i.severity === "error")) return bad;
    entityIssues.add(...(await warnings(runner, relation, input.display)));
    if (input.kind === "postgres") {
      // the content digest (content@1) is the draw's, computed in the database (the plan records it)
      const [r] = await runner.query(
        `select count(*) as n from ${relation.materialized ?? `${relation.from} s`}`,
      );
      digest = { path: input.display, rows: Number(r!.n) };
    } else {
      fileBefore = await fileSha256(input.path);
      const [r] = await runner.query(
        `select count(*) as n from ${relation.materialized ?? `${relation.from} s`}`,
      );
      digest = { path: input.display, sha256: fileBefore, rows: Number(r!.n) };
    }
    return [];
  };
  const firstPass: FirstPassRunner = async (options) => {
    if (!canPushDown(options)) return undefined;
    const bar = stageNotes("检查对象数据源");
    bar.note("连接并校验");
    const o = await open(input);
    if ("issues" in o) return failed(issuesOf(o));
    try {
      bar.note("逐行校验与判定");
      const rows = await materialize(o.runner, o.relation, options);
      const bad = await prepare(o.runner, rows, options);
      if (bad.length) return failed(bad);
      return await pushDownFirstPass(o.runner, rows, options, bar.note);
    } catch (e) {
      return failed([databaseIssue(input, e)]);
    } finally {
      bar.done();
      await o.runner.close().catch(() => {});
    }
  };
  let calls = 0;
  const entities: EntitySource = () =>
    (async function* () {
      const first = calls++ === 0;
      const report = (issues: Issue[]) => {
        if (first) entityIssues.add(...issues);
      };
      const o = await open(input);
      if ("issues" in o) return report(o.issues);
      try {
        if (first) {
          const bad = await prepare(o.runner, o.relation);
          if (bad.length) return report(bad);
        }
        const sql = canonicalRowsSql(o.runner.dialect, o.relation);
        for await (const rows of o.runner.stream(sql)) yield rows.map(entityOf);
      } catch (e) {
        report([databaseIssue(input, e)]);
      } finally {
        await o.runner.close().catch(() => {});
      }
    })();
  const finish = async () => {
    if (input.kind === "duckdb" && fileBefore !== undefined && (await fileSha256(input.path)) !== fileBefore)
      return {
        issues: [
          issue("input-changed", `检查对象文件 ${input.display} 在抽取过程中被改动，请重新抽取`, {
            file: input.display,
          }),
        ],
      };
    return digest ? { digest, issues: [] } : { issues: [] };
  };
  return { input, entities, firstPass, finish };
}

/**
 * The digest an input of a task has now (for `commit`, `draw --commitment` and `verify`): the content digest
 * of a database table or query computed in the database, or `undefined` with an issue when unreachable.
 */
export async function currentEntityDigest(
  task: Task,
  dir: string,
): Promise<{ sha256?: string; issues: Issue[] } | undefined> {
  const input = entityInputOf(task, dir);
  if (input.kind !== "postgres") return undefined;
  const o = await open(input);
  if ("issues" in o) return { issues: o.issues };
  try {
    return { sha256: (await contentDigest(o.runner, o.relation)).sha256, issues: [] };
  } catch (e) {
    return { issues: [databaseIssue(input, e)] };
  } finally {
    await o.runner.close().catch(() => {});
  }
}

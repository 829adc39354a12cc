// The entity draw pushed down into PostgreSQL or DuckDB: the rows are validated, decided, counted, ranked
// and digested by generated SQL; only the counts and the selected, reserve, forced and excluded rows come
// back, as the first pass of the library's draw (which then sizes, selects and accounts exactly as for a file).

import { createHash } from "node:crypto";
import type {
  DrawCandidate,
  DrawOptions,
  ExclusionReason,
  FirstPass,
  FirstPassStratum,
} from "../draw/draw.js";
import { lookupRate } from "../draw/draw.js";
import { sizeFor } from "../model/decimal.js";
import type { Entity, EntityKind, EntityStatus } from "../model/types.js";
import type { Dialect } from "../sql/dialect.js";
import {
  candidatesSql,
  chunkSql,
  contentDigestChunksSql,
  contentDigestSql,
  countsSql,
  cutShortfallSql,
  type DrawSqlInput,
  decidedRowsSql,
  duplicatesSql,
  type EntityRelation,
  historyExclusions,
  listedSql,
  materializeSql,
  regionMismatchSql,
  SINGLE_DIGEST_ROWS,
  validationSql,
  validRowsSql,
} from "../sql/entities.js";
import { type Issue, type IssueCode, isIssueCode, issue } from "../util/issue.js";
import type { SqlRow, SqlRunner } from "./runner.js";

const MESSAGES: Record<string, (column: string) => string> = {
  "missing-value": (c) => `${c} 不能为空`,
  whitespace: (c) => `${c} 含首尾空白字符，请清理后再导入`,
  "invalid-uscc:length": () => "统一社会信用代码应为18位",
  "invalid-uscc:charset": () => "统一社会信用代码含非法字符",
  "invalid-uscc:check-digit": () => "统一社会信用代码校验位错误",
  "invalid-value": (c) => `${c} 的值无法识别`,
  "invalid-region": () => "行政区划代码必须是6位数字",
  "unknown-risk-class": () => "信用风险分类不在任务设定的分类（sampling.riskClasses）中",
  "invalid-integer": (c) => `${c} 必须是非负整数`,
  "invalid-date": (c) => `${c} 不是有效日期（应为 YYYY-MM-DD）`,
  "invalid-list": (c) => `${c} 须为以分号分隔的非空值，且不含多余空白`,
};

/** A code the SQL validation reports, as one of the library's (any other as `invalid-value`). */
const issueCodeOf = (c: string): IssueCode => (isIssueCode(c) ? c : "invalid-value");
const text = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const count = (v: unknown): number => Number(v);

/** The issues of rows that fail validation, each with the row's key (its 统一社会信用代码 as stored). */
export async function validate(
  runner: SqlRunner,
  relation: EntityRelation,
  file: string,
  riskClasses?: readonly string[],
): Promise<Issue[]> {
  const d = runner.dialect;
  const issues: Issue[] = [];
  const bad = await runner.query(validationSql(d, relation, riskClasses, 1000));
  for (const r of bad) {
    const id = text(r.id) ?? "";
    for (const p of String(r.problems).split(",")) {
      const eq = p.indexOf("=");
      const column = p.slice(0, eq);
      const code = p.slice(eq + 1);
      const msg = MESSAGES[code]?.(column) ?? code;
      issues.push(
        issue(issueCodeOf(code.split(":")[0]!), `检查对象（统一社会信用代码 ${id || "（空）"}）：${msg}`, {
          file,
          column,
          received: id,
        }),
      );
    }
  }
  const total = bad.length ? count(bad[0]!.total) : 0;
  if (total > bad.length)
    issues.push(issue("more-issues", `另有 ${total - bad.length} 行未通过校验，未逐条列出`, { file }));
  for (const r of await runner.query(duplicatesSql(d, relation, 1000))) {
    const id = text(r.id) ?? "";
    for (let i = 1; i < count(r.n); i++)
      issues.push(issue("duplicate-id", `统一社会信用代码重复：${id}`, { file, column: "id", received: id }));
  }
  return issues;
}

/** Warnings of valid rows (USCC region digits differing from the region), at most 100 listed. */
export async function warnings(runner: SqlRunner, relation: EntityRelation, file: string): Promise<Issue[]> {
  const rows = await runner.query(regionMismatchSql(runner.dialect, relation, 100));
  const out = rows.map((r) =>
    issue(
      "region-mismatch",
      `统一社会信用代码 ${String(r.id)} 中的登记机关代码 ${String(r.id).slice(2, 8)} 与行政区划代码 ${String(r.region)} 不一致（仅提示）`,
      { file, column: "region", received: String(r.region) },
      "warning",
    ),
  );
  const total = rows.length ? count(rows[0]!.total) : 0;
  if (total > rows.length)
    out.push(issue("more-issues", `另有 ${total - rows.length} 个警告未逐条列出`, { file }, "warning"));
  return out;
}

/** An entity record from a row of the canonical columns (property order as the file readers give). */
export function entityOf(r: SqlRow): Entity {
  const tags = String(r.tags ?? "");
  const e: { -readonly [K in keyof Entity]: Entity[K] } = {
    id: String(r.id),
    name: String(r.name),
    kind: String(r.kind) as EntityKind,
    region: String(r.region),
    riskClass: String(r.risk_class),
    status: String(r.status) as EntityStatus,
    tags: tags === "" ? [] : tags.split(";"),
  };
  const industry = text(r.industry);
  if (industry !== undefined) e.industry = industry;
  const weight = text(r.weight);
  if (weight !== undefined) e.weight = Number(weight);
  const registeredOn = text(r.registered_on);
  if (registeredOn !== undefined) e.registeredOn = registeredOn;
  return e;
}

/** Options of {@link contentDigest}. */
export interface ContentDigestOptions {
  /** The number of valid rows when known (otherwise counted first). */
  readonly rows?: number;
  /**
   * Up to how many rows the digest is one value computed in the database (default {@link SINGLE_DIGEST_ROWS},
   * or the environment's `DOUBLE_RANDOM_DIGEST_ROWS`); above, the sorted record digests come back in chunks.
   */
  readonly singleRows?: number;
  /** Record digests per chunk (default 2^20: 32 MiB). */
  readonly chunkRows?: number;
}

let chunkTables = 0;

/** A whole number from the environment, or undefined. */
function envRows(name: string): number | undefined {
  const v = process.env[name];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * The content digest (content@1) of the relation's rows and the row count. Up to {@link SINGLE_DIGEST_ROWS} rows
 * it is computed in the database as one value. A larger directory (PostgreSQL's values end at 1 GB: 33 million
 * digests) has its record digests sorted and joined in chunks in a temporary table, read back one chunk at a
 * time and hashed here: the same digest, for any number of rows, in bounded memory.
 */
export async function contentDigest(
  runner: SqlRunner,
  relation: EntityRelation,
  options: ContentDigestOptions = {},
): Promise<{ sha256: string; rows: number }> {
  const d = runner.dialect;
  const single = options.singleRows ?? envRows("DOUBLE_RANDOM_DIGEST_ROWS") ?? SINGLE_DIGEST_ROWS;
  const rows = options.rows ?? count((await runner.query(validRowsSql(d, relation)))[0]?.n);
  if (rows <= single) {
    const [r] = await runner.query(contentDigestSql(d, relation));
    return { sha256: String(r!.digest), rows: count(r!.n) };
  }
  const table = `dr_content_${++chunkTables}`;
  await runner.query(contentDigestChunksSql(d, relation, table, options.chunkRows ?? 2 ** 20));
  try {
    const hash = createHash("sha256");
    let n = 0;
    for (let g = 0; ; g++) {
      const [r] = await runner.query(chunkSql(table, g));
      if (r === undefined) break;
      const part = r.part;
      hash.update(typeof part === "string" ? Buffer.from(part, "hex") : (part as Uint8Array));
      n += count(r.n);
    }
    return { sha256: hash.digest("hex"), rows: n };
  } finally {
    // after an error PostgreSQL's transaction is aborted and refuses the drop: the table goes with the rollback,
    // and the caller sees the error that happened
    await runner.query(`drop table if exists ${table}`).catch(() => {});
  }
}

const hexOf = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const runnerKey = (options: DrawOptions) => hexOf(options.random.key.bytes);

/** What the generated SQL needs of a draw's options (for a dialect: the key as a byte literal). */
export function drawSqlInput(d: Dialect, options: DrawOptions): DrawSqlInput {
  return {
    config: options.config,
    history: historyExclusions(options.config, options.history ?? []),
    key: d.bytes(runnerKey(options)),
  };
}

/**
 * Decide every row once, into a temporary table of this connection (see {@link materializeSql}).
 * @returns the relation that reads it
 */
export async function materialize(
  runner: SqlRunner,
  relation: EntityRelation,
  options: DrawOptions,
  name = "dr_rows",
): Promise<EntityRelation> {
  await runner.query(
    materializeSql(
      runner.dialect,
      relation,
      drawSqlInput(runner.dialect, options),
      name,
      options.config.riskClasses,
    ),
  );
  return { ...relation, materialized: name };
}

/** Per stratum, a ticket cut with room for its selected and reserve rows (sizes as the draw computes them). */
function cutsOf(options: DrawOptions, strata: ReadonlyMap<string, { n: number }>): Map<string, string> {
  const { config } = options;
  const out = new Map<string, string>();
  for (const [key, { n: N }] of strata) {
    const rate = lookupRate(config, key);
    if (rate === undefined || N === 0) continue;
    let n = sizeFor(N, rate, config.rounding);
    if (config.min !== undefined) n = Math.max(n, config.min);
    if (config.max !== undefined) n = Math.min(n, config.max);
    n = Math.min(n, N);
    const m = n + sizeFor(n, config.reserve, "ceil");
    const q = (m / N) * 1.2 + 64 / N;
    if (q >= 1) continue;
    out.set(
      key,
      Math.floor(q * 2 ** 52)
        .toString(16)
        .padStart(13, "0"),
    );
  }
  return out;
}

/** Whether the draw of these options can be pushed down (SRS with rates; πps and total-size need all rows). */
export function canPushDown(options: DrawOptions): boolean {
  return options.config.mode !== "pps" && options.config.size === undefined;
}

/**
 * The first pass of the draw, computed in the database over valid rows ({@link validate} first): frame
 * decisions, strata counts, and each stratum's `n_h + r_h` smallest tickets as its candidates.
 * @param note reports progress (stage names)
 */
export async function pushDownFirstPass(
  runner: SqlRunner,
  relation: EntityRelation,
  options: DrawOptions,
  note: (stage: string) => void = () => {},
): Promise<FirstPass> {
  const { config } = options;
  const d = runner.dialect;
  const x = drawSqlInput(d, options);
  note("统计各层");
  let input = 0;
  let outOfScope = 0;
  const excludedCounts: Partial<Record<ExclusionReason, number>> = {};
  const forcedKeys = new Map<string, number>();
  const strata = new Map<string, { key: string; n: number; below: DrawCandidate[] }>();
  for (const r of await runner.query(countsSql(d, relation, x))) {
    const n = count(r.n);
    const decision = String(r.decision);
    const key = String(r.stratum);
    input += n;
    if (decision === "out") outOfScope += n;
    else if (decision.startsWith("excluded:")) {
      const reason = decision.slice(9) as ExclusionReason;
      excludedCounts[reason] = (excludedCounts[reason] ?? 0) + n;
    } else if (decision.startsWith("forced:")) forcedKeys.set(key, (forcedKeys.get(key) ?? 0) + n);
    else strata.set(key, { key, n, below: [] });
  }
  note(`${input.toLocaleString("zh-CN")} 行已判定，${strata.size} 层`);
  const missingRate = [...strata.keys()].filter((k) => lookupRate(config, k) === undefined);
  const forced: { e: Entity; reason: string }[] = [];
  const excluded: { entityId: string; name: string; reason: ExclusionReason }[] = [];
  if (missingRate.length === 0) {
    note(`抽取 ${strata.size} 层的抽中与递补名单`);
    for (const r of await runner.query(decidedRowsSql(d, relation, x))) {
      const decision = String(r.decision);
      if (decision.startsWith("forced:")) forced.push({ e: entityOf(r), reason: decision });
      else
        excluded.push({
          entityId: String(r.id),
          name: String(r.name),
          reason: decision.slice(9) as ExclusionReason,
        });
    }
    // rank only the rows below a cut a margin above each stratum's expected last reserve ticket; all rows of
    // the strata where that was not enough
    const cut = { ...x, cuts: cutsOf(options, strata) };
    const short = cut.cuts.size > 0 ? await runner.query(cutShortfallSql(d, relation, cut)) : [];
    for (const r of await runner.query(candidatesSql(d, relation, short.length > 0 ? x : cut))) {
      const t = Number.parseInt(String(r.ticket), 16);
      strata.get(String(r.stratum))?.below.push({ e: entityOf(r), t, k: t });
    }
  }
  const ids = [...new Set([...config.forcedIds, ...config.excludedIds])];
  const listed = ids.length ? (await runner.query(listedSql(d, relation, ids))).map((r) => String(r.id)) : [];
  note("内容摘要");
  const c = await contentDigest(runner, relation, { rows: input });
  const out: FirstPassStratum[] = [...strata.values()].map((s) => ({ ...s, spill: [], weightSum: 0 }));
  return {
    input,
    tickets: new Float64Array(0),
    strata: out,
    forced,
    forcedKeys: [...forcedKeys],
    excluded,
    excludedCounts,
    outOfScope,
    missingRate,
    listed,
    issues: [],
    content: { digest: { format: "content@1", sha256: c.sha256, records: c.rows } },
  };
}

// SQL of the entity draw (contract v1, SPEC §5) over a relation of entity rows, for PostgreSQL and DuckDB:
// the rows as text, their validation, their canonical values, the frame decisions, strata, sizes, selection
// and reserve, and the content digest. Pure string building: no connection here.

import type { DrawConfig } from "../draw/config.js";
import { addDays } from "../model/dates.js";
import type { HistoryRecord } from "../model/types.js";
import { USCC_CHARSET } from "../model/uscc.js";
import { type Dialect, lit } from "./dialect.js";

/** The canonical entity columns, in the order of the content digest (content@1). */
export const CONTENT_COLUMNS = [
  "id",
  "name",
  "kind",
  "region",
  "industry",
  "riskClass",
  "weight",
  "status",
  "registeredOn",
  "tags",
  "address",
  "legalRepresentative",
] as const;

/** A canonical entity column. */
export type EntityColumn = (typeof CONTENT_COLUMNS)[number];

/** The entity values the CSV reader accepts for `kind`, and their canonical value. */
export const KIND_VALUES: Readonly<Record<string, string>> = {
  enterprise: "enterprise",
  企业: "enterprise",
  individual: "individual",
  个体工商户: "individual",
  cooperative: "cooperative",
  农民专业合作社: "cooperative",
  other: "other",
  其他: "other",
};

/** The entity values the CSV reader accepts for `status`, and their canonical value. */
export const STATUS_VALUES: Readonly<Record<string, string>> = {
  active: "active",
  存续: "active",
  在业: "active",
  开业: "active",
  正常: "active",
  "存续（在营、开业、在册）": "active",
  deregistered: "deregistered",
  注销: "deregistered",
  revoked: "revoked",
  吊销: "revoked",
  "吊销，未注销": "revoked",
  "moved-out": "moved-out",
  迁出: "moved-out",
  cancelled: "cancelled",
  撤销: "cancelled",
  closed: "closed",
  停业: "closed",
  歇业: "closed",
};

/** A relation of entity rows: what to select from, and how each present canonical column is read. */
export interface EntityRelation {
  /** A FROM item: a table name, `(select …) q`, `read_parquet('…')`. */
  readonly from: string;
  /** The source column of each canonical key present, and whether it is a list (array) column. */
  readonly columns: ReadonlyMap<EntityColumn, { readonly name: string; readonly list?: boolean }>;
  /**
   * A temporary table made by {@link materializeSql} from this relation for one draw: every query then reads
   * it instead of deciding every row again.
   */
  readonly materialized?: string;
}

const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function caseMap(x: string, map: Readonly<Record<string, string>>): string {
  return `case ${x} ${Object.entries(map)
    .map(([k, v]) => `when ${lit(k)} then ${lit(v)}`)
    .join(" ")} end`;
}

/** `t`: every canonical column as text (absent columns are NULL). */
function textCte(d: Dialect, rel: EntityRelation): string {
  const cols = CONTENT_COLUMNS.map((k) => {
    const c = rel.columns.get(k);
    if (!c) return `cast(null as varchar) as ${d.ident(k)}`;
    const src = `s.${d.ident(c.name)}`;
    return `${c.list ? d.joinList(src) : `cast(${src} as varchar)`} as ${d.ident(k)}`;
  });
  return `t as (select ${cols.join(", ")} from ${rel.from} s)`;
}

const q = (d: Dialect, k: EntityColumn) => d.ident(k);

/** `c`: the canonical values of valid rows (kind and status in English, weight in decimal, tags by `;`). */
function canonicalCte(d: Dialect, problems?: string): string {
  const w = q(d, "weight");
  const trimmed = `ltrim(${w}, '0')`;
  return `c as (select ${q(d, "id")} as id, ${q(d, "name")} as name, ${caseMap(q(d, "kind"), KIND_VALUES)} as kind, ${q(
    d,
    "region",
  )} as region, nullif(${q(d, "industry")}, '') as industry, ${q(d, "riskClass")} as risk_class, case when ${w} is null or ${w} = '' then null when ${trimmed} = '' then '0' else ${trimmed} end as weight, ${caseMap(
    q(d, "status"),
    STATUS_VALUES,
  )} as status, nullif(${q(d, "registeredOn")}, '') as registered_on, replace(coalesce(${q(
    d,
    "tags",
  )}, ''), '；', ';') as tags, coalesce(${q(d, "address")}, '') as address, coalesce(${q(
    d,
    "legalRepresentative",
  )}, '') as legal_representative${problems ? `, ${problems} as problems` : ""} from t)`;
}

/** The CTEs defining `c` (canonical values of every row): computed, or read from the materialized table. */
function rowsCte(d: Dialect, rel: EntityRelation): string {
  return rel.materialized
    ? `c as (select * from ${rel.materialized})`
    : `${textCte(d, rel)}, ${canonicalCte(d)}`;
}

/** The problem of a column as `code` text, or NULL; checks in the order the CSV reader makes them. */
function problemOf(d: Dialect, k: EntityColumn, riskClasses?: readonly string[]): string | undefined {
  const x = q(d, k);
  const empty = `(${x} is null or ${x} = '')`;
  // trimming JavaScript's white space from both ends changes the value (cheaper than two regular expressions)
  const space = `(${d.trim(x)} <> ${x})`;
  const text = (required: boolean, then: [string, string][] = []) =>
    `case when ${empty} then ${required ? "'missing-value'" : "null"} when ${space} then 'whitespace' ${then
      .map(([cond, code]) => `when ${cond} then ${lit(code)}`)
      .join(" ")} end`;
  switch (k) {
    case "id": {
      const value = (i: number) => `(strpos(${lit(USCC_CHARSET)}, substr(${x}, ${i}, 1)) - 1)`;
      const sum = USCC_WEIGHTS.map((w, i) => `${value(i + 1)} * ${w}`).join(" + ");
      return text(true, [
        [`length(${x}) <> 18`, "invalid-uscc:length"],
        [`translate(${x}, ${lit(USCC_CHARSET)}, '') <> ''`, "invalid-uscc:charset"],
        [`(31 - (${sum}) % 31) % 31 <> ${value(18)}`, "invalid-uscc:check-digit"],
      ]);
    }
    case "name":
      return text(true);
    case "kind":
      return text(true, [[`${caseMap(x, KIND_VALUES)} is null`, "invalid-value"]]);
    case "region":
      return text(true, [[`length(${x}) <> 6 or translate(${x}, '0123456789', '') <> ''`, "invalid-region"]]);
    case "industry":
      return text(false);
    case "riskClass":
      return text(
        true,
        riskClasses ? [[`${x} not in (${riskClasses.map(lit).join(", ")})`, "unknown-risk-class"]] : [],
      );
    case "weight": {
      const t = `ltrim(${x}, '0')`;
      return `case when ${empty} then null when translate(${x}, '0123456789', '') <> '' then 'invalid-integer' when length(${t}) > 16 or (length(${t}) = 16 and ${t} > '9007199254740991') then 'invalid-integer' end`;
    }
    case "status":
      return text(true, [[`${caseMap(x, STATUS_VALUES)} is null`, "invalid-value"]]);
    case "registeredOn": {
      const y = d.int(`substr(${x}, 1, 4)`);
      const m = d.int(`substr(${x}, 6, 2)`);
      const day = d.int(`substr(${x}, 9, 2)`);
      const dim = `case when ${m} = 2 then case when (${y} % 4 = 0 and ${y} % 100 <> 0) or ${y} % 400 = 0 then 29 else 28 end when ${m} in (4, 6, 9, 11) then 30 else 31 end`;
      return `case when ${empty} then null when ${space} then 'whitespace' when not ${d.matches(
        x,
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      )} then 'invalid-date' when ${m} < 1 or ${m} > 12 or ${day} < 1 or ${day} > ${dim} then 'invalid-date' end`;
    }
    case "tags": {
      const s = d.spaceClass;
      return `case when ${empty} then null when ${d.matches(x, `(^|[;；])([;；]|$)`)} or ${d.matches(
        x,
        `(^|[;；])${s}`,
      )} or ${d.matches(x, `${s}([;；]|$)`)} then 'invalid-list' end`;
    }
    default:
      return undefined;
  }
}

/** Every problem of a row of `t`: `column=code` joined by `,` (empty when none). */
function problemsExpr(d: Dialect, riskClasses?: readonly string[]): string {
  const parts = CONTENT_COLUMNS.flatMap((k) => {
    const p = problemOf(d, k, riskClasses);
    return p === undefined ? [] : [`${lit(`${k}=`)} || (${p})`];
  });
  return `concat_ws(',', ${parts.join(", ")})`;
}

/** The columns the CSV reader requires. */
export const REQUIRED_COLUMNS: readonly EntityColumn[] = [
  "id",
  "name",
  "kind",
  "region",
  "riskClass",
  "status",
];

/**
 * Rows that fail validation, with their key: `id`, and `problems` = `column=code` joined by `,` (the first
 * problem of each column). At most `limit` rows, in id order.
 */
export function validationSql(
  d: Dialect,
  rel: EntityRelation,
  riskClasses?: readonly string[],
  limit = 1000,
): string {
  const p = rel.materialized
    ? `p as (select id, problems from ${rel.materialized})`
    : `${textCte(d, rel)}, p as (select ${q(d, "id")} as id, ${problemsExpr(d, riskClasses)} as problems from t)`;
  return `with ${p} select id, problems, count(*) over () as total from p where problems <> '' order by ${d.bytewise(
    "coalesce(id, '')",
  )} limit ${limit}`;
}

/** Ids that occur more than once, with their count. */
export function duplicatesSql(d: Dialect, rel: EntityRelation, limit = 1000): string {
  if (rel.materialized)
    return `select id, count(*) as n from ${rel.materialized} group by id having count(*) > 1 order by ${d.bytewise("id")} limit ${limit}`;
  return `with ${textCte(d, rel)} select ${q(d, "id")} as id, count(*) as n from t group by ${q(
    d,
    "id",
  )} having count(*) > 1 order by ${d.bytewise(q(d, "id"))} limit ${limit}`;
}

/** Valid rows whose USCC region digits differ from the region (a warning, as the CSV reader gives). */
export function regionMismatchSql(d: Dialect, rel: EntityRelation, limit = 1000): string {
  return `with ${rowsCte(d, rel)} select id, region, count(*) over () as total from c where substr(id, 1, 1) = '9' and substr(id, 3, 6) <> region order by ${d.bytewise(
    "id",
  )} limit ${limit}`;
}

/** The content digest (content@1) of the (valid) rows, and their count. */
export function contentDigestSql(d: Dialect, rel: EntityRelation): string {
  const us = "chr(31)";
  const line = [
    "id",
    "name",
    "kind",
    "region",
    "coalesce(industry, '')",
    "risk_class",
    "coalesce(weight, '')",
    "status",
    "coalesce(registered_on, '')",
    "tags",
    "address",
    "legal_representative",
  ].join(` || ${us} || `);
  const agg =
    d.name === "postgres"
      ? `encode(sha256(coalesce(string_agg(r, ''::bytea order by r), ''::bytea)), 'hex')`
      : `sha256(unhex(coalesce(string_agg(r, '' order by r), '')))`;
  const rec = d.name === "postgres" ? d.sha256Bytes(d.utf8(`(${line})`)) : d.sha256Hex(d.utf8(`(${line})`));
  return `with ${rowsCte(d, rel)}, r as (select ${rec} as r from c) select ${agg} as digest, count(*) as n from r`;
}

/** The history exclusions of the task, decided as the draw decides them: entity id → reason. */
export function historyExclusions(
  config: DrawConfig,
  history: readonly HistoryRecord[],
): Map<string, string> {
  const items = new Set(config.itemIds);
  const dates = new Map<string, string[]>();
  for (const h of history) {
    if (!items.has(h.itemId)) continue;
    const l = dates.get(h.entityId);
    if (l) l.push(h.inspectedOn);
    else dates.set(h.entityId, [h.inspectedOn]);
  }
  const windowStart =
    config.sameItemWithinDays !== undefined
      ? addDays(config.referenceDate, -config.sameItemWithinDays)
      : undefined;
  const year = config.referenceDate.slice(0, 4);
  const out = new Map<string, string>();
  for (const [id, ds] of dates) {
    if (windowStart !== undefined && ds.some((x) => x >= windowStart && x <= config.referenceDate))
      out.set(id, "inspected-within-window");
    else if (config.sameItemThisYear && ds.some((x) => x.slice(0, 4) === year))
      out.set(id, "inspected-this-year");
  }
  return out;
}

const hasTag = (tag: string) => `strpos(';' || tags || ';', ${lit(`;${tag};`)}) > 0`;

/** The 定向 scope filter as a condition (SPEC §2), or `true`. */
function scopeCondition(config: DrawConfig): string {
  const f = config.filters;
  if (!f) return "true";
  const and: string[] = [];
  const any = (xs: readonly string[], one: (x: string) => string) => `(${xs.map(one).join(" or ")})`;
  if (f.kind) and.push(`kind in (${f.kind.map(lit).join(", ")})`);
  if (f.regionPrefix) and.push(any(f.regionPrefix, (p) => `starts_with(region, ${lit(p)})`));
  if (f.industry) and.push(`industry is not null and industry in (${f.industry.map(lit).join(", ")})`);
  if (f.industryPrefix)
    and.push(`industry is not null and ${any(f.industryPrefix, (p) => `starts_with(industry, ${lit(p)})`)}`);
  if (f.tags) and.push(any(f.tags, hasTag));
  if (f.riskClass) and.push(`risk_class in (${f.riskClass.map(lit).join(", ")})`);
  if (f.registeredBefore)
    and.push(`registered_on is not null and registered_on < ${lit(f.registeredBefore)}`);
  if (f.registeredAfter) and.push(`registered_on is not null and registered_on > ${lit(f.registeredAfter)}`);
  return and.length ? and.map((x) => `(${x})`).join(" and ") : "true";
}

/** The stratum key expression (SPEC §5.3). */
function stratumExpr(config: DrawConfig): string {
  if (config.stratifyBy.length === 0) return "'*'";
  const col = {
    riskClass: "risk_class",
    region: "region",
    kind: "kind",
    industry: "coalesce(industry, '')",
    status: "status",
  };
  return config.stratifyBy
    .map((f) => (f.field === "region" && f.prefix !== undefined ? `left(region, ${f.prefix})` : col[f.field]))
    .join(" || '|' || ");
}

/** The decision of a row: `out`, `excluded:<reason>`, `forced:<reason>` or `frame` (as the draw decides). */
function decisionExpr(config: DrawConfig, history: boolean): string {
  const when: string[] = [`when not (${scopeCondition(config)}) then 'out'`];
  when.push(`when status <> 'active' then 'excluded:status-' || status`);
  if (config.excludedIds.size > 0)
    when.push(`when id in (${[...config.excludedIds].map(lit).join(", ")}) then 'excluded:listed'`);
  if (config.forcedIds.size > 0)
    when.push(`when id in (${[...config.forcedIds].map(lit).join(", ")}) then 'forced:list'`);
  for (const tag of config.forcedTags) when.push(`when ${hasTag(tag)} then ${lit(`forced:tag:${tag}`)}`);
  if (history) when.push(`when h.reason is not null then 'excluded:' || h.reason`);
  return `case ${when.join(" ")} else 'frame' end`;
}

/** What the decision and selection SQL needs of the draw. */
export interface DrawSqlInput {
  readonly config: DrawConfig;
  /** History exclusions ({@link historyExclusions}). */
  readonly history: ReadonlyMap<string, string>;
  /** The seed key K = SHA-256(UTF-8(NFC(seed))) as a SQL byte-string expression (SPEC §5.1). */
  readonly key: string;
}

/** `k`, `d`: the ticket prefix and each valid row with its decision and stratum. */
function decisionCtes(d: Dialect, x: DrawSqlInput, rel?: EntityRelation): string {
  const h =
    x.history.size > 0
      ? `h (hid, reason) as (values ${[...x.history]
          .sort((a, b) => (a[0] < b[0] ? -1 : 1))
          .map(([id, r]) => `(${lit(id)}, ${lit(r)})`)
          .join(", ")})`
      : undefined;
  const k0 = `k as (select ${x.key} || ${d.utf8(lit(x.config.taskId))} || ${d.zeroByte} as prefix)`;
  const k = k0;
  if (rel?.materialized) return `${k}, d as (select * from ${rel.materialized})`;
  const dd = `d as (select c.*, ${decisionExpr(x.config, h !== undefined)} as decision, ${stratumExpr(
    x.config,
  )} as stratum from c${h ? " left join h on h.hid = c.id" : ""})`;
  return [h, k, dd].filter((s) => s !== undefined).join(", ");
}

/**
 * Materialize the rows of a relation for one draw into the temporary table `name`: canonical values, problems,
 * decision, stratum and (frame rows) ticket, computed in one scan; then pass `{ ...rel, materialized: name }`.
 */
export function materializeSql(
  d: Dialect,
  rel: EntityRelation,
  x: DrawSqlInput,
  name: string,
  riskClasses?: readonly string[],
): string {
  return `create temporary table ${name} as with ${textCte(d, rel)}, ${canonicalCte(
    d,
    problemsExpr(d, riskClasses),
  )}, ${decisionCtes(d, x)} select d.*, case when decision = 'frame' then ${ticketExpr(d)} end as ticket from d, k`;
}

/** The seed key K of a seed given as a SQL text expression (a literal, or a parameter such as `:'seed'`). */
export function seedKeySql(d: Dialect, seed: string): string {
  return d.sha256Bytes(d.utf8(d.nfc(seed)));
}

/** The ticket (13 hex digits, SPEC §5.1) of the row's id, with the prefix `k.prefix`. */
export function ticketExpr(d: Dialect, id = "id"): string {
  return `substr(${d.sha256Hex(`k.prefix || ${d.utf8(id)}`)}, 1, 13)`;
}

/** Counts per decision and stratum: `decision`, `stratum`, `n`. */
export function countsSql(d: Dialect, rel: EntityRelation, x: DrawSqlInput): string {
  return `with ${rowsCte(d, rel)}, ${decisionCtes(d, x, rel)} select decision, stratum, count(*) as n from d group by decision, stratum`;
}

/** Ids of the task's forced and excluded lists that are in the directory. */
export function listedSql(d: Dialect, rel: EntityRelation, ids: readonly string[]): string {
  if (rel.materialized)
    return `select distinct id from ${rel.materialized} where id in (${ids.map(lit).join(", ")})`;
  return `with ${textCte(d, rel)} select distinct ${q(d, "id")} as id from t where ${q(d, "id")} in (${ids
    .map(lit)
    .join(", ")})`;
}

const ENTITY_COLUMNS = "id, name, kind, region, industry, risk_class, weight, status, registered_on, tags";

/** The canonical values of every row (to be read after validation). */
export function canonicalRowsSql(d: Dialect, rel: EntityRelation): string {
  return `with ${rowsCte(d, rel)} select ${ENTITY_COLUMNS} from c`;
}

/** The excluded and forced rows, with their decision. */
export function decidedRowsSql(d: Dialect, rel: EntityRelation, x: DrawSqlInput): string {
  return `with ${rowsCte(d, rel)}, ${decisionCtes(d, x, rel)} select ${ENTITY_COLUMNS}, decision, stratum from d where decision like 'excluded:%' or decision like 'forced:%'`;
}

/** `n_h` of a population expression under the task's rates (SPEC §5.4), exactly, as an integer expression. */
function sizeExpr(d: Dialect, config: DrawConfig, N: string): string {
  const p = `${N} * num`;
  let v =
    config.rounding === "floor"
      ? d.intDiv(p, "den")
      : config.rounding === "round"
        ? d.intDiv(`2 * ${p} + den`, "2 * den")
        : d.intDiv(`${p} + den - 1`, "den");
  if (config.min !== undefined) v = `greatest(${v}, ${config.min})`;
  if (config.max !== undefined) v = `least(${v}, ${config.max})`;
  return `least(${v}, ${N})`;
}

/**
 * `f`, `s`, `x`: the frame with tickets, the strata with their sizes (`size`, `reserve_size`; `num` NULL when
 * no rate applies), and the frame rows ranked in their stratum (`rk`) within `size + reserve_size`.
 */
function selectionCtes(d: Dialect, x: DrawSqlInput, rel?: EntityRelation): string {
  const rates = [...(x.config.rates ?? new Map())];
  const r = rates.length
    ? `rates (rk, num, den) as (values ${rates.map(([k, v]) => `(${lit(k)}, ${v.num}, ${v.den})`).join(", ")})`
    : `rates (rk, num, den) as (select cast(null as varchar), cast(null as bigint), cast(null as bigint) where false)`;
  const res = x.config.reserve;
  const n = sizeExpr(d, x.config, "population");
  return [
    r,
    rel?.materialized
      ? `f as (select * from d where decision = 'frame')`
      : `f as (select d.*, ${ticketExpr(d)} as ticket from d, k where decision = 'frame')`,
    `n as (select stratum, count(*) as population from f group by stratum)`,
    `s0 as (select n.stratum, n.population, cast(coalesce(r1.num, r2.num, r3.num) as bigint) as num, cast(coalesce(r1.den, r2.den, r3.den) as bigint) as den from n left join rates r1 on r1.rk = n.stratum left join rates r2 on r2.rk = split_part(n.stratum, '|', 1) left join rates r3 on r3.rk = '*')`,
    `s1 as (select s0.*, ${n} as size from s0)`,
    `s as (select s1.*, ${d.intDiv(`size * ${res.num} + ${res.den} - 1`, `${res.den}`)} as reserve_size from s1)`,
    `x as (select f.*, row_number() over (partition by f.stratum order by ${d.bytewise("f.ticket")}, ${d.utf8(
      "f.id",
    )}) as rk from f)`,
  ].join(", ");
}

/** The strata: `stratum`, `population`, `num`/`den` of the rate (NULL: none), `size`, `reserve_size`. */
export function strataSql(d: Dialect, rel: EntityRelation, x: DrawSqlInput): string {
  return `with ${rowsCte(d, rel)}, ${decisionCtes(d, x, rel)}, ${selectionCtes(d, x, rel)} select stratum, population, num, den, size, reserve_size from s`;
}

/** The selected and reserve rows of each stratum (ranks `1 … size + reserve_size`), with ticket and rank. */
export function candidatesSql(d: Dialect, rel: EntityRelation, x: DrawSqlInput): string {
  return `with ${rowsCte(d, rel)}, ${decisionCtes(d, x, rel)}, ${selectionCtes(d, x, rel)} select ${ENTITY_COLUMNS.split(
    ", ",
  )
    .map((c) => `x.${c}`)
    .join(
      ", ",
    )}, x.stratum, x.ticket, x.rk from x join s on s.stratum = x.stratum where x.rk <= s.size + s.reserve_size`;
}

/**
 * The whole draw as one standalone query (for `double-random sql`): every selected entity (forced first by
 * id, then by stratum and rank) and every reserve entity (by stratum and rank), as
 * `list` (`selected` / `reserve`), `position` (1-based within its list), `entity_id`, `stratum`, `ticket`,
 * `reason` (`random` or the forced reason) and `rank` (within the stratum's reserve list).
 */
export function standaloneDrawSql(d: Dialect, rel: EntityRelation, x: DrawSqlInput): string {
  const by = (e: string) => d.utf8(e);
  return `with ${rowsCte(d, rel)}, ${decisionCtes(d, x, rel)}, ${selectionCtes(d, x, rel)},
forced as (select id, stratum, decision from d where decision like 'forced:%'),
picked as (
  select 'selected' as list, 0 as part, ${by("id")} as o1, cast(0 as bigint) as o2, id, stratum, ${ticketExpr(
    d,
  )} as ticket, decision as reason, cast(null as bigint) as rank from forced, k
  union all
  select 'selected', 1, ${by("x.stratum")}, x.rk, x.id, x.stratum, x.ticket, 'random', null from x join s on s.stratum = x.stratum where x.rk <= s.size
  union all
  select 'reserve', 2, ${by("x.stratum")}, x.rk, x.id, x.stratum, x.ticket, null, x.rk - s.size from x join s on s.stratum = x.stratum where x.rk > s.size and x.rk <= s.size + s.reserve_size
)
select list, row_number() over (partition by list order by part, o1, o2) as position, id as entity_id, stratum, ticket, reason, rank
from picked order by part, o1, o2`;
}

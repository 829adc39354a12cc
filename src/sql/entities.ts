// SQL of the entity draw (contract v1, SPEC §5) over a relation of entity rows, for PostgreSQL and DuckDB:
// the frame decisions, strata, sizes, selection and reserve, and the draw as one standalone query. Pure string
// building: no connection here.
import type { DrawConfig } from "../draw/config.js";
import { addDays } from "../model/dates.js";
import type { HistoryInput } from "../model/tables.js";
import { type Dialect, lit } from "./dialect.js";
import { canonicalCte, type EntityRelation, problemsExpr, q, rowsCte, textCte } from "./rows.js";

export * from "./rows.js";

/** The history exclusions of the task, decided as the draw decides them: entity id → reason. */
export function historyExclusions(config: DrawConfig, history: HistoryInput): Map<string, string> {
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
  /**
   * Per stratum, a ticket (13 hex digits) below which the stratum's selected and reserve rows are expected: only
   * rows below it are ranked ({@link cutShortfallSql} tells the strata where that was not enough).
   */
  readonly cuts?: ReadonlyMap<string, string>;
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
  const cuts =
    x.cuts && x.cuts.size > 0
      ? `cuts (ck, cut) as (values ${[...x.cuts].map(([k, c]) => `(${lit(k)}, ${lit(c)})`).join(", ")})`
      : undefined;
  return [
    r,
    rel?.materialized
      ? `f as (select * from d where decision = 'frame')`
      : `f as (select d.*, ${ticketExpr(d)} as ticket from d, k where decision = 'frame')`,
    `n as (select stratum, count(*) as population from f group by stratum)`,
    `s0 as (select n.stratum, n.population, cast(coalesce(r1.num, r2.num, r3.num) as bigint) as num, cast(coalesce(r1.den, r2.den, r3.den) as bigint) as den from n left join rates r1 on r1.rk = n.stratum left join rates r2 on r2.rk = split_part(n.stratum, '|', 1) left join rates r3 on r3.rk = '*')`,
    `s1 as (select s0.*, ${n} as size from s0)`,
    `s as (select s1.*, ${d.intDiv(`size * ${res.num} + ${res.den} - 1`, `${res.den}`)} as reserve_size from s1)`,
    ...(cuts ? [cuts] : []),
    `x as (select f.*, row_number() over (partition by f.stratum order by ${d.bytewise("f.ticket")}, ${d.utf8(
      "f.id",
    )}) as rk from f${cuts ? ` left join cuts on cuts.ck = f.stratum where cuts.cut is null or f.ticket${d.name === "postgres" ? ' collate "C"' : ""} < cuts.cut` : ""})`,
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

/** The strata whose rows below their cut are fewer than their selected and reserve rows (then rank them all). */
export function cutShortfallSql(d: Dialect, rel: EntityRelation, x: DrawSqlInput): string {
  return `with ${rowsCte(d, rel)}, ${decisionCtes(d, x, rel)}, ${selectionCtes(
    d,
    x,
    rel,
  )} select s.stratum from s left join (select stratum, count(*) as c from x group by stratum) y on y.stratum = s.stratum where coalesce(y.c, 0) < least(s.size + s.reserve_size, s.population)`;
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

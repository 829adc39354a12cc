// SQL over a relation of entity rows, for PostgreSQL and DuckDB: the rows as text, their validation (as the
// file readers validate), their canonical values and the content digest (content@1). Pure string building.

import { KINDS, STATUSES } from "../model/cells.js";
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

/** The values the file readers accept for `kind` and `status`, and their canonical value (the same tables). */
const KIND_VALUES: Readonly<Record<string, string>> = KINDS;
const STATUS_VALUES: Readonly<Record<string, string>> = STATUSES;

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
export function textCte(d: Dialect, rel: EntityRelation): string {
  const cols = CONTENT_COLUMNS.map((k) => {
    const c = rel.columns.get(k);
    if (!c) return `cast(null as varchar) as ${d.ident(k)}`;
    const src = `s.${d.ident(c.name)}`;
    return `${c.list ? d.joinList(src) : `cast(${src} as varchar)`} as ${d.ident(k)}`;
  });
  return `t as (select ${cols.join(", ")} from ${rel.from} s)`;
}

/** A canonical column, quoted. */
export const q = (d: Dialect, k: EntityColumn) => d.ident(k);

/** `c`: the canonical values of valid rows (kind and status in English, weight in decimal, tags by `;`). */
export function canonicalCte(d: Dialect, problems?: string): string {
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
export function rowsCte(d: Dialect, rel: EntityRelation): string {
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
export function problemsExpr(d: Dialect, riskClasses?: readonly string[]): string {
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

/** `r`: the record digest (content@1) of each valid row — raw bytes in PostgreSQL, hex digits in DuckDB. */
function recordDigestCtes(d: Dialect, rel: EntityRelation): string {
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
  const rec = d.name === "postgres" ? d.sha256Bytes(d.utf8(`(${line})`)) : d.sha256Hex(d.utf8(`(${line})`));
  return `${rowsCte(d, rel)}, r as (select ${rec} as r from c)`;
}

/**
 * The content digest (content@1) of the (valid) rows, and their count, in one value computed in the database:
 * the sorted record digests are joined into one byte string first, so this is for up to
 * {@link SINGLE_DIGEST_ROWS} rows (PostgreSQL's values end at 1 GB, DuckDB's at 4 GB); above that see
 * {@link contentDigestChunksSql}.
 */
export function contentDigestSql(d: Dialect, rel: EntityRelation): string {
  const agg =
    d.name === "postgres"
      ? `encode(sha256(coalesce(string_agg(r, ''::bytea order by r), ''::bytea)), 'hex')`
      : `sha256(unhex(coalesce(string_agg(r, '' order by r), '')))`;
  return `with ${recordDigestCtes(d, rel)} select ${agg} as digest, count(*) as n from r`;
}

/** Rows up to which {@link contentDigestSql} joins the record digests in one value (512 MiB of digests). */
export const SINGLE_DIGEST_ROWS = 2 ** 24;

/** How many valid rows {@link contentDigestSql} digests (to choose between it and the chunked form). */
export function validRowsSql(d: Dialect, rel: EntityRelation): string {
  return `with ${rowsCte(d, rel)} select count(*) as n from c`;
}

/**
 * For a directory of any size: a temporary table `table` holding the sorted record digests joined in chunks
 * of `chunkRows` (column `g` the chunk's number from 0, `part` the chunk — raw bytes in PostgreSQL, hex digits
 * in DuckDB — and `n` its rows). content@1 is the SHA-256 of the parts in the order of `g`, computed by the
 * caller as it reads them one by one ({@link chunkSql}).
 */
export function contentDigestChunksSql(
  d: Dialect,
  rel: EntityRelation,
  table: string,
  chunkRows: number,
): string {
  const agg = d.name === "postgres" ? `string_agg(r, ''::bytea order by r)` : `string_agg(r, '' order by r)`;
  const g = d.intDiv("row_number() over (order by r) - 1", String(Math.max(1, Math.floor(chunkRows))));
  return `create temporary table ${table} as with ${recordDigestCtes(d, rel)}, k as (select r, ${g} as g from r) select g, ${agg} as part, count(*) as n from k group by g`;
}

/** One chunk of a table made by {@link contentDigestChunksSql}. */
export function chunkSql(table: string, g: number): string {
  return `select part, n from ${table} where g = ${Math.floor(g)}`;
}

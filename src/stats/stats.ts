import { compareUtf8 } from "../draw/ticket.js";
import { DEFAULT_RESULT_CATEGORIES } from "../model/schemas.js";
import type { Entity } from "../model/types.js";
import type { Plan } from "../plan/schema.js";
import { deadlineReport, type InspectionResult } from "../results/intake.js";

/** Result categories that are not findings (no problem found, or the entity no longer operates). */
export const NOT_A_FINDING: readonly string[] = [
  "未发现问题",
  "未发现开展本次抽查涉及的经营活动",
  "已关闭停业或正在组织清算",
  "已注销",
  "已被吊销营业执照",
];

/** A result as the statistics read it: a validated result, with its publication date when the file gives one. */
export type StatsResult = InspectionResult & { readonly publishedOn?: string };

/** One plan with its results. */
export interface StatsPlan {
  readonly plan: Plan;
  readonly results: readonly StatsResult[];
}

/** What the statistics are computed from. */
export interface StatsInput {
  readonly plans: readonly StatsPlan[];
  /** The date the statistics are as of (publication deadlines after it are not yet due). */
  readonly asOf: string;
  /** The directory (denominators of coverage); active entities count. Absent: coverage has no denominator. */
  readonly population?: readonly Pick<Entity, "id" | "riskClass" | "region" | "status">[];
  readonly regionName?: (code: string) => string | undefined;
  /** The year's plan as filed (`annual-plan.json` lines), for the completion of each planned task. */
  readonly annual?: {
    readonly lines: readonly { readonly taskId: string; readonly name: string; readonly count: number }[];
  };
}

/** One task of the annual plan: planned entities, and what was drawn and recorded. */
export interface CompletionStat {
  readonly taskId: string;
  readonly name: string;
  /** 数量 of the annual plan. */
  readonly planned: number;
  /** Entities drawn by the task's plan, when it is among the plans given. */
  readonly drawn?: number;
  /** Entities with at least one result. */
  readonly inspected?: number;
}

/** Coverage of one group: entities planned (drawn) and inspected (with a result) against its population. */
export interface CoverageStat {
  readonly key: string;
  readonly label: string;
  /** Active entities of the group in the directory, when it was given. */
  readonly population?: number;
  /** Distinct entities drawn. */
  readonly planned: number;
  /** Distinct entities with at least one result. */
  readonly inspected: number;
}

/** One result category: how many results carry it. */
export interface CategoryStat {
  readonly category: string;
  readonly count: number;
  /** Whether it is a finding (not in {@link NOT_A_FINDING}). */
  readonly finding: boolean;
}

/** Publication of results against their 20-working-day deadlines, as of a date. */
export interface PublicationStat {
  /** Results published by their deadline (publication date given and ≤ deadline). */
  readonly onTime: number;
  /** Results published after their deadline. */
  readonly late: number;
  /** Results recorded without a publication date (cannot be judged). */
  readonly undated: number;
  /** Planned inspections without a result whose deadline has passed. */
  readonly overdue: number;
  /** Planned inspections without a result, not yet due. */
  readonly pending: number;
}

/** The year-end statistics of one or more plans. */
export interface YearStats {
  readonly asOf: string;
  readonly plans: readonly {
    readonly taskId: string;
    readonly taskName: string;
    readonly department: string;
    readonly start: string;
    readonly end: string;
    readonly selected: number;
    readonly results: number;
  }[];
  readonly total: CoverageStat;
  readonly byClass: readonly CoverageStat[];
  readonly byRegion: readonly CoverageStat[];
  readonly byItem: readonly CoverageStat[];
  readonly categories: readonly CategoryStat[];
  /** Per department (the department of each item: 谁检查、谁录入、谁公开): planned inspections, results, findings. */
  readonly byDepartment: readonly {
    readonly department: string;
    readonly planned: number;
    readonly results: number;
    readonly withFinding: number;
  }[];
  /** Results, and those with at least one finding. */
  readonly findings: { readonly results: number; readonly withFinding: number };
  readonly publication: PublicationStat;
  /** Inspector replacements after the draw (回避), by reason. */
  readonly recusals: readonly { readonly reason: string; readonly count: number }[];
  /** Entity replacements from the reserve (递补), by reason. */
  readonly replacements: readonly { readonly reason: string; readonly count: number }[];
  /** Completion of the annual plan's tasks (when the annual plan was given). */
  readonly completion?: readonly CompletionStat[];
}

function countBy<T>(xs: readonly T[], key: (x: T) => string): { reason: string; count: number }[] {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return [...m]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || compareUtf8(a.reason, b.reason));
}

/**
 * Year-end statistics over plans and their results: coverage by risk class, region and item (drawn and
 * inspected, against the directory when given), result categories and the share of results with a finding,
 * publication against deadlines as of a date, recusals and replacements. Pure: the date is an argument.
 */
export function yearStats(input: StatsInput): YearStats {
  const regionName = input.regionName ?? (() => undefined);
  const planned = new Map<string, { riskClass: string; region: string }>();
  const inspected = new Set<string>();
  const itemPlanned = new Map<string, Set<string>>();
  const itemDone = new Map<string, Set<string>>();
  const itemNames = new Map<string, string>();
  const cats = new Map<string, number>();
  const pub = { onTime: 0, late: 0, undated: 0, overdue: 0, pending: 0 };
  let withFinding = 0;
  let results = 0;
  const recusals: { reason: string }[] = [];
  const depts = new Map<string, { planned: number; results: number; withFinding: number }>();
  const dept = (d: string) => {
    let v = depts.get(d);
    if (!v) {
      v = { planned: 0, results: 0, withFinding: 0 };
      depts.set(d, v);
    }
    return v;
  };
  const replacements: { reason: string }[] = [];
  for (const { plan, results: rs } of input.plans) {
    for (const it of plan.items) {
      itemNames.set(it.id, it.name);
      dept(it.department).planned += plan.selected.length;
    }
    const itemDept = new Map(plan.items.map((i) => [i.id, i.department]));
    for (const s of plan.selected) {
      planned.set(s.entityId, { riskClass: s.riskClass, region: s.region });
      for (const it of plan.items) {
        const set = itemPlanned.get(it.id) ?? new Set<string>();
        set.add(s.entityId);
        itemPlanned.set(it.id, set);
      }
    }
    for (const r of rs) {
      results++;
      inspected.add(r.entityId);
      const set = itemDone.get(r.itemId) ?? new Set<string>();
      set.add(r.entityId);
      itemDone.set(r.itemId, set);
      for (const c of r.categories) cats.set(c, (cats.get(c) ?? 0) + 1);
      const finding = r.categories.some((c) => !NOT_A_FINDING.includes(c));
      if (finding) withFinding++;
      // the result's own 检查实施机关 when the results give it, else its item's department
      const d = dept((r as { department?: string }).department || (itemDept.get(r.itemId) ?? ""));
      d.results++;
      if (finding) d.withFinding++;
      if (r.publishedOn === undefined || r.publishedOn === "") pub.undated++;
      else if (r.publishedOn <= r.publishBy) pub.onTime++;
      else pub.late++;
    }
    for (const d of deadlineReport(plan, rs, input.asOf)) {
      if (d.status === "overdue") pub.overdue++;
      else if (d.status === "pending") pub.pending++;
    }
    for (const x of plan.replacements) (x.type === "inspector" ? recusals : replacements).push(x);
  }
  // populations
  const popClass = new Map<string, number>();
  const popRegion = new Map<string, number>();
  let popTotal: number | undefined;
  const activeIds = new Set<string>();
  if (input.population) {
    popTotal = 0;
    for (const e of input.population) {
      if (e.status !== "active" || activeIds.has(e.id)) continue;
      activeIds.add(e.id);
      popTotal++;
      popClass.set(e.riskClass, (popClass.get(e.riskClass) ?? 0) + 1);
      popRegion.set(e.region, (popRegion.get(e.region) ?? 0) + 1);
    }
  }
  const group = (
    keyOf: (x: { riskClass: string; region: string }) => string,
    pop: Map<string, number>,
    label: (k: string) => string,
  ): CoverageStat[] => {
    const p = new Map<string, number>();
    const d = new Map<string, number>();
    for (const [id, x] of planned) {
      const k = keyOf(x);
      p.set(k, (p.get(k) ?? 0) + 1);
      if (inspected.has(id)) d.set(k, (d.get(k) ?? 0) + 1);
    }
    const keys = [...new Set([...p.keys(), ...pop.keys()])].sort(compareUtf8);
    return keys.map((k) => {
      const o: { -readonly [K in keyof CoverageStat]: CoverageStat[K] } = {
        key: k,
        label: label(k),
        planned: p.get(k) ?? 0,
        inspected: d.get(k) ?? 0,
      };
      if (input.population) o.population = pop.get(k) ?? 0;
      return o;
    });
  };
  const byClass = group(
    (x) => x.riskClass,
    popClass,
    (k) => `${k}类`,
  );
  const byRegion = group(
    (x) => x.region,
    popRegion,
    (k) => `${regionName(k) ?? "（未知区划）"}（${k}）`,
  );
  const byItem = [...itemPlanned.keys()].sort(compareUtf8).map((id) => {
    const o: { -readonly [K in keyof CoverageStat]: CoverageStat[K] } = {
      key: id,
      label: `${itemNames.get(id) ?? id}（${id}）`,
      planned: itemPlanned.get(id)!.size,
      inspected: itemDone.get(id)?.size ?? 0,
    };
    if (popTotal !== undefined) o.population = popTotal;
    return o;
  });
  const total: { -readonly [K in keyof CoverageStat]: CoverageStat[K] } = {
    key: "",
    label: "合计",
    planned: planned.size,
    inspected: [...planned.keys()].filter((id) => inspected.has(id)).length,
  };
  if (popTotal !== undefined) total.population = popTotal;
  const order = [...DEFAULT_RESULT_CATEGORIES];
  const categories = [...cats]
    .map(([category, count]) => ({ category, count, finding: !NOT_A_FINDING.includes(category) }))
    .sort((a, b) => {
      const ia = order.indexOf(a.category);
      const ib = order.indexOf(b.category);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || compareUtf8(a.category, b.category);
    });
  const byTask = new Map(input.plans.map((p) => [p.plan.taskId, p]));
  const completion = input.annual?.lines.map((l) => {
    const p = byTask.get(l.taskId);
    const o: { -readonly [K in keyof CompletionStat]: CompletionStat[K] } = {
      taskId: l.taskId,
      name: l.name,
      planned: l.count,
    };
    if (p) {
      o.drawn = p.plan.selected.length;
      o.inspected = new Set(p.results.map((r) => r.entityId)).size;
    }
    return o;
  });
  return {
    ...(completion === undefined ? {} : { completion }),
    asOf: input.asOf,
    plans: input.plans.map(({ plan, results: rs }) => ({
      taskId: plan.taskId,
      taskName: plan.taskName,
      department: plan.department,
      start: plan.task.schedule.start,
      end: plan.task.schedule.end,
      selected: plan.selected.length,
      results: rs.length,
    })),
    total,
    byClass,
    byRegion,
    byItem,
    categories,
    byDepartment: [...depts]
      .map(([department, v]) => ({ department, ...v }))
      .sort((a, b) => compareUtf8(a.department, b.department)),
    findings: { results, withFinding },
    publication: pub,
    recusals: countBy(recusals, (x) => x.reason),
    replacements: countBy(replacements, (x) => x.reason),
  };
}

/** `a / b` as a percent text with one decimal (`"12.5%"`), `"—"` when `b` is 0 or unknown. */
export function share(a: number, b: number | undefined): string {
  return b === undefined || b === 0 ? "—" : `${((a / b) * 100).toFixed(1)}%`;
}

/** The on-time publication rate: on time / (on time + late + overdue); `undefined` when nothing is judged. */
export function onTimeRate(p: PublicationStat): number | undefined {
  const n = p.onTime + p.late + p.overdue;
  return n === 0 ? undefined : p.onTime / n;
}

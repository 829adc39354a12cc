import { type ExactRate, parseRate } from "../model/decimal.js";
import type { Task } from "../model/schemas.js";
import type { HistoryInput } from "../model/tables.js";
import type { Entity, Inspector, Item } from "../model/types.js";
import type { WorkingCalendar } from "../schedule/calendar.js";
import { hasErrors, type Issue, issue } from "../util/issue.js";
import { checkDepartments, checkItems, checkOverlaps, checkWindows } from "./checks.js";
import { type CoverageTable, coverageTable, percentText } from "./coverage.js";
import { projectTask, type TaskProjection } from "./project.js";
import { type Annual, FLOOR_GROUPS, type Floor } from "./schema.js";
import { type ResolvedTask, resolveTasks } from "./tasks.js";

/** Everything an annual plan is checked against. The edge reads the files; this only computes. */
export interface AnnualInput {
  readonly annual: Annual;
  /** The annual file's name as given (for issue locations). */
  readonly file?: string;
  readonly entities: readonly Entity[];
  readonly inspectors: readonly Inspector[];
  readonly items: readonly Item[];
  readonly history?: HistoryInput;
  readonly calendar: WorkingCalendar;
  /** Maps an input path of the annual file to the path its task files should hold [unchanged]. */
  readonly rebase?: (path: string) => string;
  /** Display name of a region code. */
  readonly regionName?: (code: string) => string | undefined;
}

/** One line of the plan document (备案): the columns a bureau files. */
export interface AnnualLine {
  readonly taskId: string;
  readonly name: string;
  /** 检查主体. */
  readonly inspectingBody: string;
  /** 事项 (names, with ids). */
  readonly items: readonly { readonly id: string; readonly name: string; readonly basis: string }[];
  /** 抽查方式: 不定向 or 定向 with its filters in words. */
  readonly scope: string;
  /** 比例, in words (`A类 3%；B类 5%`). */
  readonly rates: string;
  /** 频次. */
  readonly frequency: string;
  /** 数量: entities the draw will take (random + 必查), exact before the seed. */
  readonly count: number;
  readonly forced: number;
  readonly start: string;
  readonly end: string;
  readonly lead: string;
  readonly participants: readonly string[];
}

/** The checked annual plan: document lines, coverage, floors, and the task files the draws use. */
export interface AnnualPlan {
  readonly format: "double-random/annual-plan@1";
  readonly year: number;
  readonly name: string;
  readonly department: string;
  readonly filedWith?: string;
  readonly lines: readonly AnnualLine[];
  /** Coverage of every planned item (total, per class, per region). */
  readonly coverage: readonly CoverageTable[];
  /** The floors, each with its required counts and shortfalls. */
  readonly floors: readonly CoverageTable[];
  /** Task files (SPEC §4), in the annual file's order. */
  readonly tasks: readonly Task[];
  readonly issues: readonly Issue[];
}

/** The national floor applied when an annual file names none (企业公示信息抽查办法 第七条: ≥3% a year). */
export function defaultFloors(items: readonly Item[]): Floor[] {
  const pub = items.filter((i) => i.name.includes("公示信息") || i.specialties.includes("企业公示信息"));
  if (pub.length === 0) return [];
  return [
    {
      label: "全国下限：企业公示信息每年抽查比例不低于3%",
      basis: "《企业公示信息抽查办法》第七条",
      items: pub.map((i) => i.id),
      rate: "3%",
    },
  ];
}

/**
 * Check an annual plan before any draw and make its task files: projected coverage per risk class, per region
 * and in total against the floors (a shortfall is an error naming the missing entities), the same item
 * planned twice for the same entities, departments without enough certified inspectors, windows the calendar
 * cannot serve. Pure: the projection draws with a fixed seed, which changes no count.
 * @returns the plan (also when it has errors, so the coverage can be shown) or only issues when it cannot be projected
 */
export async function planAnnual(
  input: AnnualInput,
): Promise<{ ok: true; plan: AnnualPlan; issues: Issue[] } | { ok: false; issues: Issue[] }> {
  const file = input.file ?? "annual.json";
  const { annual, entities } = input;
  const history = input.history ?? [];
  const resolved = resolveTasks(annual, input.calendar, input.rebase ?? ((p) => p), file);
  const issues: Issue[] = [...resolved.issues];
  issues.push(...checkItems(resolved.tasks, input.items, file));
  const projections: TaskProjection[] = [];
  for (const t of resolved.tasks) {
    const p = await projectTask(t.task, entities, history, file);
    if (!p.ok) {
      issues.push(...p.issues.map((i) => ({ ...i, message: `任务 ${t.task.id}：${i.message}` })));
      continue;
    }
    projections.push(p.projection);
  }
  if (hasErrors(issues)) return { ok: false, issues };
  const byId = new Map(projections.map((p) => [p.taskId, p]));
  issues.push(...checkWindows(resolved.tasks, input.calendar, file));
  issues.push(...checkOverlaps(resolved.tasks, projections, entities, file));
  issues.push(...checkDepartments(resolved.tasks, byId, input.inspectors, file));

  const names = input.regionName;
  const planned = [...new Set(resolved.tasks.flatMap((t) => t.task.items))];
  const itemById = new Map(input.items.map((i) => [i.id, i]));
  const coverage = planned.map((id) =>
    coverageTable(
      { label: `${itemById.get(id)?.name ?? id}（${id}）`, items: [id], mode: "any", over: FLOOR_GROUPS },
      entities,
      projections,
      names,
    ),
  );
  const floorsGiven = annual.floors;
  const floorSpecs = floorsGiven ?? defaultFloors(input.items);
  if (floorsGiven === undefined && floorSpecs.length === 0) {
    issues.push(
      issue(
        "no-floor-item",
        "事项清单中没有企业公示信息抽查事项，未检查全国3%的年度下限；如需检查其他下限，请在 floors 中给出",
        { file, key: "floors" },
        "warning",
      ),
    );
  }
  const floors: CoverageTable[] = [];
  floorSpecs.forEach((f, k) => {
    const rate = parseRate(f.rate) as ExactRate | string;
    if (typeof rate === "string") {
      issues.push(issue("invalid-rate", rate, { file, key: `floors[${k}].rate`, received: String(f.rate) }));
      return;
    }
    const table = coverageTable(
      {
        label: f.basis ? `${f.label}（${f.basis}）` : f.label,
        items: f.items,
        mode: f.mode ?? "any",
        population: f.population,
        rate,
        over: f.over ?? FLOOR_GROUPS,
      },
      entities,
      projections,
      names,
    );
    floors.push(table);
    for (const r of table.rows) {
      if ((r.shortfall ?? 0) === 0) continue;
      const what =
        r.group === "total" ? "全部检查对象" : r.group === "riskClass" ? `信用风险${r.label}` : r.label;
      issues.push(
        issue(
          "coverage-below-floor",
          `${annual.year}年事项 ${f.items.join("、")} 对${what}的${r.exact ? "" : "预计"}抽查数为 ${r.projected} 户` +
            `（${percentText(r.projected, r.population)}，共 ${r.population} 户），低于“${f.label}”的 ${table.rate}` +
            `（至少 ${r.required} 户），缺 ${r.shortfall} 户`,
          { file, key: `floors[${k}]`, received: r.key || "total" },
        ),
      );
    }
  });
  const lines = resolved.tasks.map((t) => line(annual, t, byId.get(t.task.id)!, itemById, names));
  const plan: AnnualPlan = {
    format: "double-random/annual-plan@1",
    year: annual.year,
    name: annual.name,
    department: annual.department,
    ...(annual.filedWith === undefined ? {} : { filedWith: annual.filedWith }),
    lines,
    coverage,
    floors,
    tasks: resolved.tasks.map((t) => t.task),
    issues: issues.map((i) => ({ ...i })),
  };
  return { ok: true, plan, issues };
}

function line(
  annual: Annual,
  t: ResolvedTask,
  p: TaskProjection,
  items: ReadonlyMap<string, Item>,
  regionName?: (code: string) => string | undefined,
): AnnualLine {
  const s = t.task.sampling;
  const rates = s.rates
    ? Object.entries(s.rates)
        .map(
          ([k, v]) =>
            `${k === "*" ? "其他" : `${k}类`} ${typeof v === "number" ? `${+(v * 100).toFixed(4)}%` : v}`,
        )
        .join("；")
    : `共 ${s.size ?? 0} 户（按类别权重分配）`;
  return {
    taskId: t.task.id,
    name: t.task.name,
    inspectingBody: [t.lead, ...t.participants].join("、") || annual.department,
    items: t.task.items.map((id) => ({
      id,
      name: items.get(id)?.name ?? id,
      basis: items.get(id)?.basis ?? "",
    })),
    scope: scopeText(t.task, regionName),
    rates,
    frequency: t.frequency,
    count: p.sampleSize,
    forced: p.forced,
    start: t.task.schedule.start,
    end: t.task.schedule.end,
    lead: t.lead,
    participants: t.participants,
  };
}

const KIND_ZH: Record<string, string> = {
  enterprise: "企业",
  individual: "个体工商户",
  cooperative: "农民专业合作社",
  other: "其他主体",
};

/** A task's scope in words: 不定向, or 定向 with its filters (region prefixes named when known). */
export function scopeText(
  task: Task,
  regionName: (code: string) => string | undefined = () => undefined,
): string {
  if (task.scope.mode === "undirected") return "不定向";
  const f = task.scope.filters;
  const parts: string[] = [];
  if (f.kind) parts.push(`主体类型：${f.kind.map((k) => KIND_ZH[k] ?? k).join("、")}`);
  if (f.regionPrefix)
    parts.push(
      `区划：${f.regionPrefix.map((r) => (regionName(r) ? `${regionName(r)}（${r}）` : r)).join("、")}`,
    );
  if (f.industry) parts.push(`行业：${f.industry.join("、")}`);
  if (f.industryPrefix) parts.push(`行业大类：${f.industryPrefix.join("、")}`);
  if (f.tags) parts.push(`标签：${f.tags.join("、")}`);
  if (f.riskClass) parts.push(`信用风险分类：${f.riskClass.join("、")}`);
  if (f.registeredBefore) parts.push(`${f.registeredBefore} 前成立`);
  if (f.registeredAfter) parts.push(`${f.registeredAfter} 后成立`);
  return `定向（${parts.join("；")}）`;
}

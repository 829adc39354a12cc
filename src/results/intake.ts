import type { ColumnDef } from "../model/columns.js";
import { isIsoDate } from "../model/dates.js";
import { DEFAULT_RESULT_CATEGORIES } from "../model/schemas.js";
import type { Plan } from "../plan/schema.js";
import type { WorkingCalendar } from "../schedule/calendar.js";
import { publishWithinWorkingDays } from "../schedule/deadline.js";
import { type Issue, issue } from "../util/issue.js";
import { contradiction, followUpRule, itemResultCategories } from "./categories.js";

/** A follow-up (后续处置) one result requires, with its deadline where the rules set one. */
export interface FollowUp {
  readonly category: string;
  readonly action: string;
  readonly basis: string;
  /** Deadline (inclusive), computed on the working-day calendar from the inspection end date; absent when the rules give none that runs from it. */
  readonly due?: string;
  /** Working days counted from the inspection end date, when `due` is set. */
  readonly workingDays?: number;
  /** How the deadline runs when it is not computed here. */
  readonly deadlineNote?: string;
}

/** One validated inspection result (抽查结果). */
export interface InspectionResult {
  readonly entityId: string;
  readonly itemId: string;
  /** 检查实施机关: the department that checked, records and publishes the result (谁检查、谁公开). */
  readonly department: string;
  /** One or more categories from the item's list (multi-select). */
  readonly categories: readonly string[];
  /** Inspection end date (检查完成日期). */
  readonly finishedOn: string;
  /** Publication deadline: the N-th working day after `finishedOn`. */
  readonly publishBy: string;
  /** Follow-ups the categories require. */
  readonly followUps: readonly FollowUp[];
  readonly note: string;
  readonly row: number;
}

/** Columns of a results file: canonical key → Chinese names (documented in docs/results.md). */
export const RESULT_COLUMNS: readonly ColumnDef[] = [
  { key: "entityId", zh: ["统一社会信用代码"], required: true },
  { key: "itemId", zh: ["事项编号"], required: true },
  { key: "categories", zh: ["检查结果"], required: true },
  { key: "finishedOn", zh: ["检查完成日期", "检查结束日期"], required: true },
  { key: "department", zh: ["检查实施机关", "实施机关"], required: false },
  { key: "note", zh: ["备注"], required: false },
];

/** Options of {@link validateResults}. */
export interface ValidateResultsOptions {
  /** The day the results are taken as of: a result finished after it is refused. */
  readonly asOf?: string | undefined;
}

/**
 * Validate raw result rows (canonical keys) against a plan: the entity must be in the plan, the item one of its
 * items and the 检查实施机关 (when given) that item's department; each category one the item admits
 * ({@link itemResultCategories}), in a combination that can stand ({@link contradiction}); the end date inside
 * the task window and not after `asOf`. Each result gets its publication deadline and the follow-ups its
 * categories require, computed on the working-day calendar.
 */
export function validateResults(
  plan: Plan,
  rows: readonly { row: number; record: Readonly<Record<string, string>> }[],
  calendar: WorkingCalendar,
  file: string,
  options: ValidateResultsOptions = {},
): { results: InspectionResult[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const results: InspectionResult[] = [];
  const selected = new Set(plan.selected.map((s) => s.entityId));
  const items = new Map(plan.items.map((i) => [i.id, i]));
  const configured = plan.task.publication?.resultCategories ?? DEFAULT_RESULT_CATEGORIES;
  const known = new Set(configured);
  for (const it of plan.items)
    for (const c of it.resultCategories ?? [])
      if (!known.has(c))
        issues.push(
          issue("unknown-category", `事项 ${it.id} 声明的检查结果类别“${c}”不在本任务的检查结果类别清单中`, {
            column: "items.resultCategories",
            received: c,
          }),
        );
  const { start, end } = plan.task.schedule;
  const N = publishWithinWorkingDays(plan.task);
  const seen = new Set<string>();
  for (const { row, record } of rows) {
    const at = (column: string, received?: string) =>
      received === undefined ? { file, row, column } : { file, row, column, received };
    const before = issues.length;
    const entityId = record.entityId ?? "";
    const itemId = record.itemId ?? "";
    const finishedOn = record.finishedOn ?? "";
    const item = items.get(itemId);
    if (!selected.has(entityId))
      issues.push(
        issue("unknown-entity", `${entityId || "（空）"} 不是本计划的抽查对象`, at("entityId", entityId)),
      );
    if (item === undefined)
      issues.push(issue("unknown-item", `${itemId || "（空）"} 不是本计划的抽查事项`, at("itemId", itemId)));
    const department = record.department || item?.department || "";
    if (item !== undefined && record.department && record.department !== item.department)
      issues.push(
        issue(
          "department-mismatch",
          `事项 ${itemId} 由${item.department}检查并公示（谁检查、谁公开），本行的检查实施机关为“${record.department}”`,
          at("department", record.department),
        ),
      );
    const cats = (record.categories ?? "").split(/[;；]/).filter((c) => c !== "");
    if (cats.length === 0) issues.push(issue("missing-value", "检查结果不能为空", at("categories")));
    const applicable = item ? new Set(itemResultCategories(item, configured)) : undefined;
    for (const c of cats) {
      if (!known.has(c))
        issues.push(issue("unknown-category", `未知的检查结果类别“${c}”`, at("categories", c)));
      else if (applicable !== undefined && !applicable.has(c))
        issues.push(
          issue(
            "category-not-applicable",
            `检查结果“${c}”不适用于事项 ${itemId}（${item!.name}）；可用：${[...applicable].join("、")}`,
            at("categories", c),
          ),
        );
    }
    const bad = contradiction(cats);
    if (bad !== undefined)
      issues.push(issue("contradictory-categories", bad, at("categories", cats.join("；"))));
    if (!isIsoDate(finishedOn)) {
      issues.push(
        issue(
          "invalid-date",
          `检查完成日期无效（应为 YYYY-MM-DD）：${finishedOn}`,
          at("finishedOn", finishedOn),
        ),
      );
    } else if (finishedOn < start || finishedOn > end) {
      issues.push(
        issue(
          "date-outside-window",
          `检查完成日期 ${finishedOn} 不在任务时间 ${start}~${end} 内`,
          at("finishedOn", finishedOn),
        ),
      );
    } else if (options.asOf !== undefined && finishedOn > options.asOf) {
      issues.push(
        issue(
          "date-after-as-of",
          `检查完成日期 ${finishedOn} 晚于结果登记截止日 ${options.asOf}：尚未发生的检查不能登记结果`,
          at("finishedOn", finishedOn),
        ),
      );
    }
    const key = `${entityId}\u0000${itemId}`;
    if (seen.has(key))
      issues.push(
        issue("duplicate-result", `${entityId} 的事项 ${itemId} 结果重复`, at("entityId", entityId)),
      );
    seen.add(key);
    if (issues.length > before) continue;
    const by = calendar.addWorkingDays(finishedOn, N);
    if (!by.ok) {
      issues.push(...by.issues.map((i) => ({ ...i, file, row })));
      continue;
    }
    const followUps: FollowUp[] = [];
    let failed = false;
    for (const c of cats) {
      const rule = followUpRule(c, department);
      if (rule === undefined) continue;
      const f: { -readonly [K in keyof FollowUp]: FollowUp[K] } = {
        category: c,
        action: rule.action,
        basis: rule.basis,
      };
      if (rule.workingDays === "publication") {
        f.due = by.value;
        f.workingDays = N;
      } else if (rule.workingDays !== undefined) {
        const due = calendar.addWorkingDays(finishedOn, rule.workingDays);
        if (!due.ok) {
          for (const i of due.issues) issues.push({ ...i, file, row });
          failed = true;
          continue;
        }
        f.due = due.value;
        f.workingDays = rule.workingDays;
      }
      if (rule.deadlineNote !== undefined) f.deadlineNote = rule.deadlineNote;
      followUps.push(f);
    }
    if (failed) continue;
    results.push({
      entityId,
      itemId,
      department,
      categories: cats,
      finishedOn,
      publishBy: by.value,
      followUps,
      note: record.note ?? "",
      row,
    });
  }
  return { results, issues };
}

/** One line of the deadline report: a result's publication, or a follow-up one of its categories requires. */
export interface DeadlineLine {
  readonly entityId: string;
  readonly itemId: string;
  /** 检查实施机关. */
  readonly department: string;
  /** `publication`: the result's 公示 (抽查办法 第12条); `follow-up`: a 后续处置. */
  readonly kind: "publication" | "follow-up";
  /** What is due (the follow-up's action; for publication, the 公示 of the result). */
  readonly action: string;
  /**
   * Publication: `ready` when a result is in, `pending` when not yet, `overdue` when past its deadline without
   * one. Follow-up: `open` until its deadline, `past-due` after it (the report cannot know whether it was done).
   */
  readonly status: "ready" | "pending" | "overdue" | "open" | "past-due";
  /** Deadline (inclusive); empty when the rules set none that runs from the inspection. */
  readonly due: string;
  readonly finishedOn?: string;
  readonly basis?: string;
  readonly deadlineNote?: string;
}

/**
 * Which results and follow-ups are due when, and which are past due as of `asOf` (a date argument — the core
 * reads no clock). Without a result, the due date is the plan's `publishBy` for the visit.
 */
export function deadlineReport(
  plan: Plan,
  results: readonly InspectionResult[],
  asOf: string,
): DeadlineLine[] {
  const got = new Map(results.map((r) => [`${r.entityId}\u0000${r.itemId}`, r]));
  const when = new Map(plan.schedule.map((s) => [s.entityId, s]));
  const out: DeadlineLine[] = [];
  const PUBLISH = "将检查结果记录于企业公示信息（国家企业信用信息公示系统）";
  for (const s of plan.selected) {
    for (const it of plan.items) {
      const r = got.get(`${s.entityId}\u0000${it.id}`);
      const base = { entityId: s.entityId, itemId: it.id, department: r?.department ?? it.department };
      if (r) {
        out.push({
          ...base,
          kind: "publication",
          action: PUBLISH,
          status: "ready",
          due: r.publishBy,
          finishedOn: r.finishedOn,
        });
        for (const f of r.followUps) {
          const line: { -readonly [K in keyof DeadlineLine]: DeadlineLine[K] } = {
            ...base,
            kind: "follow-up",
            action: `${f.category}：${f.action}`,
            status: f.due !== undefined && asOf > f.due ? "past-due" : "open",
            due: f.due ?? "",
            finishedOn: r.finishedOn,
            basis: f.basis,
          };
          if (f.deadlineNote !== undefined) line.deadlineNote = f.deadlineNote;
          out.push(line);
        }
      } else {
        const due = when.get(s.entityId)?.publishBy ?? "";
        out.push({
          ...base,
          kind: "publication",
          action: PUBLISH,
          status: due !== "" && asOf > due ? "overdue" : "pending",
          due,
        });
      }
    }
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // lines without a computed deadline last; then by entity, item, publication before follow-ups
  return out.sort(
    (a, b) =>
      cmp(a.due || "\uffff", b.due || "\uffff") ||
      cmp(a.entityId, b.entityId) ||
      cmp(a.itemId, b.itemId) ||
      (a.kind === b.kind ? 0 : a.kind === "publication" ? -1 : 1) ||
      cmp(a.action, b.action),
  );
}

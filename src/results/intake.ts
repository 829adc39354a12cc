import { isIsoDate } from "../model/dates.js";
import { DEFAULT_RESULT_CATEGORIES } from "../model/schemas.js";
import type { Plan } from "../plan/schema.js";
import type { WorkingCalendar } from "../schedule/calendar.js";
import { type Issue, issue } from "../util/issue.js";

/** One validated inspection result (抽查结果). */
export interface InspectionResult {
  readonly entityId: string;
  readonly itemId: string;
  /** One or more categories from the configured list (multi-select). */
  readonly categories: readonly string[];
  /** Inspection end date. */
  readonly finishedOn: string;
  /** Publication deadline: the N-th working day after `finishedOn`. */
  readonly publishBy: string;
  readonly note: string;
  readonly row: number;
}

/** Column names accepted in a results CSV: canonical key → Chinese names. */
export const RESULT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  entityId: ["统一社会信用代码"],
  itemId: ["事项编号"],
  categories: ["检查结果"],
  finishedOn: ["检查结束日期"],
  note: ["备注"],
};

/**
 * Validate raw result rows (canonical keys) against a plan: the entity must be in the plan, the item one of
 * its items, each category one of the configured list, and the end date inside the task window.
 */
export function validateResults(
  plan: Plan,
  rows: readonly { row: number; record: Readonly<Record<string, string>> }[],
  calendar: WorkingCalendar,
  file: string,
): { results: InspectionResult[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const results: InspectionResult[] = [];
  const selected = new Set(plan.selected.map((s) => s.entityId));
  const items = new Set(plan.items.map((i) => i.id));
  const categories = new Set(plan.task.publication?.resultCategories ?? DEFAULT_RESULT_CATEGORIES);
  const { start, end } = plan.task.schedule;
  const N = plan.task.schedule.publishWithinWorkingDays ?? 20;
  const seen = new Set<string>();
  for (const { row, record } of rows) {
    const at = (column: string, received?: string) =>
      received === undefined ? { file, row, column } : { file, row, column, received };
    const before = issues.length;
    const entityId = record.entityId ?? "";
    const itemId = record.itemId ?? "";
    const finishedOn = record.finishedOn ?? "";
    if (!selected.has(entityId))
      issues.push(
        issue("unknown-entity", `${entityId || "（空）"} 不是本计划的抽查对象`, at("entityId", entityId)),
      );
    if (!items.has(itemId))
      issues.push(issue("unknown-item", `${itemId || "（空）"} 不是本计划的抽查事项`, at("itemId", itemId)));
    const cats = (record.categories ?? "").split(/[;；]/).filter((c) => c !== "");
    if (cats.length === 0) issues.push(issue("missing-value", "检查结果不能为空", at("categories")));
    for (const c of cats) {
      if (!categories.has(c))
        issues.push(issue("unknown-category", `未知的检查结果类别“${c}”`, at("categories", c)));
    }
    if (!isIsoDate(finishedOn)) {
      issues.push(
        issue(
          "invalid-date",
          `检查结束日期无效（应为 YYYY-MM-DD）：${finishedOn}`,
          at("finishedOn", finishedOn),
        ),
      );
    } else if (finishedOn < start || finishedOn > end) {
      issues.push(
        issue(
          "date-outside-window",
          `检查结束日期 ${finishedOn} 不在任务时间 ${start}~${end} 内`,
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
    results.push({
      entityId,
      itemId,
      categories: cats,
      finishedOn,
      publishBy: by.value,
      note: record.note ?? "",
      row,
    });
  }
  return { results, issues };
}

/** One line of the deadline report. */
export interface DeadlineLine {
  readonly entityId: string;
  readonly itemId: string;
  /** `published-ready` when a result is in; `pending` when not yet; `overdue` when past its deadline without one. */
  readonly status: "ready" | "pending" | "overdue";
  readonly due: string;
  readonly finishedOn?: string;
}

/**
 * Which results are due when, and which are overdue as of `asOf` (a date argument — the core reads no clock).
 * Without a result, the due date is the plan's `publishBy` for the visit.
 */
export function deadlineReport(
  plan: Plan,
  results: readonly InspectionResult[],
  asOf: string,
): DeadlineLine[] {
  const got = new Map(results.map((r) => [`${r.entityId}\u0000${r.itemId}`, r]));
  const when = new Map(plan.schedule.map((s) => [s.entityId, s]));
  const out: DeadlineLine[] = [];
  for (const s of plan.selected) {
    for (const it of plan.items) {
      const r = got.get(`${s.entityId}\u0000${it.id}`);
      if (r)
        out.push({
          entityId: s.entityId,
          itemId: it.id,
          status: "ready",
          due: r.publishBy,
          finishedOn: r.finishedOn,
        });
      else {
        const due = when.get(s.entityId)?.publishBy ?? "";
        out.push({
          entityId: s.entityId,
          itemId: it.id,
          status: due !== "" && asOf > due ? "overdue" : "pending",
          due,
        });
      }
    }
  }
  return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.entityId < b.entityId ? -1 : 1));
}

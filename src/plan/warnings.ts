// Checks of a drawn plan that the draw itself does not make: an empty frame (an error unless the task allows
// it), dates that rest on a provisional calendar, and 必查 entities already inspected for the item this year.
// Pure: called by buildPlan with what it computed.

import { type DrawResult, EXCLUSION_LABELS, type ExclusionReason } from "../draw/draw.js";
import type { Task } from "../model/schemas.js";
import { DEFAULT_RESULT_CATEGORIES } from "../model/schemas.js";
import { type HistoryInput, HistoryTable } from "../model/tables.js";
import type { Item } from "../model/types.js";
import type { WorkingCalendar } from "../schedule/calendar.js";
import { type Issue, issue } from "../util/issue.js";

/** What {@link planChecks} looks at. */
export interface PlanCheckInput {
  readonly task: Task;
  readonly calendar: WorkingCalendar;
  readonly draw: Pick<DrawResult, "accounting" | "excluded" | "selected">;
  /** Visit dates and publication deadlines. */
  readonly schedule: readonly {
    readonly entityId: string;
    readonly date: string;
    readonly publishBy: string;
  }[];
  readonly history: HistoryInput;
  /** The items (their declared result categories are checked against the task's list). */
  readonly items?: readonly Item[];
}

const year = (d: string) => Number(d.slice(0, 4));

/** Codes of the warnings {@link planChecks} adds to `plan.issues`: what the bureau must see before it relies on the plan. */
export const PLAN_WARNING_CODES: readonly string[] = ["provisional-calendar", "forced-inspected-this-year"];

/**
 * The plan's own warnings ({@link PLAN_WARNING_CODES}) as lines of formal Chinese, for the internal pack and the
 * terminal: `注意：<message>`. Empty when there are none.
 */
export function planWarningLines(plan: {
  readonly issues: readonly { readonly code: string; readonly severity: string; readonly message: string }[];
}): string[] {
  return plan.issues
    .filter((i) => i.severity === "warning" && PLAN_WARNING_CODES.includes(i.code))
    .map((i) => `注意：${i.message}`);
}

/**
 * The issues of a drawn plan beyond the draw's own: `empty-input` / `empty-frame` errors (unless
 * `sampling.allowEmptyFrame`), `unknown-category` errors for result categories an item declares outside the
 * task's list, `provisional-calendar` warnings when visit dates or deadlines rest on calendar
 * data marked provisional, and a `forced-inspected-this-year` warning per 必查 entity already inspected for
 * one of the task's items in the year of the window's start.
 */
export function planChecks(input: PlanCheckInput): Issue[] {
  return [
    ...emptyFrame(input),
    ...declaredCategories(input),
    ...provisionalDates(input),
    ...forcedAlreadyInspected(input),
  ];
}

/** A result category declared by one of the task's items that is not in the task's list: an error at draw time. */
function declaredCategories({ task, items }: PlanCheckInput): Issue[] {
  const known = new Set(task.publication?.resultCategories ?? DEFAULT_RESULT_CATEGORIES);
  const used = new Set(task.items);
  const out: Issue[] = [];
  for (const it of items ?? []) {
    if (!used.has(it.id)) continue;
    for (const c of it.resultCategories ?? [])
      if (!known.has(c))
        out.push(
          issue(
            "unknown-category",
            `事项 ${it.id} 声明的检查结果类别“${c}”不在本任务的检查结果类别清单中（publication.resultCategories）`,
            { file: it.origin?.file, row: it.origin?.row, column: "resultCategories", received: c },
          ),
        );
  }
  return out;
}

function emptyFrame({ task, draw }: PlanCheckInput): Issue[] {
  if (task.sampling.allowEmptyFrame === true) return [];
  const a = draw.accounting;
  const how = "如本任务确可没有检查对象，请在任务文件中设置 sampling.allowEmptyFrame: true。";
  if (a.input === 0) {
    const e = task.inputs.entities;
    const file = typeof e === "string" ? e : undefined;
    const where = file !== undefined ? `检查对象文件 ${file} ` : "检查对象数据源（数据库）";
    return [
      // located at the task key that names the source (the CLI adds the task file's name): the entity file
      // itself has no row to point at, and its name is in the message
      issue("empty-input", `${where}中没有任何检查对象（文件为空、只有表头，或表头有误未能读取）。${how}`, {
        key: "inputs.entities",
      }),
    ];
  }
  if (a.selected + a.reserve + a.notSelected > 0) return [];
  const why = Object.entries(draw.excluded.counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([r, n]) => `${EXCLUSION_LABELS[r as ExclusionReason] ?? r} ${n} 户`);
  if (a.outOfScope > 0) why.unshift(`不在定向范围内 ${a.outOfScope} 户`);
  return [
    issue(
      "empty-frame",
      `按定向范围和排除规则筛选后没有可抽取的检查对象（共读入 ${a.input} 户：${why.join("，")}）。${how}`,
      { column: "scope" },
    ),
  ];
}

function provisionalDates({ task, calendar, schedule }: PlanCheckInput): Issue[] {
  if (calendar.provisionalYears.size === 0) return [];
  const out: Issue[] = [];
  const source = (y: number) => calendar.sources.get(y) ?? "日历文件";
  const yearsOf = (from: string, to: string) => {
    const ys: number[] = [];
    for (let y = year(from); y <= year(to); y++) if (calendar.provisionalYears.has(y)) ys.push(y);
    return ys;
  };
  const { start, end } = task.schedule;
  const inWindow = yearsOf(start, end);
  if (inWindow.length > 0) {
    out.push(
      issue(
        "provisional-calendar",
        `检查日期按暂定的工作日数据安排：${inWindow.map((y) => `${y} 年（${source(y)}）`).join("、")}标为暂定。` +
          "国务院办公厅公布该年放假安排后，请更新日历文件并核对检查日期。",
        { column: "schedule", received: inWindow.join(",") },
        "warning",
      ),
    );
  }
  // a million visits share a few (date, deadline) pairs: the visits of each pair are counted (no string is
  // made per visit), then the years of each pair are found once; of the deadlines only the first and the last
  // are named
  const pairs = new Map<string, Map<string, { n: number }>>();
  for (const s of schedule) {
    let byDeadline = pairs.get(s.date);
    if (byDeadline === undefined) {
      byDeadline = new Map();
      pairs.set(s.date, byDeadline);
    }
    const c = byDeadline.get(s.publishBy);
    if (c === undefined) byDeadline.set(s.publishBy, { n: 1 });
    else c.n++;
  }
  let dependent = 0;
  let first = "";
  let last = "";
  const years = new Set<number>();
  for (const [date, byDeadline] of pairs) {
    for (const [publishBy, { n }] of byDeadline) {
      const ys = yearsOf(date, publishBy);
      if (ys.length === 0) continue;
      if (dependent === 0 || publishBy < first) first = publishBy;
      if (dependent === 0 || publishBy > last) last = publishBy;
      dependent += n;
      for (const y of ys) years.add(y);
    }
  }
  if (dependent > 0) {
    const ys = [...years].sort();
    out.push(
      issue(
        "provisional-calendar",
        `${dependent} 个检查对象的结果公示截止日（${first}~${last}）依据暂定的工作日数据计算：` +
          `${ys.map((y) => `${y} 年（${source(y)}）`).join("、")}标为暂定。国务院办公厅公布该年放假安排后，请更新日历文件并核对截止日。`,
        { column: "schedule.publishWithinWorkingDays", received: ys.join(",") },
        "warning",
      ),
    );
  }
  return out;
}

function forcedAlreadyInspected({ task, draw, history }: PlanCheckInput): Issue[] {
  const forced = new Map(draw.selected.filter((s) => s.reason !== "random").map((s) => [s.entityId, s]));
  if (forced.size === 0) return [];
  const items = new Set(task.items);
  const y = year(task.schedule.start);
  // the rows of each forced entity, found by id in the table's columns (no record made for the other rows: a
  // history has a million at provincial scale); each entity's rows in row order
  const table = HistoryTable.of(history);
  const byId = table.rowsById();
  const seen = new Map<string, { entityId: string; itemId: string; dates: string[] }>();
  for (const id of forced.keys()) {
    for (let k = byId.first(id); k >= 0; k = byId.next(k)) {
      const itemId = table.itemIds.values[table.item[k]!]!;
      const on = table.dates.values[table.date[k]!]!;
      if (!items.has(itemId) || year(on) !== y) continue;
      const key = `${id}\u0000${itemId}`;
      const l = seen.get(key);
      if (l) l.dates.push(on);
      else seen.set(key, { entityId: id, itemId, dates: [on] });
    }
  }
  return [...seen.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, h]) => {
      const s = forced.get(h.entityId)!;
      const dates = [...new Set(h.dates)].sort().join("、");
      return issue(
        "forced-inspected-this-year",
        `必查对象 ${s.name}（${s.entityId}）${y} 年已于 ${dates} 接受过事项 ${h.itemId} 的检查；` +
          "同一年度对同一对象同一事项原则上只查一次，请确认确需再次检查。",
        { column: "forced", received: s.entityId },
        "warning",
      );
    });
}

/**
 * `internal/warnings.txt` of the internal pack: the plan's own warnings ({@link planWarningLines}), one a
 * line, under a title; or a line saying there are none.
 */
export function* planWarningsText(plan: Parameters<typeof planWarningLines>[0]): Generator<string> {
  const lines = planWarningLines(plan);
  yield "抽查计划注意事项（内部）\r\n\r\n";
  if (lines.length === 0) yield "本计划没有需要特别注意的事项。\r\n";
  for (const l of lines) yield `${l}\r\n`;
}

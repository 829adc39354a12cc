import type { Entity, Inspector, Item } from "../model/types.js";
import type { WorkingCalendar } from "../schedule/calendar.js";
import { type Issue, issue } from "../util/issue.js";
import type { TaskProjection } from "./project.js";
import type { ResolvedTask } from "./tasks.js";

/** The first issue of a failed calendar answer (one `issue`, or a list of `issues`). */
export function calendarProblem(r: { readonly ok: false }): Issue {
  const x = r as { readonly issue?: Issue; readonly issues?: readonly Issue[] };
  return x.issue ?? x.issues![0]!;
}

const where = (file: string, t: ResolvedTask, column: string, received?: string) =>
  received === undefined
    ? { file, column: `tasks[${t.index}].${column}` }
    : { file, column: `tasks[${t.index}].${column}`, received };

/** Items a task names that are not in the item list, and items whose department takes no part in the task. */
export function checkItems(tasks: readonly ResolvedTask[], items: readonly Item[], file: string): Issue[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: Issue[] = [];
  for (const t of tasks) {
    const depts = new Set([t.lead, ...t.participants]);
    for (const id of t.task.items) {
      const it = byId.get(id);
      if (!it) {
        out.push(
          issue(
            "unknown-item",
            `任务 ${t.task.id} 的抽查事项 ${id} 不在事项清单中`,
            where(file, t, "items", id),
          ),
        );
      } else if (!depts.has(it.department)) {
        out.push(
          issue(
            "item-department-absent",
            `任务 ${t.task.id} 的事项“${it.name}”由 ${it.department} 实施，但该部门不是本任务的发起或参与部门`,
            where(file, t, "departments", it.department),
            "warning",
          ),
        );
      }
    }
  }
  return out;
}

/**
 * The same item planned twice in the year for the same entities (同一年度同一事项对同一对象原则上只查一次):
 * an error for every pair of tasks sharing an item whose frames (after scope, status and history) meet.
 */
export function checkOverlaps(
  tasks: readonly ResolvedTask[],
  projections: readonly TaskProjection[],
  entities: readonly Entity[],
  file: string,
): Issue[] {
  const out: Issue[] = [];
  for (let a = 0; a < projections.length; a++) {
    for (let b = a + 1; b < projections.length; b++) {
      const pa = projections[a]!;
      const pb = projections[b]!;
      const shared = pa.items.filter((i) => pb.items.includes(i));
      if (shared.length === 0) continue;
      let n = 0;
      let first: string | undefined;
      for (let i = 0; i < entities.length; i++) {
        if (pa.stratumIndex[i]! !== -2 && pb.stratumIndex[i]! !== -2) {
          n++;
          first ??= entities[i]!.id;
        }
      }
      if (n === 0) continue;
      out.push(
        issue(
          "annual-item-overlap",
          `任务 ${pa.taskId} 与 ${pb.taskId} 在本年度对同一批对象重复安排了事项 ${shared.join("、")}：` +
            `${n} 户检查对象同时在两项任务的抽取范围内（如 ${first}）。同一年度同一事项对同一对象原则上只查一次，` +
            "请调整抽查范围（如按区划或主体类型划分）使两项任务不重叠",
          where(file, tasks[b]!, "scope", shared.join(";")),
        ),
      );
    }
  }
  return out;
}

/** Whether an inspector holds a certificate valid on `date` (experts and uncertified staff never count). */
export function certifiedOn(i: Inspector, date: string): boolean {
  return (
    i.role === "inspector" &&
    i.certificateNo !== undefined &&
    i.certificateExpiresOn !== undefined &&
    i.certificateExpiresOn >= date
  );
}

/**
 * Departments that cannot staff their part of a task: fewer certified inspectors (valid through the window)
 * than the per-department quota of a joint team (or the team size of a single-department task) is an error;
 * fewer places than the projected visits need is a warning.
 */
export function checkDepartments(
  tasks: readonly ResolvedTask[],
  projections: ReadonlyMap<string, TaskProjection>,
  inspectors: readonly Inspector[],
  file: string,
): Issue[] {
  const out: Issue[] = [];
  for (const t of tasks) {
    const teams = t.task.teams ?? {};
    const size = teams.size ?? 2;
    const quota: Record<string, number> =
      t.participants.length > 0 ? { ...(teams.departments ?? {}) } : { [t.lead]: size };
    const cap = teams.maxTasksPerInspector ?? 20;
    const visits = projections.get(t.task.id)?.sampleSize ?? 0;
    for (const [dept, q] of Object.entries(quota)) {
      const certified = inspectors.filter(
        (i) =>
          i.department === dept &&
          certifiedOn(i, t.task.schedule.end) &&
          certifiedOn(i, t.task.schedule.start),
      );
      if (certified.length < q) {
        out.push(
          issue(
            "department-short",
            `任务 ${t.task.id}：${dept} 须为每个检查组派出 ${q} 名持有效执法证的执法人员，` +
              `但在 ${t.task.schedule.start}~${t.task.schedule.end} 期间执法证有效的只有 ${certified.length} 名` +
              "（专家和无执法证的人员不计入；抽查办法第九条、行政处罚法第四十二条）",
            where(file, t, "departments", dept),
          ),
        );
        continue;
      }
      const places = certified.reduce((a, i) => a + Math.min(cap, i.maxTasks ?? cap), 0);
      if (places < visits * q) {
        out.push(
          issue(
            "department-capacity",
            `任务 ${t.task.id}：预计 ${visits} 户检查对象需要 ${dept} 派出 ${visits * q} 人次，` +
              `但其 ${certified.length} 名执法人员按每人上限最多 ${places} 人次`,
            where(file, t, "teams", dept),
            "warning",
          ),
        );
      }
    }
  }
  return out;
}

/**
 * Windows the calendar cannot serve: a year without calendar data (for the window or its publication
 * deadlines) or a window without working days is an error; a window starting or ending on a day off, or
 * resting on a user calendar file rather than built-in data, is a warning.
 */
export function checkWindows(
  tasks: readonly ResolvedTask[],
  calendar: WorkingCalendar,
  file: string,
): Issue[] {
  const out: Issue[] = [];
  const noted = new Set<number>();
  for (const t of tasks) {
    const { start, end } = t.task.schedule;
    const N = t.task.schedule.publishWithinWorkingDays ?? 20;
    const days = calendar.workingDaysBetween(start, end);
    if (!days.ok) {
      const p = calendarProblem(days);
      out.push({ ...p, ...where(file, t, "window", p.received) });
      continue;
    }
    if (days.value.length === 0) {
      out.push(
        issue(
          "empty-window",
          `任务 ${t.task.id} 的时间 ${start}~${end} 内没有工作日`,
          where(file, t, "window"),
        ),
      );
      continue;
    }
    const by = calendar.addWorkingDays(end, N);
    if (!by.ok) {
      const p = calendarProblem(by);
      out.push({
        ...p,
        message: `任务 ${t.task.id} 结束日 ${end} 之后 ${N} 个工作日的公示期限无法计算：${p.message}`,
        ...where(file, t, "window", p.received),
      });
    }
    for (const [d, what] of [
      [start, "开始日"],
      [end, "结束日"],
    ] as const) {
      const w = calendar.isWorkingDay(d);
      if (w.ok && !w.value)
        out.push(
          issue(
            "window-on-day-off",
            `任务 ${t.task.id} 的${what} ${d} 不是工作日（节假日或周末）`,
            where(file, t, "window", d),
            "warning",
          ),
        );
    }
    const last = by.ok ? by.value : end;
    for (let y = Number(start.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) {
      const src = calendar.sources.get(y);
      if (src === undefined || src === "chinese-days" || noted.has(y)) continue;
      noted.add(y);
      // years a calendar file marks provisional (before the State Council's notice), when the calendar knows
      const provisional = (calendar as { provisionalYears?: ReadonlySet<number> }).provisionalYears?.has(y);
      out.push(
        issue(
          provisional ? "calendar-provisional" : "calendar-from-file",
          provisional
            ? `${y} 年的工作日数据（日历文件 ${src}）标记为暂定：检查日期与公示期限须在国务院办公厅发布放假通知后按正式安排核对`
            : `${y} 年的工作日取自日历文件 ${src}，而非内置数据；请确认其与国务院办公厅放假通知一致，否则检查日期与公示期限可能有误`,
          { file, column: "inputs.calendar", received: String(y) },
          "warning",
        ),
      );
    }
  }
  return out;
}

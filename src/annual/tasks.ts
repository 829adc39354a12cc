import { addDays } from "../model/dates.js";
import { type Task, TaskSchema } from "../model/schemas.js";
import type { WorkingCalendar } from "../schedule/calendar.js";
import { type Issue, issue } from "../util/issue.js";
import { calendarProblem } from "./checks.js";
import type { Annual, AnnualTask } from "./schema.js";

/** Certified inspectors each department supplies to a joint team unless the plan says otherwise. */
export const DEFAULT_PER_DEPARTMENT = 2;

/** The first and last calendar day of a quarter. */
export function quarterRange(year: number, quarter: number): { start: string; end: string } {
  const m0 = (quarter - 1) * 3 + 1;
  const m1 = m0 + 2;
  const mm = (m: number) => String(m).padStart(2, "0");
  const next = m1 === 12 ? `${year + 1}-01-01` : `${year}-${mm(m1 + 1)}-01`;
  return { start: `${year}-${mm(m0)}-01`, end: addDays(next, -1) };
}

/** The departments of an annual task: 发起 (lead) first, then 参与 (participants). */
export function taskDepartments(annual: Annual, t: AnnualTask): { lead: string; participants: string[] } {
  return {
    lead: t.departments?.lead ?? annual.department,
    participants: [...(t.departments?.participants ?? [])],
  };
}

/** One task of the annual plan, resolved: its window, departments and the task file (SPEC §4) it becomes. */
export interface ResolvedTask {
  readonly source: AnnualTask;
  /** Index in the annual file's `tasks`. */
  readonly index: number;
  readonly lead: string;
  readonly participants: readonly string[];
  readonly frequency: string;
  /** The task file the draw uses; input paths as given by `rebase`. */
  readonly task: Task;
}

/**
 * Resolve the windows of the annual tasks and make their task files. A quarter becomes its first to last
 * working day (so it needs calendar data for the quarter); a joint task gets `teams.departments` with the
 * per-department quota (default {@link DEFAULT_PER_DEPARTMENT}) and a team size of at least their sum.
 * @param rebase maps an input path of the annual file to the path the task file should hold
 */
export function resolveTasks(
  annual: Annual,
  calendar: WorkingCalendar,
  rebase: (path: string) => string,
  file = "annual.json",
): { tasks: ResolvedTask[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const tasks: ResolvedTask[] = [];
  const d = annual.defaults ?? {};
  const perDept = d.perDepartment ?? DEFAULT_PER_DEPARTMENT;
  const seen = new Set<string>();
  // file paths are rebased; a database source and the options (encoding, engine) are kept as they are
  const PATHS = new Set(["entities", "inspectors", "items", "conflicts", "history", "calendar"]);
  const inputs = Object.fromEntries(
    Object.entries(annual.inputs).map(([k, v]) => [k, PATHS.has(k) && typeof v === "string" ? rebase(v) : v]),
  ) as Task["inputs"];
  annual.tasks.forEach((t, index) => {
    const at = (column: string, received?: string) =>
      received === undefined
        ? { file, column: `tasks[${index}].${column}` }
        : { file, column: `tasks[${index}].${column}`, received };
    if (seen.has(t.id)) issues.push(issue("duplicate-id", `任务编号重复：${t.id}`, at("id", t.id)));
    seen.add(t.id);
    const window = resolveWindow(annual.year, t, calendar, at, issues);
    if (!window) return;
    const { lead, participants } = taskDepartments(annual, t);
    const teams = { ...d.teams, ...t.teams };
    if (participants.length > 0 && t.teams?.departments === undefined) {
      // a department sends one inspector only where teams.singleInspectorDepartments states why
      const single = (teams as { singleInspectorDepartments?: Record<string, string> })
        .singleInspectorDepartments;
      const quota: Record<string, number> = {};
      for (const d of [lead, ...participants]) quota[d] = single?.[d] !== undefined ? 1 : perDept;
      teams.departments = quota;
      teams.size = Math.max(
        teams.size ?? 2,
        Object.values(quota).reduce((a, n) => a + n, 0),
      );
    }
    const task: Task = {
      id: t.id,
      name: t.name,
      department: lead,
      items: t.items,
      inputs,
      scope: t.scope,
      sampling: t.sampling,
      schedule: {
        start: window.start,
        end: window.end,
        publishWithinWorkingDays: t.publishWithinWorkingDays ?? d.publishWithinWorkingDays ?? 20,
      },
    };
    const exclusions = { ...d.exclusions, ...t.exclusions };
    if (Object.keys(exclusions).length > 0) task.exclusions = exclusions;
    const forced = { ...d.forced, ...t.forced };
    if (Object.keys(forced).length > 0) task.forced = forced;
    if (Object.keys(teams).length > 0) task.teams = teams;
    const publication = { ...d.publication, ...t.publication };
    if (Object.keys(publication).length > 0) task.publication = publication;
    const valid = TaskSchema.safeParse(task);
    if (!valid.success) {
      for (const z of valid.error.issues)
        issues.push(
          issue(
            "invalid-value",
            `任务 ${t.id} 生成的任务文件无效：${z.path.join(".")}：${z.message}`,
            at(z.path.join(".")),
          ),
        );
      return;
    }
    tasks.push({
      source: t,
      index,
      lead,
      participants,
      frequency: t.frequency ?? "每年1次",
      task,
    });
  });
  return { tasks, issues };
}

function resolveWindow(
  year: number,
  t: AnnualTask,
  calendar: WorkingCalendar,
  at: (column: string, received?: string) => { file: string; column: string; received?: string },
  issues: Issue[],
): { start: string; end: string } | undefined {
  const q = t.quarter === undefined ? undefined : quarterRange(year, t.quarter);
  if (t.window) {
    const { start, end } = t.window;
    if (end < start) {
      issues.push(issue("invalid-window", `任务 ${t.id} 的结束日 ${end} 早于开始日 ${start}`, at("window")));
      return undefined;
    }
    if (start.slice(0, 4) !== String(year) || end.slice(0, 4) !== String(year)) {
      issues.push(
        issue("window-outside-year", `任务 ${t.id} 的时间 ${start}~${end} 不在 ${year} 年内`, at("window")),
      );
      return undefined;
    }
    if (q && (start < q.start || end > q.end)) {
      issues.push(
        issue(
          "window-outside-quarter",
          `任务 ${t.id} 的时间 ${start}~${end} 不在第${t.quarter}季度（${q.start}~${q.end}）内`,
          at("window"),
        ),
      );
      return undefined;
    }
    return { start, end };
  }
  if (!q) {
    issues.push(
      issue("missing-window", `任务 ${t.id} 须给出 quarter（季度）或 window（起止日期）`, at("window")),
    );
    return undefined;
  }
  const days = calendar.workingDaysBetween(q.start, q.end);
  if (!days.ok) {
    issues.push({ ...calendarProblem(days), file: at("quarter").file, column: at("quarter").column });
    return undefined;
  }
  const first = days.value[0];
  const last = days.value[days.value.length - 1];
  if (first === undefined || last === undefined) {
    issues.push(issue("empty-window", `第${t.quarter}季度没有工作日`, at("quarter")));
    return undefined;
  }
  return { start: first, end: last };
}

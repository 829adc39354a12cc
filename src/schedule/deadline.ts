// The publication deadline (抽查办法 第12条): results are published within N working days after the inspection
// ends, N = the task's `schedule.publishWithinWorkingDays`, 20 by default. The one place of this rule.
import type { Task } from "../model/schemas.js";
import type { Issue } from "../util/issue.js";
import type { WorkingCalendar } from "./calendar.js";

/** The default publication deadline in working days (抽查办法 第12条: within 20 working days). */
export const DEFAULT_PUBLISH_WITHIN_WORKING_DAYS = 20;

/**
 * The publication deadline of a task in working days: its `schedule.publishWithinWorkingDays`, else 20.
 * @example publishWithinWorkingDays({ schedule: { start: "2026-12-01", end: "2026-12-31" } }) // 20
 */
export function publishWithinWorkingDays(task: {
  readonly schedule: Pick<Task["schedule"], "publishWithinWorkingDays">;
}): number {
  return task.schedule.publishWithinWorkingDays ?? DEFAULT_PUBLISH_WITHIN_WORKING_DAYS;
}

/**
 * The publication deadline of an inspection that ends on `date`: the N-th working day after it (the end day
 * not counted), N from {@link publishWithinWorkingDays}.
 * @returns the date, or the issue of a year the calendar does not cover
 * @example publicationDeadline(WorkingCalendar.builtIn(), "2026-02-06", 20) // { ok: true, value: "2026-03-12" }
 */
export function publicationDeadline(
  calendar: WorkingCalendar,
  date: string,
  workingDays: number,
): { ok: true; value: string } | { ok: false; issue: Issue } {
  return calendar.addWorkingDays(date, workingDays);
}

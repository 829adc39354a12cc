import type { WorkingCalendar } from "../schedule/calendar.js";
import { type Issue, issue } from "../util/issue.js";
import type { InspectionResult } from "./intake.js";

/**
 * A `provisional-calendar` warning when result deadlines (publication or follow-up) were counted over calendar
 * years marked provisional, naming the years, their files and the latest such deadline; else nothing.
 */
export function provisionalResultDates(
  results: readonly InspectionResult[],
  calendar: WorkingCalendar,
): Issue[] {
  if (calendar.provisionalYears.size === 0) return [];
  const years = new Set<number>();
  let n = 0;
  let latest = "";
  for (const r of results) {
    const dues = [r.publishBy, ...r.followUps.flatMap((f) => (f.due === undefined ? [] : [f.due]))];
    let hit = false;
    for (const due of dues)
      for (let y = Number(r.finishedOn.slice(0, 4)); y <= Number(due.slice(0, 4)); y++)
        if (calendar.provisionalYears.has(y)) {
          years.add(y);
          hit = true;
          if (due > latest) latest = due;
        }
    if (hit) n++;
  }
  if (n === 0) return [];
  const ys = [...years].sort((a, b) => a - b);
  return [
    issue(
      "provisional-calendar",
      `${n} 条结果的公示或后续处置截止日（最晚 ${latest}）依据暂定的工作日数据计算：` +
        `${ys.map((y) => `${y} 年（${calendar.sources.get(y) ?? "日历文件"}）`).join("、")}标为暂定。国务院办公厅公布该年放假安排后，请更新日历文件并重新计算。`,
      { column: "inputs.calendar", received: ys.join(",") },
      "warning",
    ),
  ];
}

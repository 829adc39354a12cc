import builtIn from "chinese-days/dist/chinese-days.json";
import { z } from "zod";
import { addDays, dayOfWeek, isIsoDate } from "../model/dates.js";
import { IsoDateSchema } from "../model/schemas.js";
import { failure, type Issue, issue, type Result, success } from "../util/issue.js";

/** Holidays and make-up working days (调休上班日) of one year, as published by the State Council. */
export interface CalendarYear {
  /** Statutory days off that fall on weekdays or weekends (weekdays among them are not working days). */
  readonly holidays: readonly string[];
  /** Make-up working days (weekend days that are working days). */
  readonly workdays: readonly string[];
  /** Last date the data is valid through (default: 31 December of the year). */
  readonly through?: string | undefined;
  /** The year's data is provisional (e.g. before the State Council's notice): dates computed on it are warned about. */
  readonly provisional?: boolean | undefined;
}

/** Schema of a user calendar file (`double-random/calendar@1`). */
export const CalendarFileSchema = z
  .object({
    format: z.literal("double-random/calendar@1"),
    note: z.string().optional(),
    years: z.record(
      z.string().regex(/^\d{4}$/),
      z
        .object({
          holidays: z.array(IsoDateSchema),
          workdays: z.array(IsoDateSchema),
          through: IsoDateSchema.optional(),
          provisional: z.boolean().optional(),
        })
        // a misspelled key (e.g. "provisonal") is refused, never dropped
        .strict(),
    ),
  })
  .strict();
/** A user calendar file. */
export type CalendarFile = z.infer<typeof CalendarFileSchema>;

/** Years covered by the built-in data of the `chinese-days` package. */
export const BUILT_IN_YEARS: readonly number[] = [
  ...new Set(
    Object.keys((builtIn as { holidays: Record<string, string> }).holidays).map((d) => Number(d.slice(0, 4))),
  ),
].sort((a, b) => a - b);

/**
 * Official working days: Monday–Friday, minus statutory holidays, plus 调休 make-up working days. Refuses
 * (with an issue naming the year) to answer for a date whose year it has no data for — never a Mon–Fri guess.
 */
export class WorkingCalendar {
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  private readonly through = new Map<number, string>();
  /** Where each year's data came from. */
  readonly sources = new Map<number, string>();
  /** Years whose data is marked provisional. */
  readonly provisionalYears = new Set<number>();

  private constructor() {}

  /** The built-in calendar (chinese-days data; years {@link BUILT_IN_YEARS}). */
  static builtIn(): WorkingCalendar {
    const c = new WorkingCalendar();
    const data = builtIn as { holidays: Record<string, string>; workdays: Record<string, string> };
    for (const d of Object.keys(data.holidays)) c.holidays.add(d);
    for (const d of Object.keys(data.workdays)) c.workdays.add(d);
    for (const y of BUILT_IN_YEARS) {
      c.through.set(y, `${y}-12-31`);
      c.sources.set(y, "chinese-days");
    }
    return c;
  }

  /** A calendar made only of the given years (no built-in data). */
  static fromYears(years: Readonly<Record<string, CalendarYear>>, source = "user"): WorkingCalendar {
    return new WorkingCalendar().withYears(years, source);
  }

  /** A copy where the given years replace whatever data this calendar had for them. */
  withYears(years: Readonly<Record<string, CalendarYear>>, source = "user"): WorkingCalendar {
    const c = new WorkingCalendar();
    const replaced = new Set(Object.keys(years).map(Number));
    for (const d of this.holidays) if (!replaced.has(Number(d.slice(0, 4)))) c.holidays.add(d);
    for (const d of this.workdays) if (!replaced.has(Number(d.slice(0, 4)))) c.workdays.add(d);
    for (const [y, t] of this.through) if (!replaced.has(y)) c.through.set(y, t);
    for (const [y, s] of this.sources) if (!replaced.has(y)) c.sources.set(y, s);
    for (const y of this.provisionalYears) if (!replaced.has(y)) c.provisionalYears.add(y);
    for (const [ys, data] of Object.entries(years)) {
      const y = Number(ys);
      for (const d of data.holidays) c.holidays.add(d);
      for (const d of data.workdays) c.workdays.add(d);
      c.through.set(y, data.through ?? `${y}-12-31`);
      c.sources.set(y, source);
      if (data.provisional === true) c.provisionalYears.add(y);
    }
    return c;
  }

  /** The issue for a date this calendar has no data for, or `undefined` when covered. */
  coverageIssue(date: string): Issue | undefined {
    const y = Number(date.slice(0, 4));
    const t = this.through.get(y);
    if (t !== undefined && date <= t) return undefined;
    const covered = [...this.through.keys()].sort((a, b) => a - b);
    return issue(
      "calendar-year-missing",
      `缺少 ${y} 年${t ? `（${t} 之后）` : ""}的工作日数据，无法计算 ${date} 是否为工作日。` +
        `内置数据覆盖 ${covered[0] ?? "-"}–${covered[covered.length - 1] ?? "-"} 年；请按国务院办公厅放假通知编写日历文件` +
        `（格式 double-random/calendar@1，见 README），并在任务文件 inputs.calendar 中指定。`,
      { key: "inputs.calendar", received: String(y) },
    );
  }

  /**
   * Whether `date` is a working day.
   * @throws Error when the date is not a real `YYYY-MM-DD` date (misuse)
   */
  isWorkingDay(date: string): Result<boolean> {
    if (!isIsoDate(date)) throw new Error(`not a date: ${date}`);
    const miss = this.coverageIssue(date);
    if (miss) return failure([miss]);
    if (this.workdays.has(date)) return success(true);
    if (this.holidays.has(date)) return success(false);
    const dow = dayOfWeek(date);
    return success(dow !== 0 && dow !== 6);
  }

  /**
   * The N-th working day after `date` (the start day is not counted), e.g. the 20-working-day publication
   * deadline: `addWorkingDays("2026-02-06", 20)` is `2026-03-12`.
   * @throws Error when the date is not a real `YYYY-MM-DD` date (misuse)
   */
  addWorkingDays(date: string, n: number): Result<string> {
    let d = date;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      const w = this.isWorkingDay(d);
      if (!w.ok) return failure(w.issues);
      if (w.value) left--;
    }
    return success(d);
  }

  /**
   * All working days from `start` to `end` inclusive.
   * @throws Error when a date is not a real `YYYY-MM-DD` date (misuse)
   */
  workingDaysBetween(start: string, end: string): Result<string[]> {
    const out: string[] = [];
    for (let d = start; d <= end; d = addDays(d, 1)) {
      const w = this.isWorkingDay(d);
      if (!w.ok) return failure(w.issues);
      if (w.value) out.push(d);
    }
    return success(out);
  }
}

// Laws of the calendar-date and working-day arithmetic, checked against an independent oracle: date-fns
// (its own Gregorian arithmetic on Date values) and a naive day-by-day count of working days.
import {
  addDays as dfAddDays,
  eachDayOfInterval,
  format,
  getDay,
  isValid,
  isWeekend,
  parse,
  parseISO,
} from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, dayOfWeek, fromDayNumber, isIsoDate, toDayNumber } from "../../src/model/dates.js";
import { WorkingCalendar } from "../../src/schedule/calendar.js";

const EPOCH = new Date(1970, 0, 1);
const iso = (d: Date) => format(d, "yyyy-MM-dd");
/** A date between 1800 and 2200, made by date-fns (not by the code under test). */
const anyDate = fc.integer({ min: -62000, max: 84000 }).map((k) => iso(dfAddDays(EPOCH, k)));
/** Dates near month and year ends, where carrying goes wrong first. */
const edgeDate = fc
  .record({
    y: fc.integer({ min: 1890, max: 2110 }),
    m: fc.integer({ min: 0, max: 11 }),
    back: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ y, m, back }) => iso(dfAddDays(new Date(y, m + 1, 1), -1 - back)));
const date = fc.oneof(anyDate, edgeDate);

describe("calendar dates (src/model/dates.ts) against date-fns", () => {
  it("law: addDays(d, n) is date-fns' addDays, across months, years and leap days", () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -800, max: 800 }), (d, n) => {
        expect(addDays(d, n)).toBe(iso(dfAddDays(parseISO(d), n)));
      }),
    );
  });
  it("law: toDayNumber counts days since 1970-01-01 and fromDayNumber inverts it", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62000, max: 84000 }), (k) => {
        const d = iso(dfAddDays(EPOCH, k));
        expect(toDayNumber(d)).toBe(k);
        expect(fromDayNumber(k)).toBe(d);
      }),
    );
  });
  it("law: dayOfWeek is date-fns' getDay", () => {
    fc.assert(
      fc.property(date, (d) => {
        expect(dayOfWeek(d)).toBe(getDay(parseISO(d)));
      }),
    );
  });
  it("law: isIsoDate accepts exactly the strings date-fns parses strictly as yyyy-MM-dd", () => {
    const text = fc.oneof(
      date,
      fc
        .record({
          y: fc.integer({ min: 1000, max: 9999 }),
          m: fc.integer({ min: 0, max: 13 }),
          d: fc.integer({ min: 0, max: 32 }),
        })
        .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(text, (s) => {
        const strict = /^\d{4}-\d{2}-\d{2}$/.test(s) && isValid(parse(s, "yyyy-MM-dd", EPOCH));
        expect(isIsoDate(s)).toBe(strict);
      }),
    );
  });
  it("29 February exists exactly in Gregorian leap years (1900 no, 2000 yes, 2024 yes, 2100 no)", () => {
    expect(["1900", "2000", "2024", "2026", "2100"].map((y) => isIsoDate(`${y}-02-29`))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
  });
});

/** A user calendar for 2030–2031 with random holidays (on weekdays) and make-up working days (on weekends). */
const userYears = fc
  .record({
    off: fc.uniqueArray(fc.integer({ min: 0, max: 729 }), { maxLength: 60 }),
    on: fc.uniqueArray(fc.integer({ min: 0, max: 729 }), { maxLength: 20 }),
  })
  .map(({ off, on }) => {
    const day = (k: number) => dfAddDays(new Date(2030, 0, 1), k);
    const holidays = off
      .map(day)
      .filter((d) => !isWeekend(d))
      .map(iso);
    const workdays = on
      .map(day)
      .filter((d) => isWeekend(d))
      .map(iso);
    const of = (y: string) => ({
      holidays: holidays.filter((d) => d.startsWith(y)),
      workdays: workdays.filter((d) => d.startsWith(y)),
    });
    return {
      holidays: new Set(holidays),
      workdays: new Set(workdays),
      years: { "2030": of("2030"), "2031": of("2031") },
    };
  });

type Oracle = { holidays: ReadonlySet<string>; workdays: ReadonlySet<string> };
/** The oracle's working day: a make-up working day, or a weekday that is not a holiday. */
const working = (o: Oracle, d: Date) => o.workdays.has(iso(d)) || (!isWeekend(d) && !o.holidays.has(iso(d)));
/** The n-th working day after `start` (start not counted), counted one day at a time with date-fns. */
function oracleAdd(o: Oracle, start: string, n: number): string {
  let d = parseISO(start);
  for (let left = n; left > 0; ) {
    d = dfAddDays(d, 1);
    if (working(o, d)) left--;
  }
  return iso(d);
}
const dateIn2030 = fc.integer({ min: 0, max: 364 }).map((k) => iso(dfAddDays(new Date(2030, 0, 1), k)));

describe("working days (src/schedule/calendar.ts) against a day-by-day date-fns count", () => {
  it("law: addWorkingDays(d, n) is the n-th working day after d (start not counted)", () => {
    fc.assert(
      fc.property(userYears, dateIn2030, fc.integer({ min: 0, max: 120 }), (u, d, n) => {
        const cal = WorkingCalendar.fromYears(u.years);
        const r = cal.addWorkingDays(d, n);
        expect(r.ok && r.value).toBe(oracleAdd(u, d, n));
      }),
    );
  });
  it("law: workingDaysBetween(a, b) lists exactly the oracle's working days of [a, b]", () => {
    fc.assert(
      fc.property(userYears, dateIn2030, fc.integer({ min: 0, max: 400 }), (u, a, span) => {
        const b = iso(dfAddDays(parseISO(a), span));
        const cal = WorkingCalendar.fromYears(u.years);
        const r = cal.workingDaysBetween(a, b);
        if (b > "2031-12-31") {
          expect(r.ok).toBe(false); // past the covered years: refused
          return;
        }
        const expected = eachDayOfInterval({ start: parseISO(a), end: parseISO(b) })
          .filter((d) => working(u, d))
          .map(iso);
        expect(r.ok && r.value).toEqual(expected);
      }),
    );
  });
  it("law: counting agrees with adding — n working days after d, d excluded, the last one a working day", () => {
    fc.assert(
      fc.property(userYears, dateIn2030, fc.integer({ min: 1, max: 120 }), (u, d, n) => {
        const cal = WorkingCalendar.fromYears(u.years);
        const r = cal.addWorkingDays(d, n);
        if (!r.ok) throw new Error("covered");
        const between = cal.workingDaysBetween(addDays(d, 1), r.value);
        expect(between.ok && between.value.length).toBe(n);
        const w = cal.isWorkingDay(r.value);
        expect(w.ok && w.value).toBe(true);
      }),
    );
  });
  it("law: make-up working days count and holidays do not, whatever the weekday", () => {
    fc.assert(
      fc.property(userYears, (u) => {
        const cal = WorkingCalendar.fromYears(u.years);
        for (const d of u.workdays) expect(cal.isWorkingDay(d)).toMatchObject({ ok: true, value: true });
        for (const d of u.holidays) expect(cal.isWorkingDay(d)).toMatchObject({ ok: true, value: false });
      }),
    );
  });
  it("law: past the covered years the answer is a refusal naming the year, never a Monday–Friday guess", () => {
    fc.assert(
      fc.property(userYears, dateIn2030, fc.integer({ min: 1, max: 800 }), (u, d, n) => {
        const cal = WorkingCalendar.fromYears(u.years);
        const r = cal.addWorkingDays(d, n);
        const expected = oracleAdd(u, d, n);
        if (expected <= "2031-12-31") expect(r.ok && r.value).toBe(expected);
        else {
          expect(r.ok).toBe(false);
          expect(r.issues[0]).toMatchObject({ code: "calendar-year-missing", received: "2032" });
        }
      }),
    );
  });
});

/** The 国务院办公厅 holiday notice for 2026 (published 2025-11-04), written out independently of chinese-days. */
const OFFICIAL_2026: Oracle = {
  holidays: new Set(
    [
      ["2026-01-01", "2026-01-03"],
      ["2026-02-15", "2026-02-23"],
      ["2026-04-04", "2026-04-06"],
      ["2026-05-01", "2026-05-05"],
      ["2026-06-19", "2026-06-21"],
      ["2026-09-25", "2026-09-27"],
      ["2026-10-01", "2026-10-07"],
    ].flatMap(([a, b]) => eachDayOfInterval({ start: parseISO(a!), end: parseISO(b!) }).map(iso)),
  ),
  workdays: new Set(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]),
};

describe("the built-in 2026 calendar", () => {
  const cal = WorkingCalendar.builtIn();
  it("every day of 2026 is a working day exactly when the official notice says so", () => {
    for (const d of eachDayOfInterval({ start: new Date(2026, 0, 1), end: new Date(2026, 11, 31) })) {
      expect(cal.isWorkingDay(iso(d)), iso(d)).toMatchObject({ ok: true, value: working(OFFICIAL_2026, d) });
    }
  });
  it("law: deadlines within 2026 match the day-by-day count over the official notice", () => {
    const in2026 = fc.integer({ min: 0, max: 364 }).map((k) => iso(dfAddDays(new Date(2026, 0, 1), k)));
    fc.assert(
      fc.property(in2026, fc.integer({ min: 0, max: 40 }), (d, n) => {
        const expected = oracleAdd(OFFICIAL_2026, d, n);
        fc.pre(expected <= "2026-12-31");
        const r = cal.addWorkingDays(d, n);
        expect(r.ok && r.value).toBe(expected);
      }),
    );
  });
});

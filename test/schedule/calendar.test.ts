import { describe, expect, it } from "vitest";
import { randomness } from "../../src/random/randomness.js";
import { BUILT_IN_YEARS, WorkingCalendar } from "../../src/schedule/calendar.js";
import { spreadVisits } from "../../src/schedule/dates.js";

const cal = WorkingCalendar.builtIn();
const ok = <T>(r: { ok: true; value: T } | { ok: false }) => {
  if (!r.ok) throw new Error("expected ok");
  return r.value;
};

describe("working-day calendar (official 2026 schedule)", () => {
  it("an inspection ending Fri 2026-02-06 must be published by Thu 2026-03-12 (20 working days)", () => {
    expect(ok(cal.addWorkingDays("2026-02-06", 20))).toBe("2026-03-12");
  });
  it("make-up working days are working days; holidays are not", () => {
    for (const d of ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]) {
      expect(ok(cal.isWorkingDay(d))).toBe(true);
    }
    for (const d of [
      "2026-01-01",
      "2026-01-02",
      "2026-02-16",
      "2026-04-06",
      "2026-05-05",
      "2026-06-19",
      "2026-10-07",
    ]) {
      expect(ok(cal.isWorkingDay(d))).toBe(false);
    }
    expect(ok(cal.isWorkingDay("2026-10-11"))).toBe(false); // an ordinary Sunday
    expect(ok(cal.isWorkingDay("2026-12-01"))).toBe(true);
  });
  it("counts working days excluding the start day", () => {
    expect(ok(cal.addWorkingDays("2026-09-30", 1))).toBe("2026-10-08");
    expect(ok(cal.addWorkingDays("2026-10-09", 1))).toBe("2026-10-10");
  });
  it("refuses a year without data, naming the year and how to supply it (never a Mon–Fri guess)", () => {
    expect(BUILT_IN_YEARS.at(-1)).toBe(2026);
    const r = cal.addWorkingDays("2026-12-31", 20); // a December visit's deadline lands in 2027
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issue.code).toBe("calendar-year-missing");
      expect(r.issue.message).toContain("2027");
      expect(r.issue.message).toContain("inputs.calendar");
    }
  });
  it("accepts a user calendar for other years, and refuses dates past its `through`", () => {
    const c = cal.withYears({
      "2027": { holidays: ["2027-01-01"], workdays: ["2027-01-09"], through: "2027-01-31" },
    });
    expect(ok(c.isWorkingDay("2027-01-01"))).toBe(false);
    expect(ok(c.isWorkingDay("2027-01-09"))).toBe(true); // a Saturday made a working day
    expect(ok(c.addWorkingDays("2026-12-31", 1))).toBe("2027-01-04");
    expect(c.isWorkingDay("2027-02-01").ok).toBe(false);
    // a user file replaces built-in data of a year it names
    const o = cal.withYears({ "2026": { holidays: [], workdays: [] } }, "override");
    expect(ok(o.isWorkingDay("2026-10-01"))).toBe(true);
    expect(o.sources.get(2026)).toBe("override");
  });
  it("throws on misuse (not a date)", () => {
    expect(() => cal.isWorkingDay("2026-02-30")).toThrow();
  });
});

describe("spreadVisits", () => {
  it("spreads visits evenly over the working days, deterministically and order-independently", () => {
    const days = ok(cal.workingDaysBetween("2026-12-01", "2026-12-31"));
    expect(days).toHaveLength(23);
    const ids = Array.from({ length: 100 }, (_, i) => `E${i}`);
    const a = spreadVisits(randomness("seed", "T"), ids, days);
    const b = spreadVisits(randomness("seed", "T"), [...ids].reverse(), days);
    expect([...b].sort()).toEqual([...a].sort());
    const perDay = new Map<string, number>();
    for (const d of a.values()) perDay.set(d, (perDay.get(d) ?? 0) + 1);
    expect(perDay.size).toBe(23);
    expect(Math.max(...perDay.values()) - Math.min(...perDay.values())).toBeLessThanOrEqual(1);
    for (const d of a.values()) expect(days).toContain(d);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CalendarFileSchema, WorkingCalendar } from "../../src/schedule/calendar.js";

describe("provisional calendar data", () => {
  it("marks the years a calendar file flags as provisional, and only those; the demo 2027 file is provisional", () => {
    const demo = CalendarFileSchema.parse(JSON.parse(readFileSync("seeds/calendar-2027.json", "utf8")));
    const c = WorkingCalendar.builtIn().withYears(demo.years, "calendar-2027.json");
    expect([...c.provisionalYears]).toEqual([2027]);
    expect(c.sources.get(2027)).toBe("calendar-2027.json");
    // replacing the year with final data clears the flag
    const final = c.withYears(
      { "2027": { holidays: ["2027-01-01"], workdays: [] } },
      "calendar-2027-final.json",
    );
    expect([...final.provisionalYears]).toEqual([]);
  });
  it("refuses a misspelled key in a year instead of dropping it", () => {
    const r = CalendarFileSchema.safeParse({
      format: "double-random/calendar@1",
      years: { "2027": { holidays: [], workdays: [], provisonal: true } },
    });
    expect(r.success).toBe(false);
  });
});

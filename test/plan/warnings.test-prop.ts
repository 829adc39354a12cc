// The plan's own warnings (src/plan/warnings.ts) read the history's columns by entity, and count visits per
// (date, deadline) pair: they must say what the plain definitions over the records say.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Task } from "../../src/model/schemas.js";
import { HistoryTable } from "../../src/model/tables.js";
import type { HistoryRecord } from "../../src/model/types.js";
import { planChecks } from "../../src/plan/warnings.js";
import { WorkingCalendar } from "../../src/schedule/calendar.js";
import { makeUscc } from "../helpers.js";

const ids = [0, 1, 2, 3, 4].map((n) => makeUscc(n));
const arbHistory: fc.Arbitrary<HistoryRecord[]> = fc.array(
  fc.record({
    entityId: fc.constantFrom(...ids, "非标准编号"),
    itemId: fc.constantFrom("GS-001", "GS-002", "ZL-9"),
    inspectedOn: fc.constantFrom("2025-12-31", "2026-01-05", "2026-03-05", "2026-03-05", "2026-11-30"),
    inspectorIds: fc.constant(["P1"]),
  }),
  { maxLength: 40 },
);

/** The warnings by their plain definition: each forced entity's records of a task item in the start's year. */
function plain(history: readonly HistoryRecord[], forced: readonly string[], items: readonly string[]) {
  const seen = new Map<string, HistoryRecord[]>();
  for (const h of history) {
    if (!forced.includes(h.entityId) || !items.includes(h.itemId) || !h.inspectedOn.startsWith("2026"))
      continue;
    const key = `${h.entityId}\u0000${h.itemId}`;
    seen.set(key, [...(seen.get(key) ?? []), h]);
  }
  return [...seen.keys()].sort().map((k) => {
    const hs = seen.get(k)!;
    return { received: hs[0]!.entityId, dates: [...new Set(hs.map((h) => h.inspectedOn))].sort().join("、") };
  });
}

describe("plan checks", () => {
  it("law: 必查 entities already inspected this year are those of the plain definition, in key order", () => {
    fc.assert(
      fc.property(
        arbHistory,
        fc.subarray([...ids, "非标准编号"]),
        fc.subarray(["GS-001", "ZL-9"], { minLength: 1 }),
        (history, forced, items) => {
          // Arrange
          const task = { items, schedule: { start: "2026-12-01" }, sampling: {} } as unknown as Task;
          const selected = forced.map((entityId) => ({
            entityId,
            name: `企业${entityId}`,
            reason: "forced:tag:x",
          }));
          const draw = {
            accounting: { input: 1, selected: 1, reserve: 0, notSelected: 0, outOfScope: 0 },
            excluded: { counts: {}, list: [] },
            selected: [...selected, { entityId: "X", name: "甲", reason: "random" }],
          } as unknown as Parameters<typeof planChecks>[0]["draw"];
          const calendar = WorkingCalendar.builtIn();
          // Act
          const got = planChecks({ task, calendar, draw, schedule: [], history: HistoryTable.of(history) })
            .filter((i) => i.code === "forced-inspected-this-year")
            .map((i) => ({ received: i.received, dates: /已于 (.*) 接受过/.exec(i.message)?.[1] }));
          // Assert
          expect(got).toEqual(plain(history, forced, items));
          expect(planChecks({ task, calendar, draw, schedule: [], history }).length).toBe(got.length);
        },
      ),
    );
  });
});

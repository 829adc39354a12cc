// Laws of the columnar history and conflicts (src/model/tables.ts, packed.ts) against their plain definitions:
// the records come back as added, rows group by entity as a Map would, and every reader of the tables decides
// as the plain records decide.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentDigest } from "../../src/content/digest.js";
import type { DrawConfig } from "../../src/draw/config.js";
import { FrameRules, historyExclusionRows, historyIndex } from "../../src/draw/frame.js";
import { addDays } from "../../src/model/dates.js";
import { IdColumn } from "../../src/model/packed.js";
import { checkReferences } from "../../src/model/references.js";
import { ConflictTable, HistoryTable } from "../../src/model/tables.js";
import type { Conflict, Entity, HistoryRecord } from "../../src/model/types.js";
import type { TicketMachine } from "../../src/random/ticket.js";
import { Eligibility } from "../../src/teams/eligibility.js";
import { inspector, makeUscc } from "../helpers.js";

// few entities, inspectors, items and dates: many records share them (as in real files)
const arbEntityId = fc.oneof(
  { weight: 8, arbitrary: fc.nat(6).map((n) => makeUscc(n)) },
  // ids that are not packable (any text: an array given to the library is validated, but the table keeps anything)
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom("统一社会信用代码不对的十八位字符号码", "x".repeat(18)) },
);
const arbIns = fc.constantFrom("FZ01", "FZ02", "FZ03", "ZZ09");
const arbDate = fc.integer({ min: 0, max: 800 }).map((d) => addDays("2025-06-01", d));
const arbOrigin = fc.option(
  fc.record({ file: fc.constantFrom("a.csv", "b.ndjson"), row: fc.integer({ min: 1, max: 1e6 }) }),
  { nil: undefined },
);
const arbHistory: fc.Arbitrary<HistoryRecord[]> = fc.array(
  fc
    .record({
      entityId: arbEntityId,
      itemId: fc.constantFrom("GS-001", "GS-002", "ZL-9"),
      inspectedOn: arbDate,
      inspectorIds: fc.array(arbIns, { maxLength: 3 }),
      origin: arbOrigin,
    })
    .map(({ origin, ...r }) => (origin === undefined ? r : { ...r, origin })),
  { maxLength: 40 },
);
const arbConflicts: fc.Arbitrary<Conflict[]> = fc.array(
  fc
    .record({
      inspectorId: arbIns,
      entityId: arbEntityId,
      relation: fc.constantFrom("配偶", "其他利害关系"),
      until: fc.option(arbDate, { nil: undefined }),
      origin: arbOrigin,
    })
    .map(({ origin, until, ...r }) => ({
      ...r,
      ...(until !== undefined ? { until } : {}),
      ...(origin !== undefined ? { origin } : {}),
    })),
  { maxLength: 40 },
);

/** The last date `id` visited `entityId` in `history`, or "". */
function lastVisit(history: readonly HistoryRecord[], entityId: string, id: string): string {
  const dates = history
    .filter((h) => h.entityId === entityId && h.inspectorIds.includes(id))
    .map((h) => h.inspectedOn)
    .sort();
  return dates.at(-1) ?? "";
}

describe("columnar history and conflicts", () => {
  it("law: the records come back equal, in order, with their origin (so the content digest is the same)", () => {
    fc.assert(
      fc.property(arbHistory, arbConflicts, (history, conflicts) => {
        const h = HistoryTable.of(history);
        const c = ConflictTable.of(conflicts);
        expect(h.length).toBe(history.length);
        expect([...h]).toEqual(history);
        expect([...c]).toEqual(conflicts);
        expect(history.map((_, k) => h.at(k))).toEqual(history);
        expect(contentDigest("history", h)).toEqual(contentDigest("history", history));
        expect(contentDigest("conflicts", c)).toEqual(contentDigest("conflicts", conflicts));
        expect(contentDigest("history", h.values())).toEqual(contentDigest("history", history));
        expect(contentDigest("conflicts", c.values())).toEqual(contentDigest("conflicts", conflicts));
        expect([...h.values()]).toEqual(history.map(({ origin: _, ...r }) => r));
        expect(HistoryTable.of(h)).toBe(h);
      }),
    );
  });

  it("law: a conflicts table sent to or from a worker thread (plain columns, cloned) gives the same records", () => {
    fc.assert(
      fc.property(arbConflicts, (conflicts) => {
        // Arrange
        const c = ConflictTable.of(conflicts);
        // Act
        const back = ConflictTable.fromPlain(structuredClone(c.toPlain()));
        // Assert
        expect([...back]).toEqual(conflicts);
        expect(back.length).toBe(conflicts.length);
        expect(contentDigest("conflicts", back.values())).toEqual(contentDigest("conflicts", conflicts));
        if (conflicts.length > 0) expect(back.rowsById().first(conflicts[0]!.entityId)).toBe(0);
      }),
    );
  });

  it("law: the rows of an id are those holding it, in row order; ids compare as strings do", () => {
    fc.assert(
      fc.property(fc.array(arbEntityId, { maxLength: 60 }), arbEntityId, (ids, probe) => {
        const col = new IdColumn(1);
        for (const id of ids) col.push(id);
        col.finish();
        const byId = col.index();
        for (const id of [...ids, probe]) {
          const rows: number[] = [];
          for (let k = byId.first(id); k >= 0; k = byId.next(k)) rows.push(k);
          expect(rows).toEqual(ids.flatMap((x, k) => (x === id ? [k] : [])));
        }
        expect([...byId.heads()]).toEqual(ids.flatMap((x, k) => (ids.indexOf(x) === k ? [k] : [])));
        ids.forEach((x, k) => {
          expect(col.get(k)).toBe(x);
          expect(col.is(k, probe)).toBe(x === probe);
          if (k > 0) expect(col.same(k, k - 1)).toBe(x === ids[k - 1]);
        });
      }),
    );
  });

  it("law: the history exclusions are those of the plain definition (window first, then the year)", () => {
    fc.assert(
      fc.property(
        arbHistory,
        arbDate,
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
        fc.boolean(),
        fc.subarray(["GS-001", "GS-002", "XX"]),
        (history, referenceDate, within, thisYear, itemIds) => {
          const config = {
            itemIds,
            referenceDate,
            sameItemThisYear: thisYear,
            ...(within !== undefined ? { sameItemWithinDays: within } : {}),
          };
          const table = HistoryTable.of(history);
          const got = historyExclusionRows(table, config);
          const plain = historyIndex(history, itemIds);
          const start = within === undefined ? undefined : addDays(referenceDate, -within);
          const want: [string, number][] = [];
          for (const [id, dates] of plain) {
            if (start !== undefined && dates.some((d) => d >= start && d <= referenceDate))
              want.push([id, 2]);
            else if (thisYear && dates.some((d) => d.slice(0, 4) === referenceDate.slice(0, 4)))
              want.push([id, 1]);
          }
          expect(got.entities).toBe(plain.size);
          // the order (of each entity's first record) decides nothing: the frame looks the entities up
          const byId = (a: [string, number | undefined], b: [string, number | undefined]) =>
            a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
          const rows = [...got.rows].map((r, k): [string, number | undefined] => [
            table.entities.get(r),
            got.codes[k],
          ]);
          expect(rows.sort(byId)).toEqual(want.sort(byId));
          // what a worker thread gets (the task's items only, cloned) decides the same
          const sent = HistoryTable.of(structuredClone(table.frameColumns(itemIds)));
          const there = historyExclusionRows(sent, config);
          expect(there.entities).toBe(plain.size);
          const rowsThere = [...there.rows].map((r, k): [string, number | undefined] => [
            sent.entities.get(r),
            there.codes[k],
          ]);
          expect(rowsThere.sort(byId)).toEqual(want);
        },
      ),
    );
  });

  it("law: the frame rules exclude by history as the plain definition, with tickets that collide", () => {
    fc.assert(
      fc.property(
        arbHistory,
        arbDate,
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
        fc.boolean(),
        fc.array(arbEntityId, { maxLength: 12 }),
        (history, referenceDate, within, thisYear, probes) => {
          const config = {
            itemIds: ["GS-001"],
            referenceDate,
            sameItemThisYear: thisYear,
            ...(within !== undefined ? { sameItemWithinDays: within } : {}),
            excludedIds: new Set<string>(),
            forcedIds: new Set<string>(),
            forcedTags: [],
          } as unknown as DrawConfig;
          // three ticket values for every id: hits on the ticket are mostly other entities
          const tiny = (id: string) => id.length % 3;
          const machine = {
            value: tiny,
            values: (ids: readonly string[], out: Float64Array) => {
              ids.forEach((id, k) => {
                out[k] = tiny(id);
              });
              return out;
            },
          } as unknown as TicketMachine;
          const rules = new FrameRules(config, machine, HistoryTable.of(history));
          const start = within === undefined ? undefined : addDays(referenceDate, -within);
          for (const id of [...history.map((h) => h.entityId), ...probes]) {
            const dates = history
              .filter((h) => h.entityId === id && h.itemId === "GS-001")
              .map((h) => h.inspectedOn);
            const want =
              start !== undefined && dates.some((d) => d >= start && d <= referenceDate)
                ? "inspected-within-window"
                : thisYear && dates.some((d) => d.slice(0, 4) === referenceDate.slice(0, 4))
                  ? "inspected-this-year"
                  : undefined;
            const e = { id, status: "active", tags: [] } as unknown as Entity;
            const d = rules.decide(e, machine.value(id));
            expect(d.kind === "excluded" ? d.reason : undefined).toBe(want);
          }
        },
      ),
    );
  });

  it("law: conflicts and rotation decide as the plain records do", () => {
    fc.assert(
      fc.property(
        arbHistory,
        arbConflicts,
        arbEntityId,
        arbDate,
        fc.integer({ min: 0, max: 400 }),
        (history, conflicts, entityId, date, days) => {
          const elig = new Eligibility(conflicts, history, { rotationWithinDays: days });
          const start = addDays(date, -days);
          for (const id of ["FZ01", "FZ02", "FZ03", "ZZ09", "FZ77"]) {
            const conflict = conflicts.some(
              (c) =>
                c.entityId === entityId && c.inspectorId === id && (c.until === undefined || date <= c.until),
            );
            expect(elig.inConflict(id, entityId, date)).toBe(conflict);
            const last = lastVisit(history, entityId, id);
            const rotation = last !== "" && last <= date && last >= start;
            const reason = elig.reason(inspector(id), entityId, "350102", date);
            expect(reason).toBe(conflict ? "conflict" : rotation ? "rotation" : "");
          }
          // the inspectors blocked by rotation, in order of first appearance in the history
          const seen: string[] = [];
          for (const h of history)
            if (h.entityId === entityId) for (const i of h.inspectorIds) if (!seen.includes(i)) seen.push(i);
          const blocked = seen.filter((i) => {
            const last = lastVisit(history, entityId, i);
            return last >= start && last <= date;
          });
          expect(elig.rotationBlockedFor(entityId, date)).toEqual(blocked);
        },
      ),
    );
  });

  it("law: the reference checks find the same issues on a table as on the records", () => {
    fc.assert(
      fc.property(arbHistory, arbConflicts, (history, conflicts) => {
        const input = {
          taskItems: ["GS-001"],
          inspectors: [inspector("FZ01"), inspector("FZ02")],
          items: [],
        };
        const tables = checkReferences({
          ...input,
          history: HistoryTable.of(history),
          conflicts: ConflictTable.of(conflicts),
        });
        const plain: unknown[] = [];
        for (const c of conflicts)
          if (c.inspectorId !== "FZ01" && c.inspectorId !== "FZ02")
            plain.push(["unknown-inspector", c.origin?.row, c.inspectorId]);
        for (const h of history) {
          plain.push(["unknown-item", h.origin?.row, h.itemId]);
          for (const i of h.inspectorIds)
            if (i !== "FZ01" && i !== "FZ02") plain.push(["unknown-inspector", i && h.origin?.row, i]);
        }
        expect(tables.filter((i) => i.key === undefined).map((i) => [i.code, i.row, i.received])).toEqual(
          plain,
        );
        expect(checkReferences({ ...input, history, conflicts })).toEqual(tables);
      }),
    );
  });
});

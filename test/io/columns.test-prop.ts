import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkColumns, editDistance, suggestColumn } from "../../src/model/columns.js";
import { COLUMNS, type RecordKind } from "../../src/model/records.js";

const KINDS = Object.keys(COLUMNS) as RecordKind[];
const fold = (s: string) => s.replace(/[\s_.-]/g, "").toLowerCase();

describe("column laws", () => {
  it("law: every known name (canonical or Chinese) is read as its column, never as unknown", () => {
    for (const kind of KINDS)
      for (const c of COLUMNS[kind])
        for (const name of [c.key, ...c.zh]) {
          const r = checkColumns(COLUMNS[kind], [name], "f.csv");
          expect(r.keys).toEqual([c.key]);
          expect(r.issues.filter((i) => i.code === "unknown-column")).toEqual([]);
        }
  });
  it("law: one typo in a canonical key (a letter dropped, added, changed or two swapped) gets a suggestion at most one edit away", () => {
    const arb = fc
      .constantFrom(
        ...KINDS.flatMap((k) => COLUMNS[k].filter((c) => c.key.length >= 4).map((c) => [k, c.key] as const)),
      )
      .chain(([kind, key]) =>
        fc.tuple(
          fc.constant(kind),
          fc.constant(key),
          fc.integer({ min: 0, max: key.length - 1 }),
          fc.constantFrom("drop", "add", "change", "swap"),
          fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"),
        ),
      );
    fc.assert(
      fc.property(arb, ([kind, key, i, op, ch]) => {
        // Arrange
        const typo =
          op === "drop"
            ? key.slice(0, i) + key.slice(i + 1)
            : op === "add"
              ? key.slice(0, i) + ch + key.slice(i)
              : op === "change"
                ? key.slice(0, i) + ch + key.slice(i + 1)
                : i + 1 < key.length
                  ? key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2)
                  : key;
        // Act
        const s = suggestColumn(COLUMNS[kind], typo);
        // Assert
        expect(s).toBeDefined();
        expect(editDistance(fold(typo), fold(s!.name))).toBeLessThanOrEqual(1);
      }),
    );
  });
});

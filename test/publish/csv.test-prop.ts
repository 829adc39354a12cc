import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOM, neutraliseCell, toCsv } from "../../src/publish/csv.js";

// Cells made of the characters that matter to CSV and to spreadsheets, and some that do not.
const cell = fc
  .array(fc.constantFrom(",", '"', "\r", "\n", "=", "+", "-", "@", "\t", "'", " ", "a", "甲", "1", "𠀀"), {
    maxLength: 8,
  })
  .map((cs) => cs.join(""));

describe("publication CSV (law)", () => {
  it("reads back, by an independent RFC 4180 parser, as the neutralised cells", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((w) =>
          fc.tuple(
            fc.array(cell, { minLength: w, maxLength: w }),
            fc.array(fc.array(fc.oneof(cell, fc.integer()), { minLength: w, maxLength: w }), {
              maxLength: 6,
            }),
          ),
        ),
        ([header, rows]) => {
          const text = toCsv(header, rows);
          expect(text.startsWith(BOM)).toBe(true);
          expect(text.endsWith("\r\n")).toBe(true);
          const back = parse(text.slice(1), {
            relax_column_count: false,
            record_delimiter: ["\r\n", "\n", "\r"],
          });
          const want = [header, ...rows].map((r) => r.map((c) => neutraliseCell(String(c))));
          expect(back).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });
});

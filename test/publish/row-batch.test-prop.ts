import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packRows, unpackRows } from "../../src/io/row-batch.js";

describe("rows sent to the workbook worker as one string and the cells' lengths", () => {
  it("arrive as they were sent: any text (separators, surrogates, empty cells), any row length", () => {
    const cell = fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.constant(""));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 15 }), { maxLength: 40 }), (rows) => {
        const sent = packRows(rows);
        // as postMessage hands it over
        const received = structuredClone(sent);
        expect(unpackRows(received)).toEqual(rows);
      }),
    );
  });

  it("refuse a cell that is not text, as the workbook writer does", () => {
    expect(() => packRows([["a", 1 as unknown as string]])).toThrow(TypeError);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planText } from "../../src/plan/json.js";

/** The layout planText promises, one record at a time (the reference its batched records must equal). */
function reference(v: unknown, indent = ""): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const inner = `${indent}  `;
    return `[\n${v.map((x) => `${inner}${JSON.stringify(x)}`).join(",\n")}\n${indent}]`;
  }
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${reference(x, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(v);
}

// strings full of the characters that delimit records, so that "},{" turns up inside values
const tricky = fc.string({
  unit: fc.constantFrom("}", ",", "{", "[", "]", '"', "\\", "a", "甲", "\n"),
  maxLength: 8,
});
const value = fc.oneof(
  tricky,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const record = fc.oneof(
  fc.dictionary(fc.constantFrom("id", "name", "k", "x"), value),
  fc.record({
    id: tricky,
    rows: fc.array(fc.dictionary(fc.constantFrom("a", "b"), value), { maxLength: 3 }),
  }),
  fc.record({
    id: tricky,
    ids: fc.array(tricky, { maxLength: 3 }),
    n: fc.option(fc.integer(), { nil: undefined }),
  }),
);

describe("planText (law)", () => {
  it("lays records out one per line exactly as one JSON.stringify each, across chunk boundaries", () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 20 }),
        fc.integer({ min: 0, max: 1500 }),
        fc.array(fc.oneof(record, tricky, fc.array(value, { maxLength: 2 })), { maxLength: 4 }),
        (pool, n, mixed) => {
          const rows = pool.length === 0 ? [] : Array.from({ length: n }, (_, i) => pool[i % pool.length]);
          const plan = { a: 1, rows, mixed: [...rows.slice(0, 600), ...mixed], nested: { rows } };
          const text = planText(plan);
          expect(text).toBe(`${reference(plan)}\n`);
          expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(plan)));
        },
      ),
      { numRuns: 150 },
    );
  });
});

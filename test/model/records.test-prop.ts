import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COLUMNS, checkHeader, entityCellReader, toEntity } from "../../src/model/records.js";
import { makeUscc } from "../helpers.js";

/** Mostly the first (valid) value, so that a good share of rows is valid and the direct path is exercised. */
const mostly = (...vs: string[]) =>
  fc.oneof(
    { arbitrary: fc.constant(vs[0]!), weight: 3 * vs.length },
    { arbitrary: fc.constantFrom(...vs), weight: vs.length },
  );

// Cell values near the edges of every check: valid and invalid codes, white space, prototype names, odd
// numbers and dates, tag lists with both semicolons.
const id = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 999 }).map((n) => makeUscc(n)), weight: 6 },
  fc.integer({ min: 1, max: 999 }).map((n) => makeUscc(n, "350103")),
  fc.integer({ min: 1, max: 999 }).map((n) => `${makeUscc(n).slice(0, 17)}Z`),
  fc.constantFrom("", " 91350102000000001X", "123"),
);
const text = mostly("甲公司", "", " 甲", "甲\u3000", "A", "a b", "\t");
const cellsOf: Record<string, fc.Arbitrary<string>> = {
  id,
  name: text,
  kind: mostly("enterprise", "企业", "个体工商户", "other", "constructor", "toString", "", "Enterprise"),
  region: mostly("350102", "350103", "35010", "3501020", "35010x", ""),
  industry: mostly("", "C13", " C13", "食品"),
  riskClass: mostly("A", "B", "", " A", "甲类"),
  weight: mostly("", "0", "7", "01", "1e3", "-1", "1.5", "9007199254740993", " 3"),
  status: mostly("active", "存续", "注销", "吊销，未注销", "hasOwnProperty", "", "Active"),
  registeredOn: mostly("", "2020-02-29", "2021-02-29", "2020-1-1", " 2020-01-01"),
  tags: mostly("", "重点", "重点;食品", "重点；食品", "重点;", ";", "重点; 食品", "a;;b"),
  address: mostly("", "福州市鼓楼区五四路1号", " 福州市", "x "),
  legalRepresentative: mostly("", "张三", " 张三", "李四 "),
};
// a header: the columns in any order, optional ones sometimes left out, sometimes an unknown column
const header = fc
  .tuple(
    fc.shuffledSubarray(
      COLUMNS.entities.map((c) => c.key),
      { minLength: COLUMNS.entities.length - 6 },
    ),
    fc.boolean(),
  )
  .map(([keys, extra]) => (extra ? [...keys, "备注"] : keys));

describe("entity rows from cells (law)", () => {
  it("the direct reader gives exactly toEntity's entity, or leaves the row to toEntity", () => {
    let direct = 0;
    fc.assert(
      fc.property(
        header.chain((h) =>
          fc.tuple(fc.constant(h), fc.tuple(...h.map((k) => cellsOf[k] ?? fc.constant("x")))),
        ),
        fc.integer({ min: 2, max: 10_000 }),
        ([h, cells], row) => {
          const { keys } = checkHeader("entities", h, "e.csv");
          const e = entityCellReader(keys)(cells, "e.csv", row);
          const rec: Record<string, string> = {};
          keys.forEach((k, i) => {
            if (k !== undefined) rec[k] = cells[i]!;
          });
          const full = toEntity(rec, "e.csv", row);
          if (e === undefined) return;
          direct++;
          expect(full.issues).toEqual([]);
          expect(e).toEqual(full.value);
          expect(JSON.stringify(e)).toBe(JSON.stringify(full.value));
        },
      ),
      { numRuns: 5000 },
    );
    expect(direct).toBeGreaterThan(100);
  });

  it("reads every valid row directly (the fast path is not a stub)", () => {
    const h = COLUMNS.entities.map((c) => c.key);
    const read = entityCellReader(checkHeader("entities", h, "e.csv").keys);
    for (let n = 1; n <= 200; n++) {
      const cells = [
        makeUscc(n),
        `企业${n}`,
        "enterprise",
        "350102",
        "C13",
        "B",
        String(n),
        "存续",
        "2020-02-29",
        "重点；食品",
        n % 2 === 0 ? `福州市鼓楼区五四路${n}号` : "",
        n % 3 === 0 ? "张三" : "",
      ];
      const e = read(cells, "e.csv", n + 1);
      expect(e).toEqual(toEntity(Object.fromEntries(h.map((k, i) => [k, cells[i]])), "e.csv", n + 1).value);
    }
  });

  it("refuses prototype names as kinds and statuses (found while writing the direct reader)", () => {
    const r = toEntity(
      {
        id: makeUscc(1),
        name: "甲",
        kind: "constructor",
        region: "350102",
        riskClass: "A",
        status: "toString",
      },
      "e.csv",
      2,
    );
    expect(r.value).toBeUndefined();
    expect(r.issues.map((i) => i.column)).toEqual(["kind", "status"]);
  });
});

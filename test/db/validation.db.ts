// Validation in SQL (PostgreSQL and DuckDB) accepts and refuses exactly the rows the file readers accept and
// refuse (per column), and gives the same canonical values, for generated rows full of edge cases.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toEntity } from "../../src/model/records.js";
import { usccCheckChar } from "../../src/model/uscc.js";
import { entityOf } from "../../src/sources/pushdown.js";
import { openDuckDb, openPostgres, type SqlRunner } from "../../src/sources/runner.js";
import { lit } from "../../src/sql/dialect.js";
import { canonicalRowsSql, type EntityColumn, validationSql } from "../../src/sql/entities.js";
import { pgUrl, server } from "./helpers.js";

const COLS = [
  "id",
  "name",
  "kind",
  "region",
  "industry",
  "riskClass",
  "weight",
  "status",
  "registeredOn",
  "tags",
] as const;
const pad = fc.constantFrom(" ", "\u3000", "\t", "\uFEFF", "\u00A0", "\u2028");
/** Mostly a good value, sometimes a bad one or a good one with white space around it. */
const cell = (good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 20, arbitrary: good },
    { weight: 1, arbitrary: bad },
    { weight: 1, arbitrary: fc.tuple(pad, good).map(([a, x]) => (x === "" ? x : a + x)) },
    { weight: 1, arbitrary: fc.tuple(good, pad).map(([x, b]) => (x === "" ? x : x + b)) },
  );
const body = fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{17}$/);
const ROW = fc.record({
  id: cell(
    body.map((b) => b + usccCheckChar(b)),
    fc.oneof(
      body.map((b) => `${b}0`),
      fc.constantFrom("", "91350100M000100Y4统", "91350100m000100Y43", "9135010"),
    ),
  ),
  name: cell(fc.constantFrom("福州某某有限公司", "个体户"), fc.constant("")),
  kind: cell(fc.constantFrom("enterprise", "企业", "个体工商户", "other"), fc.constantFrom("公司", "")),
  region: cell(fc.constantFrom("350102", "350100"), fc.constantFrom("35010", "３５０１０２", "")),
  industry: cell(fc.constantFrom("", "5211", "餐饮"), fc.constant("")),
  riskClass: cell(fc.constantFrom("A", "D"), fc.constant("")),
  weight: cell(
    fc.constantFrom("", "0", "0007", "12", "9007199254740991", "00009007199254740991"),
    fc.constantFrom("-3", "1.5", "9007199254740992", " 5"),
  ),
  status: cell(
    fc.constantFrom("存续", "active", "注销", "吊销，未注销", "歇业"),
    fc.constantFrom("unknown", ""),
  ),
  registeredOn: cell(
    fc.constantFrom("", "2024-02-29", "2026-12-31", "0000-01-01"),
    fc.constantFrom("2023-02-29", "2026-04-31", "26-1-1", "2026-13-01", "2026-00-10"),
  ),
  tags: cell(
    fc.constantFrom("", "经营异常名录", "a;b", "a；b"),
    fc.constantFrom("a;;b", ";a", "a;", "a; b", "a\u3000;b"),
  ),
});

const runners: [string, () => Promise<SqlRunner>][] = [
  [
    "PostgreSQL",
    () => {
      process.env.PGPASSWORD = server().password;
      return openPostgres(pgUrl());
    },
  ],
  ["DuckDB", () => openDuckDb()],
];

for (const [name, open] of runners) {
  describe(`validation in ${name}`, () => {
    let r: SqlRunner;
    beforeAll(async () => {
      r = await open();
    });
    afterAll(async () => {
      await r.close();
    });
    it("refuses the columns the file reader refuses, and gives its values otherwise", async () => {
      const rows = fc.sample(ROW, { numRuns: 200, seed: 1616 });
      const values = rows
        .map((x, i) => `(${i}, ${COLS.map((c) => (x[c] === "" ? "null" : lit(x[c]))).join(", ")})`)
        .join(", ");
      const from = `(select * from (values ${values}) v (n, ${COLS.map((c) => `"${c}"`).join(", ")}))`;
      const columns = new Map<EntityColumn, { name: string }>(COLS.map((c) => [c, { name: c }]));
      const rel = { from, columns };
      // each row alone, so that the key need not be unique
      let valid = 0;
      for (let i = 0; i < rows.length; i += 1) {
        const one = { ...rel, from: `(select * from ${from} s where n = ${i})` };
        const bad = await r.query(validationSql(r.dialect, one, undefined, 10));
        const sqlCols = bad.length
          ? String(bad[0]!.problems)
              .split(",")
              .map((p) => p.split("=")[0])
              .sort()
          : [];
        const ts = toEntity(rows[i]!, "f", 2);
        const tsCols = [
          ...new Set(ts.issues.filter((x) => x.severity === "error").map((x) => x.column!)),
        ].sort();
        expect(sqlCols, JSON.stringify(rows[i])).toEqual(tsCols);
        if (ts.value) {
          valid++;
          const [c] = await r.query(canonicalRowsSql(r.dialect, one));
          const { origin: _, ...e } = ts.value;
          expect(entityOf(c!)).toEqual(e);
        }
      }
      expect(valid).toBeGreaterThan(20);
      expect(valid).toBeLessThan(rows.length - 20);
    });
  });
}

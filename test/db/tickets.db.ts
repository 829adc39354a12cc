// The ticket of SPEC §5.1 computed by PostgreSQL and by DuckDB equals the library's, for the test vectors and
// for arbitrary Unicode seeds, scopes and ids (multi-byte and astral characters, NFC folding, empty strings).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketOf } from "../../src/draw/ticket.js";
import { openDuckDb, openPostgres, type SqlRunner } from "../../src/sources/runner.js";
import { type Dialect, DUCKDB, lit, POSTGRES } from "../../src/sql/dialect.js";
import { TICKET_VECTORS } from "../helpers.js";
import { pgUrl, server } from "./helpers.js";

const VECTORS = TICKET_VECTORS;

/** The SPEC §5.1 ticket as one expression of the dialect (as the generated SQL writes it). */
function ticketSql(d: Dialect, seed: string, scope: string, id: string): string {
  return `substr(${d.sha256Hex(`${d.sha256Bytes(d.utf8(d.nfc(lit(seed))))} || ${d.utf8(lit(scope))} || ${d.zeroByte} || ${d.utf8(lit(id))}`)}, 1, 13)`;
}

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
  describe(`tickets in ${name}`, () => {
    let r: SqlRunner;
    beforeAll(async () => {
      r = await open();
    });
    afterAll(async () => {
      await r.close();
    });
    it("gives the SPEC §5 test vectors", async () => {
      const sql = VECTORS.map(
        ([s, sc, id], i) => `select ${i} as i, ${ticketSql(r.dialect, s, sc, id)} as t`,
      ).join(" union all ");
      const rows = await r.query(`${sql} order by i`);
      expect(rows.map((x) => x.t)).toEqual(VECTORS.map((v) => v[3]));
    });
    it("equals the library's ticket for any Unicode seed, scope and id", async () => {
      const text = fc.string({ unit: "grapheme", maxLength: 12 });
      const cases = fc.sample(fc.tuple(text, text, text), { numRuns: 300, seed: 16 });
      cases.push(["seed", "scope", "91350100M000100Y4😀"], ["種子", "抽查", "统一社会信用代码ＡＢＣ"]);
      const sql = cases
        .map(([s, sc, id], i) => `select ${i} as i, ${ticketSql(r.dialect, s, sc, id)} as t`)
        .join(" union all ");
      const rows = await r.query(`${sql} order by i`);
      expect(rows.map((x) => x.t)).toEqual(cases.map(([s, sc, id]) => ticketOf(s, sc, id)));
    });
  });
}

it("the dialects are the two the draw is generated for", () => {
  expect([POSTGRES.name, DUCKDB.name]).toEqual(["postgres", "duckdb"]);
});

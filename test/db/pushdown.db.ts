// The first pass computed in the database (PostgreSQL and DuckDB) lets the library's draw finish without
// reading a single row itself, and gives the draw of the same records in memory, for scope filters, forced
// and excluded lists, history, stratification by several fields, every rounding, bounds and reserve.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drawConfigFromTask } from "../../src/draw/config.js";
import { type DrawOptions, drawEntities } from "../../src/draw/draw.js";
import { loadRecords } from "../../src/io/read.js";
import type { Task } from "../../src/model/schemas.js";
import type { Entity, HistoryRecord } from "../../src/model/types.js";
import { randomness } from "../../src/random/randomness.js";
import {
  contentDigest,
  drawSqlInput,
  materialize,
  pushDownFirstPass,
  validate,
} from "../../src/sources/pushdown.js";
import { relationOf } from "../../src/sources/relation.js";
import { openDuckDb, openPostgres, type SqlRunner } from "../../src/sources/runner.js";
import { candidatesSql, cutShortfallSql } from "../../src/sql/entities.js";
import { contentDigestTs, loadTable, parseCsv, pgUrl, server } from "./helpers.js";

const base = JSON.parse(readFileSync("seeds/task.json", "utf8")) as Task;
let entities: Entity[];
let history: HistoryRecord[];

const VARIANTS: [string, (t: Task) => Task][] = [
  ["the demo task", (t) => t],
  [
    "a directed scope, two stratification fields, floor rounding and bounds",
    (t) => ({
      ...t,
      scope: {
        mode: "directed",
        filters: {
          kind: ["enterprise", "individual"],
          regionPrefix: ["3501"],
          registeredAfter: "2005-01-01",
        },
      },
      sampling: {
        ...t.sampling,
        stratifyBy: ["riskClass", "region:4"],
        rounding: "floor",
        min: 1,
        max: 40,
        rates: { "*": "7%", D: 1 },
      },
    }),
  ],
  [
    "industry prefix, tags, round, forced and excluded lists, a window of history",
    (t) => ({
      ...t,
      scope: { mode: "directed", filters: { industryPrefix: ["52", "62"], registeredBefore: "2020-06-30" } },
      exclusions: {
        sameItemWithinDays: 700,
        sameItemThisYear: false,
        entities: [entities[3]!.id, "913502000728319549"],
      },
      forced: { tags: ["经营异常名录", "严重违法失信名单"], entities: [entities[5]!.id] },
      sampling: {
        ...t.sampling,
        stratifyBy: ["kind", "industry"],
        rounding: "round",
        reserve: "25%",
        rates: { "*": 0.13 },
      },
    }),
  ],
  [
    "no stratification, everything in reserve",
    (t) => ({ ...t, sampling: { stratifyBy: [], rates: { "*": 0.5 }, reserve: 1 } }),
  ],
];

const runners: [string, () => Promise<{ runner: SqlRunner; from: string }>][] = [
  ["PostgreSQL", async () => ({ runner: await openPostgres(pgUrl()), from: "public.variants" })],
  [
    "DuckDB",
    async () => ({
      runner: await openDuckDb(),
      from: "read_csv('seeds/entities.csv', header = true, all_varchar = true)",
    }),
  ],
];

beforeAll(async () => {
  process.env.PGPASSWORD = server().password;
  entities = (await loadRecords("entities", "seeds/entities.csv")).records.map(
    ({ origin: _, ...e }) => e as Entity,
  );
  history = (await loadRecords("history", "seeds/history.csv")).records;
  await loadTable("public.variants", parseCsv(readFileSync("seeds/entities.csv", "utf8")));
});

for (const [name, open] of runners) {
  describe(`first pass in ${name}`, () => {
    let runner: SqlRunner;
    let from: string;
    beforeAll(async () => {
      ({ runner, from } = await open());
    });
    afterAll(async () => {
      await runner.close();
    });

    for (const [label, variant] of VARIANTS) {
      it(`gives the in-memory draw: ${label}`, async () => {
        const cfg = drawConfigFromTask(variant(base));
        if (!cfg.ok) throw new Error(JSON.stringify(cfg.issues));
        const options: DrawOptions = {
          random: randomness(`seed ${label}`, cfg.value.taskId),
          config: cfg.value,
          history,
        };
        const rel = relationOf(from, await runner.columns(from), "t");
        if (!rel.ok) throw new Error("columns");
        expect(await validate(runner, rel.relation, "t")).toEqual([]);
        // computed over the relation itself, and over its rows decided once into a temporary table
        const first = await pushDownFirstPass(runner, rel.relation, options);
        const rows = await materialize(
          runner,
          rel.relation,
          options,
          `dr_v${VARIANTS.findIndex((v) => v[0] === label)}`,
        );
        expect(await validate(runner, rows, "t")).toEqual([]);
        const fromRows = await pushDownFirstPass(runner, rows, options);
        const noRead = () => {
          throw new Error("the draw read the source: the first pass was not enough");
        };
        const db = await drawEntities(noRead, options, async () => first);
        const mem = await drawEntities(() => entities, options);
        expect(db.ok && mem.ok).toBe(true);
        if (!db.ok || !mem.ok) return;
        expect(db.value.selected.length).toBeGreaterThan(0);
        expect({ ...db.value, passes: 0 }).toEqual({ ...mem.value, passes: 0 });
        const db2 = await drawEntities(noRead, options, async () => fromRows);
        expect(db2).toEqual(db);
        expect(db.issues).toEqual(mem.issues);
      });
    }

    it("names the strata whose ticket cut leaves too few rows, and ranks all rows of the others", async () => {
      const cfg = drawConfigFromTask(base);
      if (!cfg.ok) throw new Error("task");
      const options: DrawOptions = {
        random: randomness("cut", cfg.value.taskId),
        config: cfg.value,
        history,
      };
      const rel = relationOf(from, await runner.columns(from), "t");
      if (!rel.ok) throw new Error("columns");
      const x = drawSqlInput(runner.dialect, options);
      const all = await runner.query(candidatesSql(runner.dialect, rel.relation, x));
      // a cut far too low for stratum A, none for the others
      const cut = { ...x, cuts: new Map([["A", "0000000000001"]]) };
      const short = await runner.query(cutShortfallSql(runner.dialect, rel.relation, cut));
      expect(short.map((r) => r.stratum)).toEqual(["A"]);
      const some = await runner.query(candidatesSql(runner.dialect, rel.relation, cut));
      const ids = (rows: typeof all, k: string) =>
        rows
          .filter((r) => r.stratum === k)
          .map((r) => String(r.id))
          .sort();
      expect(ids(some, "B")).toEqual(ids(all, "B"));
      expect(ids(some, "A").length).toBeLessThan(ids(all, "A").length);
    });

    it("computes content@1 as the TypeScript reference does", async () => {
      const rel = relationOf(from, await runner.columns(from), "t");
      if (!rel.ok) throw new Error("columns");
      expect(await contentDigest(runner, rel.relation)).toEqual(contentDigestTs(entities));
    });

    it("computes the same content@1 from chunks of sorted record digests (a directory past 1 GB of digests)", async () => {
      const rel = relationOf(from, await runner.columns(from), "t");
      if (!rel.ok) throw new Error("columns");
      const want = contentDigestTs(entities);
      // chunk sizes that divide the rows, leave a short last chunk, hold one row, and hold them all
      for (const chunkRows of [1, 7, 64, entities.length, entities.length + 1])
        expect(await contentDigest(runner, rel.relation, { singleRows: 0, chunkRows })).toEqual(want);
      // the row count known beforehand (as the draw knows it), and the threshold as the CLI reads it
      expect(await contentDigest(runner, rel.relation, { rows: entities.length, singleRows: 10 })).toEqual(
        want,
      );
      process.env.DOUBLE_RANDOM_DIGEST_ROWS = "0";
      try {
        expect(await contentDigest(runner, rel.relation)).toEqual(want);
        // and the draw's first pass, which knows its row count, records the same digest
        const cfg = drawConfigFromTask(base);
        if (!cfg.ok) throw new Error("task");
        const options = { random: randomness("chunks", cfg.value.taskId), config: cfg.value, history };
        const first = await pushDownFirstPass(runner, rel.relation, options);
        expect(first.content && "digest" in first.content ? first.content.digest : undefined).toEqual({
          format: "content@1",
          sha256: want.sha256,
          records: want.rows,
        });
      } finally {
        delete process.env.DOUBLE_RANDOM_DIGEST_ROWS;
      }
      // the temporary tables are dropped
      const left = await runner.query(
        runner.dialect.name === "postgres"
          ? "select count(*) as n from pg_tables where tablename like 'dr_content_%'"
          : "select count(*) as n from duckdb_tables() where table_name like 'dr_content_%'",
      );
      expect(Number(left[0]?.n)).toBe(0);
    });
  });
}

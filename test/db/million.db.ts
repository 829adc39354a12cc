// A table of 1,000,000 rows generated in PostgreSQL (generate_series; the GB 32100 check digit computed in SQL)
// with ids of every legal shape — every character of the charset at every position — drawn in the database
// gives the draw of the same rows in memory. With DR_BENCH_1M=1 it also exports the rows to CSV and times the
// whole CLI draw of the CSV file against the table (figures printed, decisions compared).
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { drawConfigFromTask } from "../../src/draw/config.js";
import { type DrawOptions, drawEntities } from "../../src/draw/draw.js";
import { loadRecords } from "../../src/io/read.js";
import type { Entity } from "../../src/model/types.js";
import { USCC_CHARSET } from "../../src/model/uscc.js";
import { randomness } from "../../src/random/randomness.js";
import { entityOf, materialize, pushDownFirstPass, validate } from "../../src/sources/pushdown.js";
import { relationOf } from "../../src/sources/relation.js";
import { openPostgres } from "../../src/sources/runner.js";
import { canonicalRowsSql } from "../../src/sql/entities.js";
import { pgUrl, server, sql } from "./helpers.js";

const CLI = resolve("dist/cli.js");
const N = 1_000_000;
const BENCH = process.env.DR_BENCH_1M === "1";
let dir: string;

/** The i-th character of the charset, for an integer SQL expression. */
const ch = (x: string) => `substr('${USCC_CHARSET}', 1 + ((${x}) % 31)::int, 1)`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dr-1m-"));
  const g = spawnSync(
    process.execPath,
    ["--import", "tsx", "examples/generate-seeds.ts", dir, "--entities", "10", "--inspectors", "1500"],
    {
      encoding: "utf8",
    },
  );
  if (g.status !== 0) throw new Error(g.stderr);
  process.env.PGPASSWORD = server().password;
  const t0 = performance.now();
  const lap = (what: string) => console.log(`${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  lap("seeds generated");
  // body: position 1 and 2 run through the charset, 3–8 the region, 9–12 mixed, 13–17 the row number in base 31
  const body = [
    ch("i"),
    ch("i / 31 + i"),
    "region",
    ch("i * 7"),
    ch("i * 11 + 3"),
    ch("i * 13 + 5"),
    ch("i / 7"),
    ...[4, 3, 2, 1, 0].map((k) => ch(`i / ${31 ** k}`)),
  ].join(" || ");
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = W.map((w, k) => `(strpos('${USCC_CHARSET}', substr(b, ${k + 1}, 1)) - 1) * ${w}`).join(" + ");
  await sql("drop table if exists public.million");
  await sql(`create unlogged table public.million as
    with g as (select i, lpad(((350100 + (i % 30)))::text, 6, '0') as region from generate_series(1, ${N}) i),
    b as (select i, region, ${body} as b from g)
    select b || substr('${USCC_CHARSET}', 1 + (31 - (${sum}) % 31) % 31, 1) as id,
      '企业' || i as name,
      (array['enterprise', 'individual', 'cooperative', 'other'])[1 + i % 4] as kind,
      region,
      (array['5211', '6210', '1391', null])[1 + i % 4] as industry,
      (array['A', 'A', 'A', 'B', 'B', 'B', 'B', 'C', 'C', 'D'])[1 + (i * 7) % 10] as "riskClass",
      (i % 50)::text as weight,
      (array['存续', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', '注销'])[1 + (i * 3) % 10] as status,
      (date '2000-01-01' + (i % 9000))::text as "registeredOn",
      case when i % 97 = 0 then '经营异常名录' when i % 1009 = 0 then '严重违法失信名单;投诉举报' else null end as tags
    from b`);
  lap("table of 1M rows generated in SQL");
  if (!BENCH) return;
  // the same rows as CSV, read back through a cursor
  const runner = await openPostgres(pgUrl());
  const out = createWriteStream(join(dir, "entities.csv"));
  const cols = [
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
  ];
  out.write(`${cols.join(",")}\n`);
  for await (const rows of runner.stream(
    `select ${cols.map((c) => `"${c}"`).join(", ")} from public.million`,
  )) {
    let s = "";
    for (const r of rows) s += `${cols.map((c) => (r[c] ?? "") as string).join(",")}\n`;
    if (!out.write(s)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  await runner.close();
  lap("exported to CSV");
});

function draw(
  name: string,
  entities: unknown,
): { plan: Record<string, unknown>; seconds: number; err: string } {
  const t = JSON.parse(readFileSync(join(dir, "task.json"), "utf8"));
  t.inputs.entities = entities;
  t.sampling.rates = { A: "1%", B: "2%", C: "5%", D: "10%" };
  t.teams = { ...t.teams, maxTasksPerInspector: 100, maxTasksPerInspectorPerDay: 10 };
  writeFileSync(join(dir, `task-${name}.json`), JSON.stringify(t));
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    [CLI, "draw", `task-${name}.json`, "--seed", "百万", "--out", `out-${name}`, "--timings"],
    {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, CI: "1", PGPASSWORD: server().password },
    },
  );
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(r.stdout + r.stderr);
  return {
    plan: JSON.parse(readFileSync(join(dir, `out-${name}`, "plan.json"), "utf8")),
    seconds,
    err: r.stderr,
  };
}

it("a 1,000,000-row table drawn in PostgreSQL gives the draw of the same rows in memory", async () => {
  const shapes = await sql(
    "select count(distinct substr(id, 1, 1)) a, count(distinct substr(id, 2, 1)) b, count(distinct substr(id, 9, 1)) c, count(distinct substr(id, 18, 1)) d, count(distinct id) n from public.million",
  );
  expect(shapes.rows[0]).toEqual({ a: "31", b: "31", c: "31", d: "31", n: String(N) });
  const t = JSON.parse(readFileSync(join(dir, "task.json"), "utf8"));
  t.sampling.rates = { A: "1%", B: "2%", C: "5%", D: "10%" };
  const cfg = drawConfigFromTask(t);
  if (!cfg.ok) throw new Error("task");
  const history = (await loadRecords("history", join(dir, "history.csv"))).records;
  const options: DrawOptions = { random: randomness("百万", cfg.config.taskId), config: cfg.config, history };
  const runner = await openPostgres(pgUrl());
  const start = performance.now();
  await runner.begin();
  const rel = relationOf("public.million", await runner.columns("public.million"), "million");
  if (!rel.ok) throw new Error("columns");
  const rows = await materialize(runner, rel.relation, options);
  expect(await validate(runner, rows, "million")).toEqual([]);
  const first = await pushDownFirstPass(runner, rows, options);
  const db = await drawEntities(
    () => {
      throw new Error("read");
    },
    options,
    async () => first,
  );
  const inDb = (performance.now() - start) / 1000;
  const batches: Entity[][] = [];
  for await (const b of runner.stream(canonicalRowsSql(runner.dialect, rel.relation)))
    batches.push(b.map(entityOf));
  await runner.close();
  const t1 = performance.now();
  const mem = await drawEntities(
    () =>
      (async function* () {
        yield* batches;
      })(),
    options,
  );
  console.log(
    `1M draw: in PostgreSQL ${inDb.toFixed(1)} s; the same rows in memory ${((performance.now() - t1) / 1000).toFixed(1)} s`,
  );
  expect(db.ok && mem.ok).toBe(true);
  if (!db.ok || !mem.ok) return;
  expect(db.value.accounting.input).toBe(N);
  expect(db.value.selected.length).toBeGreaterThan(20_000);
  expect({ ...db.value, passes: 0 }).toEqual({ ...mem.value, passes: 0 });
});

it.runIf(BENCH)(
  "a 1,000,000-row table drawn in PostgreSQL gives the decisions of its CSV export",
  async () => {
    const shapes = await sql(
      "select count(distinct substr(id, 1, 1)) a, count(distinct substr(id, 2, 1)) b, count(distinct substr(id, 9, 1)) c, count(distinct substr(id, 18, 1)) d, count(distinct id) n from public.million",
    );
    expect(shapes.rows[0]).toEqual({ a: "31", b: "31", c: "31", d: "31", n: String(N) });
    const csv = draw("csv", "entities.csv");
    const db = draw("table", { url: pgUrl(), table: "public.million" });
    const line = (x: { err: string }) =>
      x.err
        .split("\n")
        .find((l) => l.includes("read entities + draw"))
        ?.trim() ?? "";
    console.log(
      `1M whole CLI draw: CSV ${csv.seconds.toFixed(1)} s, PostgreSQL table ${db.seconds.toFixed(1)} s`,
    );
    console.log(`  CSV:        ${line(csv)}\n  PostgreSQL: ${line(db)}`);
    for (const k of ["strata", "selected", "reserve", "excluded", "accounting", "assignments", "schedule"])
      expect(db.plan[k], k).toEqual(csv.plan[k]);
    expect((db.plan.inputs as Record<string, { rows: number }>).entities!.rows).toBe(N);
  },
);

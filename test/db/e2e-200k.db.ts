// Same task, same seed, a generated directory of 200,000 entities: the CSV file, a PostgreSQL table, a
// PostgreSQL query and a Parquet file give identical selected, reserve, excluded, teams and schedule (the built
// CLI, end to end). Prints the time of each draw.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { openDuckDb } from "../../src/sources/runner.js";
import { loadTable, parseCsv, pgUrl, server } from "./helpers.js";

const CLI = resolve("dist/cli.js");
let dir: string;

function draw(name: string, entities: unknown): { plan: Record<string, unknown>; seconds: number } {
  const t = JSON.parse(readFileSync(join(dir, "task.json"), "utf8"));
  t.inputs.entities = entities;
  // 1,500 inspectors staff ~19k visits only with a higher load cap
  t.teams = { ...t.teams, maxTasksPerInspector: 100, maxTasksPerInspectorPerDay: 10 };
  writeFileSync(join(dir, `task-${name}.json`), JSON.stringify(t));
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      CLI,
      "draw",
      `task-${name}.json`,
      "--seed",
      "2026-11-21 双色球第2026135期 03 07 12 19 25 31 + 09",
      "--out",
      `out-${name}`,
    ],
    { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "1", PGPASSWORD: server().password } },
  );
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(r.stderr);
  return { plan: JSON.parse(readFileSync(join(dir, `out-${name}`, "plan.json"), "utf8")), seconds };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dr-200k-"));
  const g = spawnSync(
    process.execPath,
    ["--import", "tsx", "examples/generate-seeds.ts", dir, "--entities", "200000", "--inspectors", "1500"],
    {
      encoding: "utf8",
    },
  );
  if (g.status !== 0) throw new Error(g.stderr);
  await loadTable("public.directory_200k", parseCsv(readFileSync(join(dir, "entities.csv"), "utf8")));
  const d = await openDuckDb();
  await d.query(
    `copy (select * from read_csv('${join(dir, "entities.csv")}', header = true, all_varchar = true)) to '${join(dir, "entities.parquet")}' (format parquet)`,
  );
  await d.close();
});

it("CSV, PostgreSQL table, PostgreSQL query and Parquet give the same plan", () => {
  const runs = {
    csv: draw("csv", "entities.csv"),
    table: draw("table", { url: pgUrl(), table: "public.directory_200k" }),
    query: draw("query", {
      url: pgUrl(),
      query: 'select * from public.directory_200k where "riskClass" is not null',
    }),
    parquet: draw("parquet", "entities.parquet"),
  };
  console.log(
    `200k draw (whole CLI run): ${Object.entries(runs)
      .map(([k, v]) => `${k} ${v.seconds.toFixed(1)} s`)
      .join(", ")}`,
  );
  const pick = (p: Record<string, unknown>) => ({
    selected: p.selected,
    reserve: p.reserve,
    excluded: p.excluded,
    assignments: p.assignments,
    schedule: p.schedule,
    strata: p.strata,
    accounting: p.accounting,
  });
  const csv = pick(runs.csv.plan);
  expect((csv.selected as unknown[]).length).toBeGreaterThan(10_000);
  expect(pick(runs.table.plan)).toEqual(csv);
  expect(pick(runs.query.plan)).toEqual(csv);
  expect(pick(runs.parquet.plan)).toEqual(csv);
});

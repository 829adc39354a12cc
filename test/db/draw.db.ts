// The draw pushed down into PostgreSQL and DuckDB gives the plan of the same rows read from CSV, decision for
// decision; bad rows are reported with their key and nothing is drawn; the password never shows.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { planFromFiles } from "../../src/cli/pipeline.js";
import type { Plan } from "../../src/plan/schema.js";
import { contentDigestTs, loadTable, parseCsv, pgUrl, server } from "./helpers.js";

let dir: string;
let rows: Record<string, string>[];

function task(entities: unknown, patch: (t: Record<string, unknown>) => void = () => {}): string {
  const t = JSON.parse(readFileSync(join(dir, "seeds/task.json"), "utf8"));
  t.inputs.entities = entities;
  patch(t);
  const p = join(dir, "seeds", `task-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, JSON.stringify(t, null, 2));
  return p;
}

async function plan(taskPath: string): Promise<Plan> {
  const r = await planFromFiles(taskPath, "db-test-seed", "");
  if ("code" in r) throw new Error(r.issues.map((i) => i.message).join("\n"));
  return r.plan;
}

/** The decisions of a plan (everything but where the inputs came from and the issues' locations). */
const decisions = (p: Plan) => ({
  strata: p.strata,
  selected: p.selected,
  reserve: p.reserve,
  excluded: p.excluded,
  accounting: p.accounting,
  assignments: p.assignments,
  schedule: p.schedule,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dr-db-"));
  cpSync("seeds", join(dir, "seeds"), { recursive: true });
  rows = parseCsv(readFileSync(join(dir, "seeds/entities.csv"), "utf8"));
  process.env.PGPASSWORD = server().password;
  await loadTable("public.demo", rows);
});

describe("PostgreSQL table and query", () => {
  it("give the CSV plan, decision for decision, with the content digest computed in the database", async () => {
    const csv = await plan(task("entities.csv"));
    const table = await plan(task({ url: pgUrl(), table: "public.demo" }));
    const query = await plan(task({ url: pgUrl(), query: "select * from demo where true" }));
    expect(decisions(table)).toEqual(decisions(csv));
    expect(decisions(query)).toEqual(decisions(csv));
    expect(table.selected.length).toBeGreaterThan(0);
    expect(table.inputs.entities!.path).toBe(`${pgUrl()}#table=public.demo`);
    expect(table.inputs.entities!.rows).toBe(csv.inputs.entities!.rows);
    expect(query.inputs.entities!.content).toEqual(table.inputs.entities!.content);
    expect(table.inputs.entities!.content).toEqual(csv.inputs.entities!.content);
  });

  it("computes content@1 as the TypeScript reference does", async () => {
    const { loadRecords } = await import("../../src/io/read.js");
    const r = await loadRecords("entities", join(dir, "seeds/entities.csv"));
    const table = await plan(task({ url: pgUrl(), table: "public.demo" }));
    expect(table.inputs.entities!.content!.sha256).toBe(contentDigestTs(r.records).sha256);
  });
});

describe("DuckDB", () => {
  it("draws a Parquet file, and a CSV file with inputs.engine duckdb, as the CSV draw", async () => {
    const { openDuckDb } = await import("../../src/sources/runner.js");
    const d = await openDuckDb();
    const csvPath = join(dir, "seeds/entities.csv");
    await d.query(
      `copy (select * from read_csv('${csvPath}', header = true, all_varchar = true)) to '${join(dir, "seeds/entities.parquet")}' (format parquet)`,
    );
    await d.close();
    const csv = await plan(task("entities.csv"));
    const parquet = await plan(task("entities.parquet"));
    const viaDuck = await plan(
      task("entities.csv", (t) => ((t.inputs as Record<string, unknown>).engine = "duckdb")),
    );
    expect(decisions(parquet)).toEqual(decisions(csv));
    expect(decisions(viaDuck)).toEqual(decisions(csv));
    expect(viaDuck.inputs).toEqual(csv.inputs);
    expect(parquet.inputs.entities!.rows).toBe(csv.inputs.entities!.rows);
  });
});

// The conflicts file read on a worker thread (dist/conflicts-worker.js) while the main thread reads the history:
// the plan, and the issues of a conflicts file with problems, must be exactly those of one thread reading it.
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoCopy, run } from "./helpers.js";

/** The environment that sends every conflicts file to the worker, or none. */
const worker = { ...process.env, DOUBLE_RANDOM_CONFLICTS_WORKER_BYTES: "0" };
const mainThread = { ...process.env, DOUBLE_RANDOM_CONFLICTS_WORKER_BYTES: String(2 ** 40) };

describe("the conflicts file read on a worker thread", () => {
  it("gives the CLI the same plan, byte for byte, as one thread", () => {
    const a = demoCopy();
    const b = demoCopy();
    const one = run(["draw", "seeds/task.json", "--seed", "conflicts", "--out", "out"], a, mainThread);
    const two = run(["draw", "seeds/task.json", "--seed", "conflicts", "--out", "out"], b, worker);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const plan = readFileSync(join(b, "out/plan.json"), "utf8");
    expect(plan).toBe(readFileSync(join(a, "out/plan.json"), "utf8"));
    expect(JSON.parse(plan).inputs.conflicts.rows).toBeGreaterThan(0);
  });

  it("reports the problems of a conflicts file as one thread does, in the same order and rows", () => {
    const dirs = [demoCopy(), demoCopy()];
    for (const d of dirs) {
      // a short row, a bad date and an empty relation, after the file's own rows
      appendFileSync(join(d, "seeds/conflicts.csv"), "FZ0001,913502000728319549\n");
      appendFileSync(join(d, "seeds/conflicts.csv"), "FZ0001,913502000728319549,配偶,2026-13-01\n");
      appendFileSync(join(d, "seeds/conflicts.csv"), "FZ0002,913502000728319549,,\n");
    }
    const one = run(["draw", "seeds/task.json", "--seed", "conflicts", "--out", "out"], dirs[0]!, mainThread);
    const two = run(["draw", "seeds/task.json", "--seed", "conflicts", "--out", "out"], dirs[1]!, worker);
    expect(one.code).toBe(2);
    expect(two.code).toBe(2);
    expect(one.stderr).toContain("conflicts.csv");
    expect(two.stderr).toBe(one.stderr);
    expect(two.stdout).toBe(one.stdout);
  });
});

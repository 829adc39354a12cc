// The schedule and teams of a drawn sample, alone (no directory to read): the ids of a scale directory's
// bare-selected.csv (the bare Python draw's sample; written by bench/scale.bench.mjs), their region taken from
// the credit code, visit days spread over the task's window, and staffTeams with the task's inspectors,
// conflicts, history and rules (through the library's staffTeams, tasks as objects; the CLI hands them over in
// columns). Prints the CPU and wall time of each step per run, the heap kept, and a digest
// of the teams (the same before and after a change that keeps every decision).
// Usage: node --expose-gc bench/teams-step.bench.mjs [N] [runs]   (after `npx tsup`; N defaults to 10000000)
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const N = process.argv[2] ?? "10000000";
const RUNS = Number(process.argv[3] ?? 1);
const dir = resolve(`bench/data/scale-${N}`);
if (!existsSync(join(dir, "bare-selected.csv"))) {
  console.log(`(no ${dir}/bare-selected.csv: make it with bench/scale.bench.mjs ${N})`);
  process.exit(1);
}
const { readTask, loadInputs } = await import(resolve("dist/io.js"));
const { randomness, spreadVisits, staffTeams } = await import(resolve("dist/advanced.js"));
const lt = await readTask(join(dir, "task-scale.json"));
if (!lt.ok) throw new Error(JSON.stringify(lt.issues));
const task = lt.value.task;
const inputs = await loadInputs(lt.value);
// the draw builds the history's index (its exclusions) before the teams step: so here too
if (inputs.history.length > 0) inputs.history.rowsById();
const ids = readFileSync(join(dir, "bare-selected.csv"), "utf8")
  .split("\n")
  .slice(1)
  .filter((l) => l !== "")
  .map((l) => l.split(",")[1]);
const days = inputs.calendar.workingDaysBetween(task.schedule.start, task.schedule.end);
if (!days.ok) throw new Error(JSON.stringify(days.issues));
const cpu = (a, b) => (b.user + b.system - a.user - a.system) / 1e6;
const sorted = [...ids].sort(); // the pipeline hands the tasks over in id order
console.log(`${ids.length} visits, ${inputs.inspectors.length} inspectors`);
for (let run = 0; run < RUNS; run++) {
  const random = randomness("bench", task.id);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const dates = spreadVisits(random, ids, days.value);
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const staffing = staffTeams({
    random,
    tasks: sorted.map((id) => ({
      entityId: id,
      region: id.slice(2, 8),
      date: dates.get(id),
      itemIds: task.items,
    })),
    inspectors: inputs.inspectors,
    items: inputs.items,
    conflicts: inputs.conflicts,
    history: inputs.history,
    rules: task.teams ?? {},
  });
  const c2 = process.cpuUsage();
  const t2 = performance.now();
  const h = createHash("sha256");
  h.update(JSON.stringify([staffing.unstaffed, staffing.bottlenecks, staffing.loads, staffing.issues]));
  for (const t of staffing.teams)
    h.update(`${t.entityId},${t.date},${t.inspectorIds.join(";")},${t.expertIds.join(";")},${t.complete}\n`);
  globalThis.gc?.();
  console.log(
    `schedule ${((t1 - t0) / 1000).toFixed(2)} s (CPU ${cpu(c0, c1).toFixed(2)} s), ` +
      `teams ${((t2 - t1) / 1000).toFixed(2)} s (CPU ${cpu(c1, c2).toFixed(2)} s); ` +
      `heap kept ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB; ` +
      `teams digest ${h.digest("hex").slice(0, 16)}, unstaffed ${staffing.unstaffed.length}`,
  );
}

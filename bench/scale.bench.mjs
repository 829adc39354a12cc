// Benchmark at scale (issue "10 million entities"): the full CLI draw of an N-entity CSV directory with a 9.5%
// sample — teams, schedule and every output (public and internal files, workbooks, record sheets, manifest) —
// side by side with the bare draw a person would write in Python (bench/bare_draw.py: csv + hashlib + sort,
// no validation) on the same file. Prints, per run, wall time, peak RSS and the ratio full / bare, then the
// range over the runs. Both commands start with the input files in the page cache (read once just before).
//
// Usage: node bench/scale.bench.mjs [entities = 1000000] [runs = 3]
// The directory bench/data/scale-N is generated on first use (examples/generate-seeds.ts; 10M takes ~1 min
// and 1 GB of disk). Inspectors: 1,500 per million entities up to 6,000, as in the measurements.
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";

const N = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 3);
const INSPECTORS = N >= 10_000_000 ? 6000 : N >= 3_000_000 ? 3000 : 1500;
const dir = resolve(`bench/data/scale-${N}`);
if (!existsSync(join(dir, "entities.csv"))) {
  console.log(`generating ${N} entities, ${INSPECTORS} inspectors into ${dir} …`);
  const g = spawnSync(
    process.execPath,
    [
      resolve("node_modules/tsx/dist/cli.mjs"),
      "examples/generate-seeds.ts",
      dir,
      "--entities",
      String(N),
      "--inspectors",
      String(INSPECTORS),
    ],
    { stdio: "inherit" },
  );
  if (g.status !== 0) process.exit(1);
}
const task = JSON.parse(readFileSync(join(dir, "task.json"), "utf8"));
task.id = `SCALE-${N}`;
task.forced = {};
task.sampling = {
  stratifyBy: ["riskClass"],
  rates: { A: "9.5%", B: "9.5%", C: "9.5%", D: "9.5%" },
  rounding: "ceil",
  reserve: 0.1,
};
// enough places for every team: two inspectors per visit (one of them with the item's specialty, which about
// 70% of the generated inspectors have) over the working days of December
const perInspector = Math.ceil((4 * 0.095 * N) / INSPECTORS);
task.teams = {
  size: 2,
  maxTasksPerInspector: perInspector,
  maxTasksPerInspectorPerDay: Math.max(2, Math.ceil(perInspector / 10)),
  rotationWithinDays: 365,
};
writeFileSync(join(dir, "task-scale.json"), JSON.stringify(task, null, 2));

const wrapper = (
  out,
) => `process.on("exit", () => process.stderr.write("maxrss " + process.resourceUsage().maxRSS + "\\n"));
process.argv = [process.argv[0], "cli", "draw", ${JSON.stringify(join(dir, "task-scale.json"))}, "--seed", "bench", "--out", ${JSON.stringify(out)}, "--timings", "--force"];
await import(${JSON.stringify(resolve("dist/cli.js"))});`;

// Every input file is read once before each measured command, so that both start with the files in the page
// cache: this machine's cache is sometimes emptied between runs (measured: a cold read of the 10M file took
// 2.8 s, a warm one 0.7 s), and the command run right after the other would otherwise be favoured.
const scratch = Buffer.allocUnsafe(4 << 20);
const warm = () => {
  for (const f of readdirSync(dir)) {
    if (!/\.(csv|json)$/.test(f) || f.startsWith("bare-")) continue;
    const fd = openSync(join(dir, f), "r");
    try {
      while (readSync(fd, scratch, 0, scratch.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
};

const fulls = [];
const bares = [];
const rsss = [];
for (let run = 1; run <= RUNS; run++) {
  const out = join(dir, "out");
  rmSync(out, { recursive: true, force: true });
  rmSync(join(dir, ".out.versions"), { recursive: true, force: true });
  warm();
  let t0 = performance.now();
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", wrapper(out)], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const full = (performance.now() - t0) / 1000;
  const rss = Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  if (run === 1) {
    console.log(r.stdout.trim().split("\n").slice(0, 4).join("\n"));
    for (const line of r.stderr.split("\n")) if (line.startsWith("[timings]")) console.log(`  ${line}`);
  }
  if (r.status !== 0) console.log(`exit ${r.status}: ${r.stderr.slice(0, 1500)}`);

  warm();
  t0 = performance.now();
  const p = spawnSync("python3", [
    resolve("bench/bare_draw.py"),
    join(dir, "entities.csv"),
    "bench",
    task.id,
    "95",
    join(dir, "bare-selected.csv"),
  ]);
  const bare = (performance.now() - t0) / 1000;
  if (p.status !== 0) console.log(`python exit ${p.status}: ${String(p.stderr).slice(0, 500)}`);
  fulls.push(full);
  bares.push(bare);
  rsss.push(rss);
  console.log(
    `run ${run}: full CLI draw ${full.toFixed(2)} s, peak RSS ${rss.toFixed(0)} MB; bare Python draw ${bare.toFixed(2)} s; ratio ${(full / bare).toFixed(2)}`,
  );
}
const range = (xs, d = 2) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
const ratios = fulls.map((f, i) => f / bares[i]);
console.log(
  `${N.toLocaleString()} entities, 9.5% sample, ${INSPECTORS} inspectors, ${RUNS} runs: full ${range(fulls)} s, bare Python ${range(bares)} s, ratio ${range(ratios)}, peak RSS ${range(rsss, 0)} MB`,
);

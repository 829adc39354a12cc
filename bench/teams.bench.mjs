// Benchmark of the staffing (the second random), printed as figures:
// 1. the demo (seeds/task.json) with teams.size overridden from 2 to 20, and with size 2 and rates of 30%, 50%
//    and 100% (too few inspectors): the whole CLI draw and verify;
// 2. 200k entities with 60 inspectors (scarce: most tasks cannot be staffed; generated with
//    examples/generate-seeds.ts): the whole CLI draw and verify;
// 3. staffTeams alone: 100k tasks × 2 members over 2,000 inspectors with ~1% conflicted pairs;
// 4. 1M entities, 9.5% sample (87,292 tasks), 1,344 eligible inspectors, places short (maxTasksPerInspector 100
//    and 300): the CLI draw's teams step (data: bench/data/1000000, a copy of the 1M directory with its
//    task-bench.json; skipped when absent).
// 5. (with --scale N, alone) the CLI draw of bench/data/scale-N/task-scale.json (the scale bench's directories,
//    see bench/scale.bench.mjs): its schedule and teams steps as --timings reports them, and the process's CPU.
// Each figure is the range over RUNS runs (this VM is shared: timings vary from run to run).
// Usage: node bench/teams.bench.mjs [runs] [--only-1m] [--scale N]   (after `npx tsup`)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3);
const ONLY_1M = process.argv.includes("--only-1m");
const CLI = resolve("dist/cli.js");
const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} s`;

/** Draw and verify a task through the CLI; wall times and the CLI's own teams step. */
function drawAndVerify(taskFile, out) {
  rmSync(out, { recursive: true, force: true });
  let t0 = performance.now();
  const d = spawnSync(
    process.execPath,
    [CLI, "draw", taskFile, "--seed", "bench", "--out", out, "--timings"],
    {
      encoding: "utf8",
    },
  );
  const draw = (performance.now() - t0) / 1000;
  if (d.status !== 0 && d.status !== 1) throw new Error(d.stderr.slice(0, 2000));
  const teams = Number(/\[timings\] teams\s+([\d.]+) s/.exec(d.stderr)?.[1] ?? Number.NaN);
  const staffed = /检查组 (\d+)\/(\d+)/.exec(d.stdout);
  t0 = performance.now();
  const v = spawnSync(process.execPath, [CLI, "verify", join(out, "plan.json"), "--task", taskFile], {
    encoding: "utf8",
  });
  const verify = (performance.now() - t0) / 1000;
  if (v.status !== 0) throw new Error(`verify failed: ${v.stdout}${v.stderr}`.slice(0, 2000));
  return { draw, verify, teams, staffed: staffed ? `${staffed[1]}/${staffed[2]}` : "?" };
}

function runCase(label, taskFile, out) {
  const r = Array.from({ length: RUNS }, () => drawAndVerify(taskFile, out));
  console.log(
    `${label}: draw ${range(r.map((x) => x.draw))} (teams step ${range(r.map((x) => x.teams))}), ` +
      `verify ${range(r.map((x) => x.verify))}; teams staffed ${r[0].staffed}`,
  );
}

// 5. --scale N: the schedule and teams steps of the CLI draw at scale
const scaleAt = process.argv.indexOf("--scale");
if (scaleAt >= 0) {
  const n = process.argv[scaleAt + 1];
  const dir = resolve(`bench/data/scale-${n}`);
  if (!existsSync(join(dir, "task-scale.json"))) {
    console.log(`(no ${dir}/task-scale.json: make it with bench/scale.bench.mjs ${n})`);
    process.exit(1);
  }
  const runs = Array.from({ length: RUNS }, () => {
    const d = spawnSync(
      "/usr/bin/time",
      [
        "-f",
        "[cpu] %U %S %M",
        process.execPath,
        CLI,
        "draw",
        join(dir, "task-scale.json"),
        "--seed",
        "bench",
        "--out",
        join(dir, "out"),
        "--force",
        "--timings",
      ],
      { encoding: "utf8" },
    );
    if (d.status !== 0 && d.status !== 1) throw new Error(d.stderr.slice(0, 2000));
    const step = (name) => Number(new RegExp(`\\[timings\\] ${name}\\s+([\\d.]+) s`).exec(d.stderr)?.[1]);
    const cpu = /\[cpu\] ([\d.]+) ([\d.]+) (\d+)/.exec(d.stderr);
    return {
      schedule: step("schedule"),
      teams: step("teams"),
      cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN,
      peak: cpu ? Number(cpu[3]) / 1024 : Number.NaN,
    };
  });
  console.log(
    `${n} entities (scale bench): schedule step ${range(runs.map((r) => r.schedule))}, teams step ` +
      `${range(runs.map((r) => r.teams))}; whole draw CPU ${range(runs.map((r) => r.cpu))}, peak RSS ` +
      `${Math.min(...runs.map((r) => r.peak)).toFixed(0)}–${Math.max(...runs.map((r) => r.peak)).toFixed(0)} MB`,
  );
  process.exit(0);
}

// 4. (run first) 1M entities, 9.5% sample, places short: the CLI draw's teams step
const scarceDir = resolve("bench/data/1000000");
if (existsSync(join(scarceDir, "task-bench.json"))) {
  const base = JSON.parse(readFileSync(join(scarceDir, "task-bench.json"), "utf8"));
  const rates = { A: "9.5%", B: "9.5%", C: "9.5%", D: "9.5%" };
  for (const cap of [100, 300]) {
    const file = join(scarceDir, `task-scarce-${cap}.json`);
    const teams = {
      size: 2,
      maxTasksPerInspector: cap,
      maxTasksPerInspectorPerDay: 6,
      rotationWithinDays: 365,
    };
    writeFileSync(file, JSON.stringify({ ...base, sampling: { ...base.sampling, rates }, teams }, null, 2));
    const out = join(scarceDir, `out-scarce-${cap}`);
    const runs = Array.from({ length: RUNS }, () => {
      const d = spawnSync(
        process.execPath,
        [CLI, "draw", file, "--seed", "bench", "--out", out, "--force", "--timings"],
        { encoding: "utf8" },
      );
      if (d.status !== 0 && d.status !== 1) throw new Error(d.stderr.slice(0, 2000));
      const staffed = /检查组 (\d+)\/(\d+)/.exec(d.stdout);
      return {
        teams: Number(/\[timings\] teams\s+([\d.]+) s/.exec(d.stderr)?.[1] ?? Number.NaN),
        staffed: staffed ? `${staffed[1]}/${staffed[2]}` : "?",
      };
    });
    console.log(
      `1M entities, 9.5% sample, maxTasksPerInspector ${cap} (places short): teams step ` +
        `${range(runs.map((r) => r.teams))}; teams staffed ${runs[0].staffed}`,
    );
  }
} else console.log(`(no ${scarceDir}/task-bench.json: the 1M scarce case is skipped)`);
if (ONLY_1M) process.exit(0);

// 1. the demo, team size 2 … 20
const demoDir = resolve("bench/data/teams-demo");
mkdirSync(demoDir, { recursive: true });
const demo = JSON.parse(readFileSync("seeds/task.json", "utf8"));
demo.inputs = Object.fromEntries(Object.entries(demo.inputs).map(([k, v]) => [k, resolve("seeds", v)]));
for (const size of [2, 3, 5, 10, 15, 20]) {
  const file = join(demoDir, `task-size-${size}.json`);
  writeFileSync(file, JSON.stringify({ ...demo, teams: { ...demo.teams, size } }, null, 2));
  runCase(`demo, team size ${size}`, file, join(demoDir, `out-${size}`));
}

// … and team size 2 with too few inspectors: every entity class drawn at 30%, 50% and 100%
for (const rate of [0.3, 0.5, 1]) {
  const file = join(demoDir, `task-rate-${rate}.json`);
  const rates = { A: rate, B: rate, C: rate, D: 1 };
  writeFileSync(file, JSON.stringify({ ...demo, sampling: { ...demo.sampling, rates } }, null, 2));
  runCase(`demo, team size 2, rates ${rate}`, file, join(demoDir, `out-rate-${rate}`));
}

// 2. 200k entities, 60 inspectors
const bigDir = resolve("bench/data/teams-200000");
if (!existsSync(join(bigDir, "entities.csv"))) {
  console.log(`generating 200000 entities and 60 inspectors into ${bigDir} …`);
  const g = spawnSync(
    process.execPath,
    [
      resolve("node_modules/tsx/dist/cli.mjs"),
      "examples/generate-seeds.ts",
      bigDir,
      "--entities",
      "200000",
      "--inspectors",
      "60",
    ],
    { stdio: "inherit" },
  );
  if (g.status !== 0) process.exit(1);
}
runCase("200k entities, 60 inspectors", join(bigDir, "task.json"), join(bigDir, "out"));

// 3. staffTeams alone, 100k tasks × 2 over 2,000 inspectors
const { staffTeams, usccCheckChar, randomness } = await import(resolve("dist/advanced.js"));
let state = 7;
const rnd = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const N = 100_000;
const M = 2000;
const DAYS = Array.from({ length: 23 }, (_, k) => {
  const d = new Date(Date.UTC(2026, 11, 1 + Math.floor((k * 31) / 23)));
  return d.toISOString().slice(0, 10);
});
const SPECS = ["企业公示信息", "食品安全", "特种设备", "产品质量"];
const inspectors = Array.from({ length: M }, (_, i) => ({
  id: `P${i}`,
  name: `人员${i}`,
  certificateNo: `C${i}`,
  certificateExpiresOn: "2028-12-31",
  department: "市场监管局",
  unit: `U${i % 12}`,
  region: "350102",
  specialties: SPECS.filter(() => rnd() < 0.5),
  role: "inspector",
  unavailable: i % 10 === 0 ? [{ from: "2026-12-07", to: "2026-12-11" }] : [],
}));
const items = SPECS.map((s, k) => ({
  id: `IT${k}`,
  name: s,
  department: "市场监管局",
  basis: "依据",
  category: "general",
  specialties: [s],
}));
const tasks = Array.from({ length: N }, (_, t) => {
  const body = `91350102${String(t).padStart(9, "0")}`;
  return {
    entityId: body + usccCheckChar(body),
    region: "350102",
    date: DAYS[t % DAYS.length],
    itemIds: [`IT${t % SPECS.length}`],
  };
});
const conflicts = [];
for (const t of tasks)
  for (let k = 0; k < M / 100; k++)
    conflicts.push({ inspectorId: `P${Math.floor(rnd() * M)}`, entityId: t.entityId, relation: "利害关系" });
const times = [];
let r;
for (let k = 0; k < RUNS; k++) {
  const t0 = performance.now();
  r = staffTeams({
    random: randomness("bench", "BENCH"),
    tasks,
    inspectors,
    items,
    conflicts,
    rules: { size: 2, maxTasksPerInspector: 150, maxTasksPerInspectorPerDay: 8 },
  });
  times.push((performance.now() - t0) / 1000);
}
const loads = Object.values(r.loads);
console.log(
  `staffTeams alone, ${N} tasks × 2 over ${M} inspectors, ${conflicts.length} conflict records: ` +
    `${range(times)} (first run ${times[0].toFixed(2)} s); unstaffed ${r.unstaffed.length}; ` +
    `loads min ${Math.min(...loads)} max ${Math.max(...loads)}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);

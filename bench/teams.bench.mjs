// Benchmark: staffing 100k tasks × 2 members over 2,000 inspectors with ~1% conflicted (task, inspector)
// pairs and mixed specialties. Prints the staffing time (index building included) and the outcome.
import { resolve } from "node:path";

const { staffTeams, usccCheckChar, randomness } = await import(resolve("dist/advanced.js"));
let state = 7;
const rnd = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const N = Number(process.argv[2] ?? 100_000);
const M = 2000;
const DAYS = [
  "2026-12-01",
  "2026-12-02",
  "2026-12-03",
  "2026-12-04",
  "2026-12-07",
  "2026-12-08",
  "2026-12-09",
  "2026-12-10",
  "2026-12-11",
  "2026-12-14",
  "2026-12-15",
  "2026-12-16",
  "2026-12-17",
  "2026-12-18",
  "2026-12-21",
  "2026-12-22",
  "2026-12-23",
  "2026-12-24",
  "2026-12-25",
  "2026-12-28",
  "2026-12-29",
  "2026-12-30",
  "2026-12-31",
];
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
// The first run is the one the CLI pays (cold: the JIT has not seen the code); the others show the steady
// state. This VM's timings vary by ±15% from run to run, so all runs are printed with the median.
const RUNS = Number(process.argv[3] ?? 5);
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
const sorted = [...times].sort((a, b) => a - b);
const loads = Object.values(r.loads);
console.log(
  `staffing ${N} tasks × 2 over ${M} inspectors, ${conflicts.length} conflict records: first run ${times[0].toFixed(2)} s; ` +
    `${RUNS} runs ${times.map((t) => t.toFixed(2)).join(" / ")} s (median ${sorted[Math.floor(RUNS / 2)].toFixed(2)} s); ` +
    `unstaffed ${r.unstaffed.length}; loads min ${Math.min(...loads)} max ${Math.max(...loads)}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);

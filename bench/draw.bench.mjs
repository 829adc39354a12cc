// Benchmark: the whole CLI draw of a 1M-entity CSV directory (5% stratified, teams and schedule included),
// and, in the same run, the floor: the simplest possible draw of the same file (read + hash + sort, no
// validation). Prints wall time, rows/s and peak RSS. Usage: node bench/draw.bench.mjs [entities]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const N = Number(process.argv[2] ?? 1_000_000);
const dir = resolve(`bench/data/${N}`);
if (!existsSync(join(dir, "entities.csv"))) {
  console.log(`generating ${N} entities into ${dir} …`);
  const g = spawnSync(
    process.execPath,
    [
      resolve("node_modules/tsx/dist/cli.mjs"),
      "examples/generate-seeds.ts",
      dir,
      "--entities",
      String(N),
      "--inspectors",
      "2000",
    ],
    { stdio: "inherit" },
  );
  if (g.status !== 0) process.exit(1);
}
const task = JSON.parse(readFileSync(join(dir, "task.json"), "utf8"));
task.id = "BENCH-1M";
task.forced = {};
task.sampling = {
  stratifyBy: ["riskClass"],
  rates: { A: "5%", B: "5%", C: "5%", D: "5%" },
  rounding: "ceil",
  reserve: 0.1,
};
task.teams = { size: 2, maxTasksPerInspector: 100, maxTasksPerInspectorPerDay: 6, rotationWithinDays: 365 };
writeFileSync(join(dir, "task-bench.json"), JSON.stringify(task, null, 2));

// 1. the full CLI draw, in a child process that reports its own peak RSS
const out = join(dir, "out");
rmSync(out, { recursive: true, force: true });
rmSync(join(dir, ".out.versions"), { recursive: true, force: true }); // the draws' version folders (see the CLI)
const wrapper = `process.on("exit", () => process.stderr.write("maxrss " + process.resourceUsage().maxRSS + "\\n"));
process.argv = [process.argv[0], "cli", "draw", ${JSON.stringify(join(dir, "task-bench.json"))}, "--seed", "bench", "--out", ${JSON.stringify(out)}, "--timings"];
await import(${JSON.stringify(resolve("dist/cli.js"))});`;
const t0 = performance.now();
const r = spawnSync(process.execPath, ["--input-type=module", "-e", wrapper], { encoding: "utf8" });
const wall = (performance.now() - t0) / 1000;
const rss = Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
console.log(r.stdout.trim());
// the CLI's own step timings (--timings), as printed on stderr
for (const line of r.stderr.split("\n")) if (line.startsWith("[timings]")) console.log(`  ${line}`);
if (r.status !== 0 && r.status !== 1) console.log(r.stderr.slice(0, 2000));
console.log(
  `full CLI draw (${N} entities; draw + teams + schedule + publication files): ${wall.toFixed(2)} s, ${Math.round(N / wall).toLocaleString()} rows/s, peak RSS ${rss.toFixed(0)} MB, exit ${r.status}`,
);

// 2. the floor: read lines, hash each id with createHash, sort by ticket
const t1 = performance.now();
const k = createHash("sha256").update("bench").digest();
const prefix = Buffer.concat([k, Buffer.from("BENCH-1M"), Buffer.from([0])]);
const tickets = [];
let first = true;
for await (const line of createInterface({ input: createReadStream(join(dir, "entities.csv")) })) {
  if (first) {
    first = false;
    continue;
  }
  const id = line.slice(0, 18);
  const d = createHash("sha256").update(prefix).update(id).digest();
  tickets.push(d.readUInt32BE(0) * 1048576 + (d.readUInt32BE(4) >>> 12));
}
tickets.sort((a, b) => a - b);
const floor = (performance.now() - t1) / 1000;
console.log(
  `floor (read + createHash + sort, no validation): ${floor.toFixed(2)} s, ${Math.round(N / floor).toLocaleString()} rows/s`,
);

// 3. hashing alone: createHash per call vs this library's prefixed SHA-256
const { TicketMachine } = await import(resolve("dist/advanced.js"));
const ids = Array.from({ length: 1_000_000 }, (_, i) => `91350102${String(i).padStart(9, "0")}X`);
let t2 = performance.now();
for (const id of ids) createHash("sha256").update(prefix).update(id).digest();
const hCreate = (performance.now() - t2) / 1000;
const m = new TicketMachine("bench", "BENCH-1M");
t2 = performance.now();
let x = 0;
for (const id of ids) x ^= m.value(id);
const hOwn = (performance.now() - t2) / 1000;
console.log(
  `1M tickets: createHash ${hCreate.toFixed(2)} s; TicketMachine ${hOwn.toFixed(2)} s (${(hCreate / hOwn).toFixed(1)}× faster) ${x === 0.5 ? "" : ""}`,
);

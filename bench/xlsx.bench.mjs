// Benchmark of the publication workbooks (issue "一公开", part 5): each workbook of a plan rendered alone, on this
// thread, as `publish` renders it (exceljs' streaming writer), several runs: seconds, MB written, peak RSS growth.
// The plan is a drawn plan.json; by default the 1M scale bench's (87k selected, 8.7k reserve):
//   node bench/scale.bench.mjs 1000000 1 && cp bench/data/scale-1000000/out/plan.json bench/data/scale-1000000/plan-87k.json
// Usage: node bench/xlsx.bench.mjs [plan.json = bench/data/scale-1000000/plan-87k.json] [runs = 3]   (after `npx tsup`)
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const planPath = resolve(process.argv[2] ?? "bench/data/scale-1000000/plan-87k.json");
const RUNS = Number(process.argv[3] ?? 3);
if (!existsSync(planPath)) {
  console.log(`no plan at ${planPath}: run bench/scale.bench.mjs 1000000 1 and copy its out/plan.json there`);
  process.exit(1);
}
const { publicationFilePieces } = await import(resolve("dist/advanced.js"));
const plan = JSON.parse(readFileSync(planPath, "utf8"));
console.log(`${plan.selected.length} selected, ${plan.reserve.length} reserve, ${RUNS} runs`);

const mb = () => process.memoryUsage().rss / 2 ** 20;
const books = Object.entries(publicationFilePieces(plan)).filter(([name]) => name.endsWith(".xlsx"));
const figures = new Map(books.map(([name]) => [name, { s: [], mb: 0, rss: [] }]));
for (let run = 1; run <= RUNS; run++) {
  for (const [name, make] of books) {
    const before = mb();
    let peak = before;
    const t0 = performance.now();
    let bytes = 0;
    for await (const chunk of make()) {
      bytes += chunk.length;
      peak = Math.max(peak, mb());
    }
    const f = figures.get(name);
    f.s.push((performance.now() - t0) / 1000);
    f.mb = bytes / 2 ** 20;
    f.rss.push(peak - before);
  }
}
const range = (xs, d = 2) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
for (const [name, f] of figures)
  console.log(`${name.padEnd(22)} ${range(f.s)} s  ${f.mb.toFixed(2)} MB  RSS growth ${range(f.rss, 0)} MB`);
const total = [...Array(RUNS).keys()].map((i) => [...figures.values()].reduce((a, f) => a + f.s[i], 0));
console.log(`both, one after the other    ${range(total)} s`);

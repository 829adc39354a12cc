// Write an example results CSV for the first entities of a plan (for trying `double-random results`).
// Usage: node examples/make-results.mjs <plan.json> <results.csv> [count]
import { readFileSync, writeFileSync } from "node:fs";

const [planPath, out, count = "10"] = process.argv.slice(2);
if (!planPath || !out) {
  console.error("usage: node examples/make-results.mjs <plan.json> <results.csv> [count]");
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planPath, "utf8"));
const when = new Map(plan.schedule.map((s) => [s.entityId, s.date]));
const cats = [
  "未发现问题",
  "未按规定公示应当公示的信息;发现问题已责令改正",
  "通过登记的住所（经营场所）无法联系",
];
const rows = plan.selected
  .slice(0, Number(count))
  .flatMap((s, k) =>
    plan.items.map((it) => [s.entityId, it.id, cats[k % cats.length], when.get(s.entityId), ""].join(",")),
  );
writeFileSync(out, `\uFEFF统一社会信用代码,事项编号,检查结果,检查结束日期,备注\n${rows.join("\n")}\n`);
console.log(`wrote ${rows.length} results to ${out}`);

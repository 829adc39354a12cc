// Write an example results CSV for the first entities of a plan (for trying `double-random results`): each
// entity's result for each item of the plan, with categories that item admits, dated on its visit day and
// recorded by the item's department (检查实施机关, 谁检查谁公开). Needs the built library (`npm run build`).
// Usage: node examples/make-results.mjs <plan.json> <results.csv> [count]
import { readFileSync, writeFileSync } from "node:fs";
import { itemResultCategories } from "../dist/advanced.js";

const [planPath, out, count = "10"] = process.argv.slice(2);
if (!planPath || !out) {
  console.error("usage: node examples/make-results.mjs <plan.json> <results.csv> [count]");
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planPath, "utf8"));
const when = new Map(plan.schedule.map((s) => [s.entityId, s.date]));
const configured = plan.task.publication?.resultCategories;
// candidate combinations, in turn; each item takes the first that it admits from the k-th on
const combos = [
  ["未发现问题"],
  ["未按规定公示应当公示的信息", "发现问题已责令改正"],
  ["通过登记的住所（经营场所）无法联系"],
  ["发现问题待后续处理"],
  ["不配合检查情节严重"],
];
const quote = (c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
const rows = plan.selected.slice(0, Number(count)).flatMap((s, k) =>
  plan.items.map((it) => {
    const admits = new Set(itemResultCategories(it, configured));
    const pick = [...combos.slice(k % combos.length), ...combos].find((c) => c.every((x) => admits.has(x)));
    return [s.entityId, it.id, pick.join(";"), when.get(s.entityId), it.department, ""].map(quote).join(",");
  }),
);
writeFileSync(
  out,
  `\uFEFF统一社会信用代码,事项编号,检查结果,检查完成日期,检查实施机关,备注\n${rows.join("\n")}\n`,
);
console.log(`wrote ${rows.length} results to ${out}`);

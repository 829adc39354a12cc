// double-random publish: the files made from a plan, rendered again into a new version of the output folder.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { OutputFolder, outputOfPlan, outputPaths } from "../../io/output.js";
import { issue } from "../../util/issue.js";
import { lockedMessage, noteTakeOver } from "../attempt.js";
import { printIssues, readPlan, UsageError } from "../common.js";
import { help } from "../help.js";
import { planFiles } from "../render.js";

/** The `publish` command; returns the exit code. */
export async function cmdPublish(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) return help("publish");
  const planPath = positionals[0];
  if (!planPath) throw new UsageError("publish 需要计划文件 / publish needs a plan file");
  const fmt = values.format;
  if (fmt !== undefined && !["md", "html", "csv", "xlsx"].includes(fmt))
    throw new UsageError("--format 须为 md、html、csv 或 xlsx / --format must be md, html, csv or xlsx");
  const out = values.out ?? outputOfPlan(planPath);
  const own = values.out === undefined;
  const locked = await OutputFolder.lock(out, `publish ${planPath}`);
  if (!locked.ok) {
    printIssues([
      issue("output-locked", lockedMessage(out, outputPaths(out).lock, locked.holder), { file: out }),
    ]);
    return 2;
  }
  const folder = locked.folder;
  try {
    noteTakeOver(folder, locked.tookOver);
    const current = own ? folder.currentDir() : undefined;
    const p = await readPlan(current === undefined ? planPath : join(current, "plan.json"));
    if (!p.ok) {
      printIssues(p.issues);
      return 2;
    }
    const files = Object.entries(planFiles(p.plan)).filter(
      ([n]) => n !== "plan.json" && n !== "plan.schema.json" && (fmt === undefined || n.endsWith(`.${fmt}`)),
    );
    const v = await folder.stage("publish");
    try {
      for (const [name, make] of files) v.files.write(name, make());
      folder.carryOver(v.files);
      await folder.switchTo(v);
    } catch (e) {
      await v.files.abort();
      throw e;
    }
    process.stdout.write(`已写出：${files.map(([n]) => join(out, n)).join("、")}\n`);
    return 0;
  } finally {
    folder.release();
  }
}

import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { writeFilesAtomically } from "../../io/write.js";
import { publicationFiles } from "../../publish/files.js";
import { printIssues, readPlan, UsageError } from "../common.js";
import { help } from "../help.js";

/** The `publish` command; returns the exit code. */
export async function cmdPublish(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: "string" }, out: { type: "string" }, help: { type: "boolean" } },
    allowPositionals: true,
  });
  if (values.help) return help("publish");
  const planPath = positionals[0];
  if (!planPath) throw new UsageError("publish 需要计划文件 / publish needs a plan file");
  const fmt = values.format;
  if (fmt !== undefined && !["md", "html", "csv"].includes(fmt))
    throw new UsageError("--format 须为 md、html 或 csv");
  const p = await readPlan(planPath);
  if (!p.ok) {
    printIssues(p.issues);
    return 2;
  }
  const all = publicationFiles(p.plan);
  const files = Object.fromEntries(
    Object.entries(all).filter(([n]) => fmt === undefined || n.endsWith(`.${fmt}`)),
  );
  const out = values.out ?? dirname(planPath);
  await writeFilesAtomically(out, files);
  process.stdout.write(
    `已写出：${Object.keys(files)
      .map((n) => join(out, n))
      .join("、")}\n`,
  );
  return 0;
}

import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { StagedFiles } from "../../io/write.js";
import { publicationFilePieces } from "../../publish/files.js";
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
  if (fmt !== undefined && !["md", "html", "csv", "xlsx"].includes(fmt))
    throw new UsageError("--format 须为 md、html、csv 或 xlsx");
  const p = await readPlan(planPath);
  if (!p.ok) {
    printIssues(p.issues);
    return 2;
  }
  // every file re-rendered from plan.json alone: the same bytes as draw wrote
  const files = Object.entries(publicationFilePieces(p.plan)).filter(
    ([n]) => fmt === undefined || n.endsWith(`.${fmt}`),
  );
  const out = values.out ?? dirname(planPath);
  const staged = await StagedFiles.open(out);
  try {
    for (const [name, make] of files) staged.writeAny(name, make());
  } catch (e) {
    await staged.abort();
    throw e;
  }
  await staged.commit();
  process.stdout.write(`已写出：${files.map(([n]) => join(out, n)).join("、")}\n`);
  return 0;
}

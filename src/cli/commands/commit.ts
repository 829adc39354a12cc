import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeFilesAtomically } from "../../io/write.js";
import { ALGORITHM_VERSION } from "../../random/ticket.js";
import { LIBRARY_VERSION } from "../../version.js";
import { printIssues, sha256Text, UsageError } from "../common.js";
import { help } from "../help.js";
import { planFromFiles } from "../pipeline.js";

/** The `commit` command; returns the exit code. */
export async function cmdCommit(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      "seed-source": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) return help("commit");
  const taskPath = positionals[0];
  if (!taskPath) throw new UsageError("commit 需要任务文件 / commit needs a task file");
  const seedSource = values["seed-source"];
  if (seedSource !== undefined && seedSource.trim() === "")
    throw new UsageError("--seed-source 为空或只有空白 / --seed-source is empty or blank");
  const r = await planFromFiles(taskPath, "commitment-validation", "");
  if ("code" in r) {
    printIssues(r.issues);
    return 2;
  }
  const body = {
    format: "double-random/commitment@1",
    taskId: r.t.task.id,
    taskFile: taskPath,
    task: { sha256: r.t.digest },
    inputs: r.plan.inputs,
    algorithm: ALGORITHM_VERSION,
    library: { name: "double-random", version: LIBRARY_VERSION },
    // named in advance: `draw --commitment` then requires the same --seed-source
    ...(seedSource === undefined ? {} : { seedSource }),
  };
  const commitment = { ...body, digest: sha256Text(JSON.stringify(body)) };
  const out = values.out ?? join(dirname(taskPath), "commitment.json");
  await writeFilesAtomically(dirname(resolve(out)), {
    [out.split("/").pop()!]: `${JSON.stringify(commitment, null, 2)}\n`,
  });
  printIssues(r.issues.filter((i) => i.severity === "warning").slice(0, 20));
  process.stdout.write(
    `已写出承诺文件 ${out}\n承诺摘要 commitment digest: ${commitment.digest}\n请在产生随机种子之前公布该摘要与文件。\n`,
  );
  return 0;
}

// double-random draw
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { appendLog, cleanStaging, StagedFiles, writeFilesAtomically } from "../../io/write.js";
import { workbookBytes } from "../../io/xlsx.js";
import { planChunks } from "../../plan/json.js";
import { planJsonSchema } from "../../plan/schema.js";
import { seedDigest } from "../../plan/sources.js";
import { planWarningLines } from "../../plan/warnings.js";
import { publicationFilePieces, publicationWorkbooks } from "../../publish/files.js";
import { issue } from "../../util/issue.js";
import { printIssues, Timings, UsageError } from "../common.js";
import { help } from "../help.js";
import { checkCommitment, planFromFiles } from "../pipeline.js";

/** The `draw` command; returns the exit code. */
export async function cmdDraw(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      seed: { type: "string" },
      "seed-source": { type: "string" },
      commitment: { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
      timings: { type: "boolean" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (values.help) return help("draw");
  const timings = new Timings(values.timings === true);
  const taskPath = positionals[0];
  if (!taskPath) throw new UsageError("draw 需要任务文件 / draw needs a task file");
  if (values.seed === undefined) throw new UsageError("draw 需要 --seed / draw needs --seed");
  if (!values.out) throw new UsageError("draw 需要 --out <目录> / draw needs --out <dir>");
  const out = values.out;
  const seed = values.seed;
  const seedSource = values["seed-source"] ?? "";
  await cleanStaging(out);
  const log = async (outcome: string, extra: Record<string, unknown> = {}) => {
    await writeFilesAtomically(out, {}); // ensure the folder exists
    await appendLog(join(out, "draw-log.ndjson"), {
      time: new Date().toISOString(),
      task: taskPath,
      seedDigest: seedDigest(seed),
      seedSource,
      outcome,
      ...extra,
    });
  };
  if (existsSync(join(out, "plan.json")) && !values.force) {
    await log("refused-existing-plan");
    printIssues([
      issue(
        "plan-exists",
        `${join(out, "plan.json")} 已存在；如确需重新抽取请加 --force（本次尝试已记入抽取日志）`,
        { file: join(out, "plan.json") },
      ),
    ]);
    return 2;
  }
  if (values.commitment) {
    const problems = await checkCommitment(values.commitment, taskPath);
    if (problems.length > 0) {
      await log("refused-commitment-mismatch", { files: problems.map((p) => p.file) });
      printIssues(problems);
      return 2;
    }
  }
  const r = await planFromFiles(taskPath, seed, seedSource, out, timings);
  if ("code" in r) {
    await log("refused-invalid-input", { errors: r.issues.filter((i) => i.severity === "error").length });
    printIssues(r.issues);
    return r.code;
  }
  // Each file is made, handed to the writer and dropped, so they are never all in memory at once.
  const staged = await StagedFiles.open(out);
  const hash = createHash("sha256");
  try {
    // each file written as it is made, in pieces: nothing the size of a file is ever held
    // workbooks first, rendered on a worker thread while the rest is made here
    const workbooks = publicationWorkbooks(r.plan);
    // one after the other: two workers at once raised the peak memory by ~100 MB in a 1M run
    let previous: Promise<void> = Promise.resolve();
    for (const [name, spec] of Object.entries(workbooks)) {
      const after = previous;
      let done!: () => void;
      previous = new Promise<void>((r) => {
        done = r;
      });
      staged.writeBytes(
        name,
        (async function* () {
          try {
            await after;
            yield* workbookBytes(spec);
          } finally {
            done();
          }
        })(),
      );
    }
    for (const [name, make] of Object.entries(publicationFilePieces(r.plan)))
      if (!(name in workbooks)) staged.writeAny(name, make());
    staged.write("plan.schema.json", `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
    timings.step("publication files");
    const plan = r.plan;
    staged.writePieces(
      "plan.json",
      (function* () {
        for (const chunk of planChunks(plan)) {
          hash.update(chunk);
          yield chunk;
        }
      })(),
    );
  } catch (e) {
    await staged.abort();
    throw e;
  }
  await staged.commit("plan.json");
  timings.step("plan.json and write");
  await log(r.complete ? "written" : "written-unstaffed", { planSha256: hash.digest("hex") });
  printIssues(r.issues.filter((i) => i.severity === "error"));
  const a = r.plan.accounting;
  process.stdout.write(
    `已写出抽查计划 ${join(out, "plan.json")}\n` +
      `检查对象 ${a.input} 户：抽中 ${a.selected}（必查 ${a.forced}），递补 ${a.reserve}，未抽中 ${a.notSelected}，排除 ${a.excluded}，不在范围 ${a.outOfScope}\n` +
      `检查组 ${r.plan.assignments.filter((x) => x.complete).length}/${r.plan.assignments.length} 已配齐\n`,
  );
  for (const line of planWarningLines(r.plan)) process.stdout.write(`${line}\n`);
  if (!r.complete) {
    process.stdout.write(`未能配齐检查组：\n${r.plan.bottlenecks.map((b) => `  - ${b}`).join("\n")}\n`);
    return 1;
  }
  return 0;
}

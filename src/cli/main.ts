// The example CLI: commit, draw, verify, replace, publish, results. Exit codes: 0 ok; 1 verification mismatch
// or unstaffable plan; 2 bad usage or bad input (with the list of problems).
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ALGORITHM_VERSION } from "../draw/ticket.js";
import { IssueCollector } from "../io/issues.js";
import { InputFileError, readCsvRows } from "../io/read.js";
import {
  fileDigest,
  type LoadedInputs,
  type LoadedTask,
  loadInputs,
  readTask,
  zodIssues,
} from "../io/task.js";
import { appendLog, cleanStaging, StagedFiles, writeFilesAtomically } from "../io/write.js";
import { buildPlan, seedDigest } from "../plan/build.js";
import { diffJson } from "../plan/compare.js";
import { planChunks, planText } from "../plan/json.js";
import { replaceEntity, replaceInspector, replayReplacements } from "../plan/replace.js";
import { type Plan, PlanSchema, planJsonSchema } from "../plan/schema.js";
import { toCsv } from "../publish/csv.js";
import { publicationFilePieces, publicationFiles } from "../publish/files.js";
import { escapeHtml } from "../publish/notice.js";
import { deadlineReport, RESULT_COLUMNS, validateResults } from "../results/intake.js";
import { formatIssue, type Issue, inFile, issue } from "../util/issue.js";
import { LIBRARY_VERSION } from "../version.js";

const HELP: Record<string, string> = {
  main: `double-random ${LIBRARY_VERSION} — 双随机、一公开 抽查计划工具 / verifiable random inspection planner

用法 / Usage:
  double-random commit  <task.json> [--out commitment.json]
  double-random draw    <task.json> --seed <text> [--seed-source <text>] [--commitment <file>] --out <dir> [--force]
  double-random verify  <dir>/plan.json [--task <task.json>]
  double-random replace <dir>/plan.json (--entity <id> | --inspector <id> --entity <id>) --reason <text> [--task <task.json>]
  double-random publish <dir>/plan.json [--format md|html|csv] [--out <dir>]
  double-random results <dir>/plan.json <results.csv> [--out <dir>] [--as-of <YYYY-MM-DD>] [--task <task.json>]

退出码 / Exit codes: 0 成功 success; 1 验证不一致或检查组未配齐 mismatch or unstaffable; 2 用法或输入错误 bad usage or input.
每个命令都有 --help / every command has --help.`,
  commit: `double-random commit <task.json> [--out commitment.json]

校验任务文件及全部输入，写出承诺文件（各输入文件的 SHA-256 与行数、算法版本及总摘要），须在种子产生之前公布。
Validates the task and all inputs and writes a commitment (input digests, row counts, algorithm version and one
digest over all of it) to publish before the seed exists. Default output: commitment.json beside the task.`,
  draw: `double-random draw <task.json> --seed <text> [--seed-source <text>] [--commitment <file>] --out <dir> [--force] [--timings]

执行完整流程（抽取对象、组建检查组、排期、生成公示文件），写入 <dir>。已有计划时须加 --force；每次尝试都记入 <dir>/draw-log.ndjson。
Runs the whole pipeline (draw, teams, schedule, publication files) into <dir>. Refuses to overwrite an existing plan
without --force; every attempt is appended to <dir>/draw-log.ndjson. With --commitment, inputs that changed since the
commitment are refused (exit 2). --timings 在标准错误输出各步骤耗时与内存 / prints each step's time and memory to stderr.`,
  verify: `double-random verify <dir>/plan.json [--task <task.json>]

用记录的种子与输入重新计算计划：一致退出 0，不一致退出 1（列出差异），输入缺失或已变更退出 2。
Recomputes the plan from the recorded inputs and seed: exit 0 when identical, 1 when not (first differences
printed), 2 when inputs are missing or changed.`,
  replace: `double-random replace <dir>/plan.json --entity <id> --reason <text>
double-random replace <dir>/plan.json --inspector <id> --entity <id> --reason <text>

递补：对象退出后由同层递补名单的下一位替补；检查人员回避后由按抽取号顺序的下一位符合条件的人员替补。其余不变，verify 仍通过。
Replacement (递补) of an entity by the next reserve of its stratum, or of one team member by the next eligible
inspector in ticket order. Nothing else changes; verify still passes.`,
  publish: `double-random publish <dir>/plan.json [--format md|html|csv] [--out <dir>]

根据计划重新生成公示文件（Markdown/HTML 公告与 CSV）。Re-renders the notices and CSV files from a plan.`,
  results: `double-random results <dir>/plan.json <results.csv> [--out <dir>] [--as-of <YYYY-MM-DD>] [--task <task.json>]

读取抽查结果 CSV（统一社会信用代码/entityId, 事项编号/itemId, 检查结果/categories（分号分隔）, 检查结束日期/finishedOn, 备注/note），
对照计划校验，生成结果公示文件与期限报告（截至 --as-of 日期，默认今天）。
Reads a results CSV, validates it against the plan, writes the results publication and a deadline report.`,
};

class UsageError extends Error {}

function printIssues(issues: readonly Issue[]): void {
  for (const i of issues) process.stderr.write(`${formatIssue(i)}\n`);
}

function sha256Text(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** Step timings for `--timings`: wall time and resident memory at the end of each step, to stderr. */
class Timings {
  private readonly start = performance.now();
  private last = this.start;
  constructor(private readonly on: boolean) {}
  step(name: string): void {
    if (!this.on) return;
    const now = performance.now();
    const rss = process.memoryUsage.rss() / 2 ** 20;
    const peak = process.resourceUsage().maxRSS / 1024;
    process.stderr.write(
      `[timings] ${name.padEnd(22)} ${((now - this.last) / 1000).toFixed(2).padStart(6)} s  (累计 total ${((now - this.start) / 1000).toFixed(2)} s, RSS ${rss.toFixed(0)} MB, 峰值 peak ${peak.toFixed(0)} MB)\n`,
    );
    this.last = now;
  }
}

function progress(label: string): { tick: (n: number) => void; done: () => void } {
  const tty = process.stderr.isTTY === true && !process.env.CI;
  let last = 0;
  return {
    tick: (n) => {
      if (tty && n - last >= 50_000) {
        last = n;
        process.stderr.write(`\r${label} ${n.toLocaleString("zh-CN")} 行…`);
      }
    },
    done: () => {
      if (tty && last > 0) process.stderr.write("\r\x1b[K");
    },
  };
}

async function loadAll(
  taskPath: string,
): Promise<{ t: LoadedTask; inputs: LoadedInputs } | { issues: Issue[] }> {
  const t = await readTask(taskPath);
  if (!t.ok) return { issues: [...t.issues] };
  const inputs = await loadInputs(t.value);
  if (inputs.issues.some((i) => i.severity === "error")) return { issues: inputs.issues };
  return { t: t.value, inputs };
}

/** Build a plan from files. */
async function planFromFiles(
  taskPath: string,
  seed: string,
  seedSource: string,
  planDir?: string,
  timings = new Timings(false),
): Promise<
  | { plan: Plan; complete: boolean; issues: Issue[]; inputs: LoadedInputs; t: LoadedTask }
  | { issues: Issue[]; code: number }
> {
  const loaded = await loadAll(taskPath);
  if ("issues" in loaded) return { issues: loaded.issues, code: 2 };
  const { t, inputs } = loaded;
  timings.step("read small inputs");
  const bar = progress("读取检查对象");
  let n = 0;
  const source = inputs.entities;
  const counted = () =>
    (async function* () {
      for await (const x of source()) {
        n += Array.isArray(x) ? x.length : 1;
        bar.tick(n);
        yield x;
      }
    })();
  const r = await buildPlan({
    task: t.task,
    seed,
    seedSource,
    entities: counted,
    inspectors: inputs.inspectors,
    items: inputs.items,
    conflicts: inputs.conflicts,
    history: inputs.history,
    calendar: inputs.calendar,
    taskDigest: t.digest,
    onStep: (step) => timings.step(step === "draw" ? "read entities + draw" : step),
    firstPass: inputs.ticketsOnWorker(counted),
  });
  bar.done();
  const entityIssues = inputs.entityIssues.list();
  const all = [...inputs.issues, ...entityIssues, ...inFile(r.issues, taskPath)];
  if (!r.ok || inputs.entityIssues.errorCount > 0) return { issues: all, code: 2 };
  const changed = await inputs.finishDigests();
  if (changed.length > 0) return { issues: [...all, ...changed], code: 2 };
  timings.step("input digests");
  const plan: Plan = { ...r.plan, inputs: { ...inputs.digests }, issues: all.map((i) => ({ ...i })) };
  if (planDir !== undefined) plan.taskFile = relative(planDir, resolve(taskPath)) || ".";
  return { plan, complete: r.complete, issues: all, inputs, t };
}

async function cmdCommit(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: "string" }, help: { type: "boolean" } },
    allowPositionals: true,
  });
  if (values.help) return help("commit");
  const taskPath = positionals[0];
  if (!taskPath) throw new UsageError("commit 需要任务文件 / commit needs a task file");
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

async function cmdDraw(args: string[]): Promise<number> {
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
    for (const [name, pieces] of Object.entries(publicationFilePieces(r.plan)))
      staged.writePieces(name, pieces());
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
  if (!r.complete) {
    process.stdout.write(`未能配齐检查组：\n${r.plan.bottlenecks.map((b) => `  - ${b}`).join("\n")}\n`);
    return 1;
  }
  return 0;
}

async function checkCommitment(path: string, taskPath: string): Promise<Issue[]> {
  let c: {
    task?: { sha256?: string };
    inputs?: Record<string, { path: string; sha256: string }>;
    digest?: string;
  };
  try {
    c = JSON.parse(await readFile(path, "utf8"));
  } catch {
    return [issue("invalid-commitment", `无法读取承诺文件 ${path}`, { file: path })];
  }
  const out: Issue[] = [];
  const t = await readTask(taskPath);
  if (!t.ok) return [...t.issues];
  if (c.task?.sha256 !== t.value.digest)
    out.push(issue("input-changed", `任务文件 ${taskPath} 自承诺以来已变更`, { file: taskPath }));
  const inputs = t.value.task.inputs as Record<string, string | undefined>;
  for (const [kind, d] of Object.entries(c.inputs ?? {})) {
    const p = inputs[kind];
    const full = p === undefined ? undefined : resolve(t.value.dir, p);
    const now = full && existsSync(full) ? await fileDigest(full) : undefined;
    if (now !== d.sha256)
      out.push(
        issue("input-changed", `输入文件 ${p ?? d.path}（${kind}）自承诺以来已变更或缺失`, {
          file: p ?? d.path,
        }),
      );
  }
  for (const kind of ["entities", "inspectors", "items", "conflicts", "history", "calendar"]) {
    if (inputs[kind] !== undefined && !(kind in (c.inputs ?? {}))) {
      out.push(
        issue("input-changed", `输入文件 ${inputs[kind]}（${kind}）不在承诺中`, { file: inputs[kind]! }),
      );
    }
  }
  return out;
}

async function readPlan(path: string): Promise<{ ok: true; plan: Plan } | { ok: false; issues: Issue[] }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    return {
      ok: false,
      issues: [issue("invalid-plan", `无法读取计划文件 ${path}：${(e as Error).message}`, { file: path })],
    };
  }
  const r = PlanSchema.safeParse(json);
  if (!r.success) return { ok: false, issues: zodIssues(path, r.error) };
  return { ok: true, plan: r.data };
}

function taskPathOf(planPath: string, plan: Plan, explicit?: string): string | undefined {
  if (explicit) return explicit;
  if (plan.taskFile) return resolve(dirname(planPath), plan.taskFile);
  return undefined;
}

async function cmdVerify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { task: { type: "string" }, help: { type: "boolean" } },
    allowPositionals: true,
  });
  if (values.help) return help("verify");
  const planPath = positionals[0];
  if (!planPath) throw new UsageError("verify 需要计划文件 / verify needs a plan file");
  const p = await readPlan(planPath);
  if (!p.ok) {
    printIssues(p.issues);
    return 2;
  }
  const recorded = p.plan;
  const taskPath = taskPathOf(planPath, recorded, values.task);
  if (!taskPath || !existsSync(taskPath)) {
    printIssues([
      issue(
        "input-missing",
        `找不到任务文件${taskPath ? ` ${taskPath}` : ""}；请用 --task 指定`,
        taskPath ? { file: taskPath } : {},
      ),
    ]);
    return 2;
  }
  const t = await readTask(taskPath);
  if (!t.ok) {
    printIssues(t.issues);
    return 2;
  }
  const changed: Issue[] = [];
  if (t.value.digest !== recorded.taskDigest)
    changed.push(issue("input-changed", `任务文件 ${taskPath} 与计划记录的摘要不一致`, { file: taskPath }));
  for (const [kind, d] of Object.entries(recorded.inputs)) {
    const full = resolve(t.value.dir, d.path);
    if (!existsSync(full))
      changed.push(issue("input-missing", `缺少输入文件 ${d.path}（${kind}）`, { file: d.path }));
    else if ((await fileDigest(full)) !== d.sha256)
      changed.push(
        issue("input-changed", `输入文件 ${d.path}（${kind}）与计划记录的摘要不一致`, { file: d.path }),
      );
  }
  if (changed.length > 0) {
    printIssues(changed);
    return 2;
  }
  const r = await planFromFiles(taskPath, recorded.seed, recorded.seedSource, dirname(resolve(planPath)));
  if ("code" in r) {
    printIssues(r.issues);
    return 2;
  }
  let fresh = r.plan;
  if (recorded.replacements.length > 0) {
    const rp = replayReplacements(fresh, recorded.replacements, r.inputs);
    if (!rp.ok) {
      printIssues(rp.issues);
      return 1;
    }
    fresh = rp.plan;
  }
  const normalise = (x: Plan) => ({ ...x, taskFile: undefined });
  const diffs = diffJson(normalise(fresh), normalise(recorded));
  if (diffs.length === 0) {
    process.stdout.write(
      `验证通过：${planPath} 与按种子和输入重新计算的结果完全一致（${recorded.selected.length} 个抽查对象）。\nverified: identical\n`,
    );
    return 0;
  }
  process.stdout.write(`验证失败：计划与重新计算的结果不一致。前 ${diffs.length} 处差异：\n`);
  for (const d of diffs)
    process.stdout.write(`  - ${d.path}：重新计算为 ${d.expected}，计划中为 ${d.actual}\n`);
  return 1;
}

async function cmdReplace(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      entity: { type: "string" },
      inspector: { type: "string" },
      reason: { type: "string" },
      task: { type: "string" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (values.help) return help("replace");
  const planPath = positionals[0];
  if (!planPath) throw new UsageError("replace 需要计划文件 / replace needs a plan file");
  if (!values.entity) throw new UsageError("replace 需要 --entity / replace needs --entity");
  if (!values.reason) throw new UsageError("replace 需要 --reason（递补原因）/ replace needs --reason");
  const p = await readPlan(planPath);
  if (!p.ok) {
    printIssues(p.issues);
    return 2;
  }
  const taskPath = taskPathOf(planPath, p.plan, values.task);
  if (!taskPath) throw new UsageError("找不到任务文件，请用 --task 指定 / use --task");
  const loaded = await loadAll(taskPath);
  if ("issues" in loaded) {
    printIssues(loaded.issues);
    return 2;
  }
  const ctx = loaded.inputs;
  const r = values.inspector
    ? replaceInspector(p.plan, ctx, values.entity, values.inspector, values.reason)
    : replaceEntity(p.plan, ctx, values.entity, values.reason);
  if (!r.ok) {
    printIssues(r.issues);
    return 2;
  }
  const dir = dirname(planPath);
  await writeFilesAtomically(
    dir,
    { ...publicationFiles(r.plan), "plan.json": planText(r.plan) },
    "plan.json",
  );
  const last = r.plan.replacements[r.plan.replacements.length - 1]!;
  await appendLog(join(dir, "draw-log.ndjson"), {
    time: new Date().toISOString(),
    outcome: "replacement",
    ...last,
  });
  const added = r.plan.replacements.slice(p.plan.replacements.length);
  for (const x of added) {
    process.stdout.write(
      `递补：${x.type === "entity" ? `对象 ${x.entityId}` : `${x.entityId} 检查组成员 ${x.inspectorId}`} → ${x.replacedBy}（${x.reason}）\n`,
    );
  }
  return 0;
}

async function cmdPublish(args: string[]): Promise<number> {
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

async function cmdResults(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      "as-of": { type: "string" },
      task: { type: "string" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (values.help) return help("results");
  const [planPath, csvPath] = positionals;
  if (!planPath || !csvPath)
    throw new UsageError("results 需要计划文件和结果 CSV / results needs a plan and a results CSV");
  const p = await readPlan(planPath);
  if (!p.ok) {
    printIssues(p.issues);
    return 2;
  }
  const taskPath = taskPathOf(planPath, p.plan, values.task);
  let calendar = (await import("../schedule/calendar.js")).WorkingCalendar.builtIn();
  if (taskPath && existsSync(taskPath)) {
    const loaded = await loadAll(taskPath);
    if (!("issues" in loaded)) calendar = loaded.inputs.calendar;
  }
  const collector = new IssueCollector();
  const rows: { row: number; record: Record<string, string> }[] = [];
  // results use their own columns; map Chinese headers here
  const alias = new Map<string, string>();
  for (const [k, zh] of Object.entries(RESULT_COLUMNS)) {
    alias.set(k, k);
    for (const z of zh) alias.set(z, k);
  }
  try {
    const recs = await readCsvRows(csvPath);
    const header = (recs[0]?.cells ?? []).map((h) => alias.get(h.trim()));
    for (const { row, cells } of recs.slice(1)) {
      const record: Record<string, string> = {};
      header.forEach((k, j) => {
        if (k) record[k] = cells[j] ?? "";
      });
      rows.push({ row, record });
    }
    for (const k of ["entityId", "itemId", "categories", "finishedOn"]) {
      if (!header.includes(k))
        collector.add(
          issue("missing-column", `缺少必填列 ${k}（${RESULT_COLUMNS[k]![0]}）`, {
            file: csvPath,
            row: 1,
            column: k,
          }),
        );
    }
  } catch (e) {
    const row = e instanceof InputFileError ? e.row : undefined;
    collector.add(
      issue(
        "invalid-csv",
        `无法读取结果文件：${(e as Error).message}`,
        row === undefined ? { file: csvPath } : { file: csvPath, row },
      ),
    );
  }
  const v = validateResults(p.plan, rows, calendar, csvPath);
  collector.add(...v.issues);
  const issues = collector.list();
  if (issues.some((i) => i.severity === "error")) {
    printIssues(issues);
    return 2;
  }
  const asOf = values["as-of"] ?? new Date().toISOString().slice(0, 10);
  const report = deadlineReport(p.plan, v.results, asOf);
  const names = new Map(p.plan.selected.map((s) => [s.entityId, s.name]));
  const itemNames = new Map(p.plan.items.map((i) => [i.id, i.name]));
  const pubRows = v.results.map((r) => [
    r.entityId,
    names.get(r.entityId) ?? "",
    itemNames.get(r.itemId) ?? r.itemId,
    r.categories.join("；"),
    r.finishedOn,
    r.publishBy,
  ]);
  const header = ["统一社会信用代码", "名称", "抽查事项", "检查结果", "检查结束日期", "公示截止日"];
  const md = [
    `# ${p.plan.department}${p.plan.taskName}抽查结果公示`,
    "",
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...pubRows.map(
      (r) => `| ${r.map((c) => c.replaceAll("|", "\\|").replaceAll("<", "&lt;")).join(" | ")} |`,
    ),
    "",
  ].join("\n");
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(p.plan.taskName)}抽查结果公示</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;width:100%}td,th{border:1px solid #888;padding:.25em .4em}</style></head><body>
<h1>${escapeHtml(`${p.plan.department}${p.plan.taskName}抽查结果公示`)}</h1><table><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>
${pubRows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n")}</table></body></html>\n`;
  const STATUS: Record<string, string> = { ready: "已录入结果", pending: "待录入", overdue: "已逾期" };
  const out = values.out ?? dirname(planPath);
  await writeFilesAtomically(out, {
    "results-publication.csv": toCsv(header, pubRows),
    "results-notice.md": md,
    "results-notice.html": html,
    "deadlines.csv": toCsv(
      ["统一社会信用代码", "抽查事项", "状态", "公示截止日", "检查结束日期"],
      report.map((d) => [d.entityId, d.itemId, STATUS[d.status]!, d.due, d.finishedOn ?? ""]),
    ),
  });
  const overdue = report.filter((d) => d.status === "overdue").length;
  process.stdout.write(
    `已校验 ${v.results.length} 条结果；截至 ${asOf} 逾期未录入 ${overdue} 项。文件写入 ${out}\n`,
  );
  printIssues(issues);
  return 0;
}

function help(cmd: string): number {
  process.stdout.write(`${HELP[cmd] ?? HELP.main}\n`);
  return 0;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  commit: cmdCommit,
  draw: cmdDraw,
  verify: cmdVerify,
  replace: cmdReplace,
  publish: cmdPublish,
  results: cmdResults,
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === "--help" || cmd === "-h" || cmd === "help") return help("main");
  if (cmd === "--version") {
    process.stdout.write(`${LIBRARY_VERSION}\n`);
    return 0;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    process.stderr.write(`未知命令 / unknown command: ${cmd}\n\n${HELP.main}\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`用法错误 / usage: ${(e as Error).message}\n\n${HELP[cmd]}\n`);
      return 2;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`内部错误 / internal error: ${(e as Error).message}\n`);
    process.exitCode = 70;
  },
);

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { IssueCollector } from "../../io/issues.js";
import { OutputFolder, outputKind, outputOfPlan, outputPaths } from "../../io/output.js";
import { InputFileError, readCsvRows } from "../../io/read.js";
import { inputPath, readTask, zodIssues } from "../../io/task.js";
import { StagedFiles } from "../../io/write.js";
import { checkColumns } from "../../model/columns.js";
import { isIsoDate } from "../../model/dates.js";
import { isResultsFile, resultsFiles, resultsTables } from "../../publish/results.js";
import { resultsWorkbooks } from "../../publish/results-xlsx.js";
import { shanghaiDate } from "../../results/asof.js";
import { deadlineReport, RESULT_COLUMNS, validateResults } from "../../results/intake.js";
import { provisionalResultDates } from "../../results/provisional.js";
import { CalendarFileSchema, WorkingCalendar } from "../../schedule/calendar.js";
import { type Issue, issue } from "../../util/issue.js";
import { lockedMessage, noteTakeOver } from "../attempt.js";
import { printIssues, readPlan, taskPathOf, UsageError } from "../common.js";
import { help } from "../help.js";

/**
 * Today's date in Beijing: the clock is read here, at the edge. `DOUBLE_RANDOM_NOW` (an ISO 8601 instant)
 * replaces the clock, for tests and for re-running a past day's report.
 */
function today(): { ok: true; value: string } | { ok: false; issue: Issue } {
  const env = process.env.DOUBLE_RANDOM_NOW;
  const now = env === undefined || env === "" ? new Date() : new Date(env);
  if (!Number.isFinite(now.getTime()))
    return {
      ok: false,
      issue: issue("invalid-date", `环境变量 DOUBLE_RANDOM_NOW 不是有效的时间：${env}`, {
        column: "DOUBLE_RANDOM_NOW",
        received: env,
      }),
    };
  return { ok: true, value: shanghaiDate(now) };
}

/** The working-day calendar of a plan's task (built-in data plus the task's calendar file, if any). */
async function taskCalendar(
  taskPath: string | undefined,
): Promise<{ calendar: WorkingCalendar; issues: Issue[] }> {
  const calendar = WorkingCalendar.builtIn();
  if (taskPath === undefined || !existsSync(taskPath)) return { calendar, issues: [] };
  const t = await readTask(taskPath);
  if (!t.ok) return { calendar, issues: [...t.issues] };
  const file = t.value.task.inputs.calendar;
  if (file === undefined) return { calendar, issues: [] };
  try {
    const text = await readFile(inputPath(t.value, file), "utf8");
    const parsed = CalendarFileSchema.safeParse(JSON.parse(text.replace(/^\uFEFF/, "")));
    if (!parsed.success) return { calendar, issues: zodIssues(file, parsed.error) };
    return { calendar: calendar.withYears(parsed.data.years, file), issues: [] };
  } catch (e) {
    return {
      calendar,
      issues: [issue("invalid-calendar", `无法读取日历文件：${(e as Error).message}`, { file })],
    };
  }
}

/** The `results` command; returns the exit code. */
export async function cmdResults(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      "as-of": { type: "string" },
      task: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) return help("results");
  const [planPath, csvPath] = positionals;
  if (!planPath || !csvPath)
    throw new UsageError("results 需要计划文件和结果 CSV / results needs a plan and a results CSV");
  const given = values["as-of"];
  if (given !== undefined && !isIsoDate(given)) {
    printIssues([
      issue("invalid-date", `--as-of 不是有效日期（应为 YYYY-MM-DD）：${given}`, {
        column: "--as-of",
        received: given,
      }),
    ]);
    return 2;
  }
  const now = given === undefined ? today() : { ok: true as const, value: given };
  if (!now.ok) {
    printIssues([now.issue]);
    return 2;
  }
  const asOf = now.value;
  // The results of a plan in a managed output folder become a new version of it, under its lock: the plan read is
  // the folder's current one, every other file is carried over, and the manifest lists the results too; a draw
  // switching the folder meanwhile cannot mix two plans' files. Elsewhere (`--out` a plain folder) they are
  // written into it as before, each subfolder staged and renamed in.
  // a version folder given as --out stands for its output folder (never written into in place)
  const out = values.out !== undefined ? outputOfPlan(join(values.out, "plan.json")) : outputOfPlan(planPath);
  let folder: OutputFolder | undefined;
  if (outputKind(out) === "managed") {
    const locked = await OutputFolder.lock(out, `results ${planPath}`);
    if (!locked.ok) {
      printIssues([
        issue("output-locked", lockedMessage(out, outputPaths(out).lock, locked.holder), { file: out }),
      ]);
      return 2;
    }
    folder = locked.folder;
    noteTakeOver(folder, locked.tookOver);
  }
  try {
    return await validateAndWrite(planPath, csvPath, asOf, out, folder, values.task);
  } finally {
    folder?.release();
  }
}

/** Validate the results against the plan and write their files; returns the exit code. */
async function validateAndWrite(
  planPath: string,
  csvPath: string,
  asOf: string,
  out: string,
  folder: OutputFolder | undefined,
  taskOption: string | undefined,
): Promise<number> {
  const own = folder !== undefined && outputOfPlan(planPath) === folder.out;
  const current = folder?.currentDir();
  if (folder !== undefined && !own && current !== undefined) {
    // the results of one plan go only into a folder that holds that plan
    const theirs = await readFile(join(current, "plan.json")).catch(() => undefined);
    const mine = await readFile(planPath).catch(() => undefined);
    if (theirs === undefined || mine === undefined || !theirs.equals(mine)) {
      printIssues([
        issue(
          "plan-mismatch",
          `输出目录 ${out} 中的计划不是 ${planPath}：一个计划的结果只能写入存放该计划的目录（或一个新目录）`,
          { file: out },
        ),
      ]);
      return 2;
    }
  }
  const p = await readPlan(own && current !== undefined ? join(current, "plan.json") : planPath);
  if (!p.ok) {
    printIssues(p.issues);
    return 2;
  }
  const cal = await taskCalendar(taskPathOf(planPath, p.plan, taskOption));
  const collector = new IssueCollector();
  collector.add(...cal.issues);
  const rows: { row: number; record: Record<string, string> }[] = [];
  try {
    const recs = await readCsvRows(csvPath);
    if (recs.length === 0)
      collector.add(issue("empty-file", "结果文件为空（没有表头行）", { file: csvPath, row: 1 }));
    else {
      const h = checkColumns(RESULT_COLUMNS, recs[0]!.cells, csvPath);
      collector.add(...h.issues);
      for (const { row, cells } of recs.slice(1)) {
        if (cells.length !== h.keys.length) {
          collector.add(
            issue("column-count", `本行有 ${cells.length} 列，表头有 ${h.keys.length} 列`, {
              file: csvPath,
              row,
              received: String(cells.length),
            }),
          );
          continue;
        }
        const record: Record<string, string> = {};
        h.keys.forEach((k, j) => {
          if (k) record[k] = cells[j] ?? "";
        });
        rows.push({ row, record });
      }
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
  if (collector.errorCount === 0) {
    const v = validateResults(p.plan, rows, cal.calendar, csvPath, { asOf });
    collector.add(...v.issues);
    if (collector.errorCount === 0) {
      collector.add(...provisionalResultDates(v.results, cal.calendar));
      const issues = collector.list();
      const report = deadlineReport(p.plan, v.results, asOf);
      const files: Record<string, string | Uint8Array> = {
        ...resultsFiles(p.plan, v.results, report, { asOf }),
        ...(await resultsWorkbooks(resultsTables(p.plan, v.results, report, { asOf }), asOf)),
      };
      if (folder !== undefined) await writeVersion(folder, files);
      else await writeInto(out, files);
      const overdue = report.filter((d) => d.status === "overdue").length;
      const pastDue = report.filter((d) => d.status === "past-due").length;
      const followUps = v.results.reduce((n, r) => n + r.followUps.length, 0);
      const depts = new Set(v.results.map((r) => r.department)).size;
      process.stdout.write(
        `已校验 ${v.results.length} 条结果（${depts} 个检查实施机关各自公示）；需后续处置 ${followUps} 项，` +
          `截至 ${asOf} 已过期限 ${pastDue} 项；逾期未录入结果 ${overdue} 项。文件写入 ${out}（public/results/、internal/）\n`,
      );
      printIssues(issues);
      return 0;
    }
  }
  printIssues(collector.list());
  return 2;
}

/** The results files as a new version of a managed output folder (an earlier run's results are replaced). */
async function writeVersion(folder: OutputFolder, files: Record<string, string | Uint8Array>): Promise<void> {
  const v = await folder.stage("results");
  try {
    for (const [name, content] of Object.entries(files)) v.files.write(name, content);
    folder.carryOver(v.files, isResultsFile);
    await folder.switchTo(v);
  } catch (e) {
    await v.files.abort();
    throw e;
  }
}

/** The results files into a plain folder: each subfolder's files staged and renamed in together. */
async function writeInto(out: string, files: Record<string, string | Uint8Array>): Promise<void> {
  const byDir = new Map<string, [string, string | Uint8Array][]>();
  for (const [name, content] of Object.entries(files)) {
    const d = dirname(name);
    byDir.set(d, [...(byDir.get(d) ?? []), [name.slice(d.length + 1), content]]);
  }
  for (const [d, fs] of byDir) {
    const staged = await StagedFiles.open(join(out, d));
    for (const [name, content] of fs) staged.write(name, content);
    await staged.commit();
  }
}

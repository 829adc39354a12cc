// What the CLI commands share: usage errors, printing issues, timings, progress, reading plans and inputs.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { type LoadedInputs, type LoadedTask, loadInputs, readTask } from "../io/task.js";
import { parseWith } from "../model/zod-issues.js";
import { type Plan, PlanSchema } from "../plan/schema.js";
import { formatIssue, type Issue, issue } from "../util/issue.js";

/** A command-line usage error: printed with the command's help, exit 2. */
export class UsageError extends Error {}

/** Print issues to stderr, one located line each. */
export function printIssues(issues: readonly Issue[]): void {
  for (const i of issues) process.stderr.write(`${formatIssue(i)}\n`);
}

export function sha256Text(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** Step timings for `--timings`: wall time and resident memory at the end of each step, to stderr. */
export class Timings {
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

/** A progress line on stderr, only when it is a terminal. */
export function progress(label: string): { tick: (n: number) => void; done: () => void } {
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

/** Read a task and all its inputs. */
export async function loadAll(
  taskPath: string,
): Promise<{ t: LoadedTask; inputs: LoadedInputs } | { issues: Issue[] }> {
  const t = await readTask(taskPath);
  if (!t.ok) return { issues: [...t.issues] };
  const inputs = await loadInputs(t.value);
  if (inputs.issues.some((i) => i.severity === "error")) return { issues: inputs.issues };
  return { t: t.value, inputs };
}

/** Read and validate a plan file. */
export async function readPlan(
  path: string,
): Promise<{ ok: true; plan: Plan } | { ok: false; issues: Issue[] }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    return {
      ok: false,
      issues: [issue("invalid-plan", `无法读取计划文件 ${path}：${(e as Error).message}`, { file: path })],
    };
  }
  const r = parseWith(PlanSchema, json, path);
  if (!r.ok) return { ok: false, issues: [...r.issues] };
  return { ok: true, plan: r.value };
}

/**
 * The task file of a plan: explicit, or recorded in the plan relative to its output folder (also when the plan is
 * given by its path inside a version folder, `out/.q4.versions/<version>/plan.json`).
 */
export function taskPathOf(planPath: string, plan: Plan, explicit?: string): string | undefined {
  if (explicit) return explicit;
  if (plan.taskFile) {
    // joined, not resolved: the path stays relative when the plan's was, so messages name it as the user would;
    // a plan inside a version folder (out/.q4.versions/<version>/plan.json) is read from its output folder out/q4
    const dir = dirname(planPath);
    const m = /^\.(.+)\.versions$/.exec(basename(dirname(dir)));
    return join(m ? join(dirname(dirname(dir)), m[1]!) : dir, plan.taskFile);
  }
  return undefined;
}

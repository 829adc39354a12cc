import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { planFromFiles as filePlan } from "../io/plan-files.js";
import { fileDigest, type LoadedInputs, type LoadedTask, readTask } from "../io/task.js";
import type { Plan } from "../plan/schema.js";
import { currentEntityDigest } from "../sources/index.js";
import { type Issue, issue } from "../util/issue.js";
import { progress, Timings } from "./common.js";
/**
 * Build a plan from files (src/io/plan-files.ts), with progress and timings on the terminal.
 * @param afterDraw called once the entities are drawn (before the schedule, teams and plan)
 */
export async function planFromFiles(
  taskPath: string,
  seed: string,
  seedSource: string,
  planDir?: string,
  timings = new Timings(false),
  afterDraw?: () => void,
): Promise<
  | { plan: Plan; complete: boolean; issues: readonly Issue[]; inputs: LoadedInputs; t: LoadedTask }
  | { issues: readonly Issue[]; code: number }
> {
  const bar = progress("读取检查对象");
  const r = await filePlan(taskPath, {
    seed,
    seedSource,
    ...(planDir !== undefined ? { planDir } : {}),
    onStep: (step) => {
      timings.step(
        step === "read"
          ? "read small inputs"
          : step === "draw"
            ? "read entities + draw"
            : step === "digests"
              ? "input digests"
              : step,
      );
      if (step === "draw") afterDraw?.();
    },
    onEntityRows: bar.tick,
  });
  bar.done();
  if (!r.ok) return { issues: r.issues, code: 2 };
  return { plan: r.plan, complete: r.complete, issues: r.issues, inputs: r.inputs, t: r.task };
}

/** Inputs that changed since a commitment file (empty when none did). */
export async function checkCommitment(path: string, taskPath: string): Promise<Issue[]> {
  let c: {
    task?: { sha256?: string };
    inputs?: Record<string, { path: string; sha256: string; content?: { sha256: string } }>;
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
    // a database table or query: its content digest, computed in the database now
    const db = kind === "entities" ? await currentEntityDigest(t.value.task, t.value.dir) : undefined;
    if (db !== undefined) {
      if (db.issues.length > 0) out.push(...db.issues);
      else if (db.sha256 !== (d.content?.sha256 ?? d.sha256))
        out.push(issue("input-changed", `检查对象数据源 ${d.path} 的内容自承诺以来已变更`, { file: d.path }));
      continue;
    }
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
        issue("input-changed", `输入文件 ${String(inputs[kind])}（${kind}）不在承诺中`, {
          file: String(inputs[kind]),
        }),
      );
    }
  }
  return out;
}

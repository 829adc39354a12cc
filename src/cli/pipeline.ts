import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { fileDigest, type LoadedInputs, type LoadedTask, readTask } from "../io/task.js";
import { buildPlan } from "../plan/build.js";
import type { Plan } from "../plan/schema.js";
import { type Issue, inFile, issue } from "../util/issue.js";
import { loadAll, progress, Timings } from "./common.js";
/** Build a plan from files. */
export async function planFromFiles(
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

/** Inputs that changed since a commitment file (empty when none did). */
export async function checkCommitment(path: string, taskPath: string): Promise<Issue[]> {
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

// A plan from a task file and its input files: the file edge of the pipeline. It reads and validates the files
// (entities streamed, their tickets hashed on a worker thread), runs the core's planFromSources, and adds to the
// finished plan only what files have: the path and the bytes digest of each input, and where the task file is.
import { relative, resolve } from "node:path";
import type { EntitySource } from "../draw/draw.js";
import { noteVisitPositions, visitPositionsHint } from "../plan/order.js";
import type { Plan } from "../plan/schema.js";
import { type PlanSources, planFromSources } from "../plan/sources.js";
import { type Issue, inFile } from "../util/issue.js";
import { type LoadedInputs, type LoadedTask, loadInputs, readTask } from "./task.js";

/** Options of {@link planFromFiles}. */
export interface FilePlanOptions {
  readonly seed: string;
  readonly seedSource?: string;
  /** The folder the plan will be written to: the plan records the task file relative to it (`taskFile`). */
  readonly planDir?: string;
  /** Called as each step ends (see {@link PlanSources.onStep}); `read` once the small inputs are read. */
  readonly onStep?: (step: "read" | "draw" | "schedule" | "teams" | "plan" | "digests") => void;
  /** Called with the number of entity rows read so far, as the draw reads them (for a progress display). */
  readonly onEntityRows?: (rows: number) => void;
}

/** A plan from files, with what was loaded (for replacements and results), or the issues that stop it. */
export type FilePlanOutcome =
  | {
      readonly ok: true;
      readonly plan: Plan;
      readonly complete: boolean;
      readonly issues: readonly Issue[];
      readonly task: LoadedTask;
      readonly inputs: LoadedInputs;
    }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * The plan's inputs with each file's path and bytes digest added in front of what the core recorded (a new plan
 * object sharing the lists of the given one, and what the planner noted of them: see noteVisitPositions).
 */
export function withFileFacts(plan: Plan, files: Plan["inputs"]): Plan {
  const inputs: Plan["inputs"] = {};
  for (const [kind, core] of Object.entries(plan.inputs)) {
    const f = files[kind];
    inputs[kind] = f === undefined ? core : { path: f.path, sha256: f.sha256, ...core };
  }
  const out = { ...plan, inputs };
  const at = visitPositionsHint(plan);
  if (at !== undefined) noteVisitPositions(out, at);
  return out;
}

/** Read and validate a task file and all its inputs (the entities stay a re-readable stream). */
export async function loadTaskAndInputs(
  taskPath: string,
): Promise<{ ok: true; task: LoadedTask; inputs: LoadedInputs } | { ok: false; issues: readonly Issue[] }> {
  const t = await readTask(taskPath);
  if (!t.ok) return { ok: false, issues: t.issues };
  const inputs = await loadInputs(t.value);
  if (inputs.issues.some((i) => i.severity === "error")) return { ok: false, issues: inputs.issues };
  return { ok: true, task: t.value, inputs };
}

/**
 * Build a finished plan from a task file: the same plan {@link buildPlan} gives for the same records, plus
 * each input file's path and bytes digest and the task file's place (`taskFile`, with `planDir`).
 */
export async function planFromFiles(taskPath: string, options: FilePlanOptions): Promise<FilePlanOutcome> {
  const loaded = await loadTaskAndInputs(taskPath);
  if (!loaded.ok) return loaded;
  const { task: t, inputs } = loaded;
  options.onStep?.("read");
  let n = 0;
  const source = inputs.entities;
  const onRows = options.onEntityRows;
  const counted: EntitySource =
    onRows === undefined
      ? source
      : () =>
          (async function* () {
            for await (const x of source()) {
              n += Array.isArray(x) ? x.length : 1;
              onRows(n);
              yield x;
            }
          })();
  const given = t.task.inputs;
  const sources: PlanSources = {
    task: t.task,
    seed: options.seed,
    seedSource: options.seedSource ?? "",
    entities: counted,
    inspectors: inputs.inspectors,
    items: inputs.items,
    ...(given.conflicts !== undefined ? { conflicts: inputs.conflicts } : {}),
    ...(given.history !== undefined ? { history: inputs.history } : {}),
    calendar: inputs.calendar,
    ...(inputs.calendarYears !== undefined ? { calendarYears: inputs.calendarYears } : {}),
    readingIssues: () => [...inputs.issues, ...inputs.entityIssues.list()],
    firstPass: inputs.ticketsOnWorker(counted, onRows),
    ...(options.onStep !== undefined ? { onStep: options.onStep } : {}),
  };
  const core = await planFromSources(sources);
  // issues the core locates by a task key are in the task file: named as the user gave it
  const r = { ...core, issues: inFile(core.issues, taskPath) };
  if (!r.ok) return r;
  const changed = await inputs.finishDigests();
  if (changed.length > 0) return { ok: false, issues: [...r.issues, ...changed] };
  options.onStep?.("digests");
  const plan = withFileFacts(r.plan, inputs.digests);
  if (options.planDir !== undefined) plan.taskFile = relative(options.planDir, resolve(taskPath)) || ".";
  return { ok: true, plan, complete: r.complete, issues: r.issues, task: t, inputs };
}

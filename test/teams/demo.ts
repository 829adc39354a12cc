// The demo task's staffing problem (seeds/), with the team rules overridden: for laws and benches.
import { resolve } from "node:path";
import { loadInputs, readTask } from "../../src/io/task.js";
import type { Task } from "../../src/model/schemas.js";
import { buildPlan } from "../../src/plan/build.js";
import type { Plan } from "../../src/plan/schema.js";
import type { StaffingInput } from "../../src/teams/staff.js";

/** The plan of a demo task drawn with `seed`, and the staffing input it was staffed from. */
export async function demoStaffing(
  taskFile: string,
  seed: string,
  teams?: (t: NonNullable<Task["teams"]>) => NonNullable<Task["teams"]>,
): Promise<{ plan: Plan; staffing: StaffingInput }> {
  const t = await readTask(resolve(taskFile));
  if (!t.ok) throw new Error(JSON.stringify(t.issues));
  const task: Task = teams ? { ...t.value.task, teams: teams(t.value.task.teams ?? {}) } : t.value.task;
  const inputs = await loadInputs({ ...t.value, task });
  const r = await buildPlan({
    task,
    seed,
    entities: inputs.entities,
    inspectors: inputs.inspectors,
    items: inputs.items,
    conflicts: inputs.conflicts,
    history: inputs.history,
    calendar: inputs.calendar,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const date = new Map(r.plan.schedule.map((s) => [s.entityId, s.date]));
  const staffing: StaffingInput = {
    seed,
    taskId: task.id,
    tasks: [...r.plan.selected]
      .sort((a, b) => (a.entityId < b.entityId ? -1 : 1))
      .map((s) => ({
        entityId: s.entityId,
        region: s.region,
        date: date.get(s.entityId)!,
        itemIds: task.items,
      })),
    inspectors: inputs.inspectors,
    items: inputs.items,
    conflicts: inputs.conflicts,
    history: inputs.history,
    rules: task.teams ?? {},
  };
  return { plan: r.plan, staffing };
}

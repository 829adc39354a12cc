// The demo task's staffing problem (seeds/), with the team rules overridden: for laws and benches.
import { resolve } from "node:path";
import { loadTaskAndInputs } from "../../src/io/plan-files.js";
import type { Task } from "../../src/model/schemas.js";
import type { Plan } from "../../src/plan/schema.js";
import { planFromSources } from "../../src/plan/sources.js";
import { randomness } from "../../src/random/randomness.js";
import type { StaffingInput } from "../../src/teams/staff.js";

/** The plan of a demo task drawn with `seed`, and the staffing input it was staffed from. */
export async function demoStaffing(
  taskFile: string,
  seed: string,
  teams?: (t: NonNullable<Task["teams"]>) => NonNullable<Task["teams"]>,
): Promise<{ plan: Plan; staffing: StaffingInput }> {
  const loaded = await loadTaskAndInputs(resolve(taskFile));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const { inputs } = loaded;
  const given = loaded.task.task;
  const task: Task = teams ? { ...given, teams: teams(given.teams ?? {}) } : given;
  const r = await planFromSources({
    task,
    seed,
    entities: inputs.entities,
    inspectors: inputs.inspectors,
    items: inputs.items,
    conflicts: inputs.conflicts,
    history: inputs.history,
    calendar: inputs.calendar,
    ...(inputs.calendarYears !== undefined ? { calendarYears: inputs.calendarYears } : {}),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const date = new Map(r.plan.schedule.map((s) => [s.entityId, s.date]));
  const staffing: StaffingInput = {
    random: randomness(seed, task.id),
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

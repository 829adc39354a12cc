// Golden snapshot of the decisions of the complete demo plans (seeds/task.json and seeds/task-joint.json with a
// fixed seed): selection, reserve, exclusions, teams, visit dates and publication deadlines. A projection of
// the decisions, not plan.json: new plan fields do not touch it. It may change only with an algorithm version
// (plan.algorithm, plan.teamsAlgorithm) or with the demo data; then regenerate it with
// `UPDATE_GOLDEN=1 npx vitest run test/teams/golden.test.ts` and say why in the commit.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/schema.js";
import { demoStaffing } from "./demo.js";

const SEED = "golden-2026";
const GOLDEN = "test/teams/golden/demo-decisions.json";
const TASKS = ["seeds/task.json", "seeds/task-joint.json"];
const SEED_FILES = [
  "entities.csv",
  "inspectors.csv",
  "items.csv",
  "conflicts.csv",
  "history.csv",
  "calendar-2027.json",
  "task.json",
  "task-joint.json",
];

/** The decisions of a plan, and nothing else. */
function decisions(plan: Plan) {
  return {
    algorithm: plan.algorithm,
    teamsAlgorithm: plan.teamsAlgorithm ?? "",
    selected: plan.selected.map((s) => `${s.entityId} ${s.stratum} ${s.ticket} ${s.reason}`),
    reserve: plan.reserve.map((r) => `${r.entityId} ${r.stratum} ${r.rank}`),
    excluded: {
      counts: plan.excluded.counts,
      list: plan.excluded.list.map((e) => `${e.entityId} ${e.reason}`),
    },
    accounting: plan.accounting,
    teams: plan.assignments.map(
      (a) =>
        `${a.entityId} ${a.inspectorIds.join(",")}${a.expertIds.length ? ` +${a.expertIds.join(",")}` : ""}${a.complete ? "" : " incomplete"}`,
    ),
    joint: plan.joint ?? null,
    schedule: plan.schedule.map((s) => `${s.entityId} ${s.date} ${s.publishBy}`),
    unstaffed: plan.unstaffed.map((u) => `${u.entityId} ${u.missing}`),
  };
}

const digest = (f: string) =>
  createHash("sha256")
    .update(readFileSync(`seeds/${f}`))
    .digest("hex");

describe("golden decisions of the demo plans", () => {
  it("are unchanged for the same algorithm versions and demo data", { timeout: 60_000 }, async () => {
    const actual: Record<string, unknown> = {
      seed: SEED,
      seeds: Object.fromEntries(SEED_FILES.map((f) => [f, digest(f)])),
    };
    for (const t of TASKS) actual[t] = decisions((await demoStaffing(t, SEED)).plan);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 1)}\n`);
    const golden = JSON.parse(readFileSync(GOLDEN, "utf8")) as Record<string, unknown>;
    // a clear word first when the demo data or an algorithm version changed (then regenerate, see above)
    expect(actual.seeds, "seeds/ changed: regenerate the golden file").toEqual(golden.seeds);
    for (const t of TASKS) {
      const a = actual[t] as ReturnType<typeof decisions>;
      const g = golden[t] as ReturnType<typeof decisions>;
      expect([a.algorithm, a.teamsAlgorithm], "algorithm version changed").toEqual([
        g.algorithm,
        g.teamsAlgorithm,
      ]);
      expect(a, `decisions of ${t} changed without a new algorithm version`).toEqual(g);
    }
  });
});

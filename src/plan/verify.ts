// Verification in one call: recompute a plan from its seed and the records, and list the differences.

import type { Issue } from "../util/issue.js";
import { type PlanInput, prepareInput } from "./build.js";
import { comparePlans, type Difference } from "./compare.js";
import { replayReplacements } from "./replace.js";
import type { Plan } from "./schema.js";
import { planFromSources } from "./sources.js";

/** What {@link verifyPlan} takes: the records (and optionally the task) the plan claims to be drawn from. */
export type VerifyInput = Omit<PlanInput, "seed" | "seedSource" | "task"> & {
  /** The task as parsed; by default the task recorded in the plan. */
  readonly task?: unknown;
};

/** The outcome of {@link verifyPlan}. */
export type VerifyOutcome =
  | {
      readonly ok: true;
      /** True when the recomputed plan equals the recorded one (no differences). */
      readonly verified: boolean;
      /** The first differences (recomputed value as `expected`, recorded value as `actual`). */
      readonly differences: readonly Difference[];
    }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * Verify a plan: recompute it from its recorded seed and the records given (replaying its recorded
 * replacements), and compare — the inputs by their content digests, every decision value by value.
 * @returns `{ ok: true, verified, differences }`, or `{ ok: false, issues }` when the records cannot be used
 * @throws {TypeError} when the plan's seed is not a string (not a plan)
 * @example
 * import { verifyPlan } from "double-random";
 * const v = await verifyPlan(plan, { entities, inspectors, items, conflicts, history });
 * if (v.ok && v.verified) console.log("verified: identical");
 * else if (v.ok) for (const d of v.differences) console.log(d.path, d.expected, d.actual);
 */
export async function verifyPlan(plan: Plan, input: VerifyInput): Promise<VerifyOutcome> {
  const p = await prepareInput({
    ...input,
    task: input.task ?? plan.task,
    seed: plan.seed,
    seedSource: plan.seedSource,
  });
  if (!p.ok) return p;
  const r = await planFromSources(p.sources);
  if (!r.ok) return r;
  let fresh = r.plan;
  if (plan.replacements.length > 0) {
    const s = p.sources;
    const rp = replayReplacements(fresh, plan.replacements, {
      inspectors: s.inspectors,
      items: s.items,
      conflicts: s.conflicts ?? [],
      history: s.history ?? [],
    });
    if (!rp.ok) return { ok: false, issues: rp.issues };
    fresh = rp.plan;
  }
  const differences = comparePlans(plan, fresh);
  return { ok: true, verified: differences.length === 0, differences };
}

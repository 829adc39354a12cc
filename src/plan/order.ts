// What the planner knows of a plan it has just built that a reader would otherwise work out again with a map of
// every entity id: the position in `plan.selected` of each visit in `plan.schedule` (the schedule lists the
// visits in entity id order, the selected list in draw order). Kept beside the plan object, not in it: plan.json
// does not change, and a plan read back from JSON (or changed into a new object) simply has none.
import type { Plan } from "./schema.js";

const positions = new WeakMap<Plan, readonly number[]>();

/**
 * Note, for a plan just built, the position in `plan.selected` of each entry of `plan.schedule` (for readers of
 * the same plan object, see {@link visitPositionsHint}).
 */
export function noteVisitPositions(plan: Plan, at: readonly number[]): void {
  positions.set(plan, at);
}

/**
 * The positions noted by {@link noteVisitPositions} for this very plan object, if any: a hint, which a reader
 * checks entry by entry before trusting it.
 */
export function visitPositionsHint(plan: Plan): readonly number[] | undefined {
  return positions.get(plan);
}

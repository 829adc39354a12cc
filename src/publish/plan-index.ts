import { visitPositionsHint } from "../plan/order.js";
import type { Plan } from "../plan/schema.js";
import { compareUtf8 } from "../random/order.js";

type Selected = Plan["selected"][number];
type Assignment = Plan["assignments"][number];
type Visit = Plan["schedule"][number];
type Inspector = Plan["inspectors"][number];

/**
 * Who goes where and when, joined once per plan: the publication files of a big plan each look up, per selected
 * entity, its team and visit date (measured: building a map per file and looking every row up again cost more
 * than writing the rows). Arrays are by position in the plan's own lists; where an entity is listed twice the
 * last entry counts, as a map built from the list would.
 */
export interface PlanIndex {
  readonly inspectors: ReadonlyMap<string, Inspector>;
  /** Per entry of `plan.selected`: its assignment and its visit. */
  readonly assignmentOfSelected: readonly (Assignment | undefined)[];
  readonly visitOfSelected: readonly (Visit | undefined)[];
  /** Per entry of `plan.assignments`: the selected entity and its visit. */
  readonly selectedOfAssignment: readonly (Selected | undefined)[];
  readonly visitOfAssignment: readonly (Visit | undefined)[];
  /** Per entry of `plan.schedule`: the selected entity. */
  readonly selectedOfVisit: readonly (Selected | undefined)[];
  /**
   * True when the schedule visits every selected entity once, in the strictly increasing UTF-8 order of the
   * ids (as the planner makes it): `selectedOfVisit` is then the selected entities in that order.
   */
  readonly visitsInIdOrder: boolean;
}

const cache = new WeakMap<Plan, PlanIndex>();

/** The plan's {@link PlanIndex}, made on first use and kept while the plan lives (plans are not changed). */
export function planIndex(plan: Plan): PlanIndex {
  let ix = cache.get(plan);
  if (ix === undefined) {
    ix = makeIndex(plan);
    cache.set(plan, ix);
  }
  return ix;
}

function makeIndex(plan: Plan): PlanIndex {
  const n = plan.selected.length;
  // the position of each entity id in plan.selected: made only when the planner's own positions are not there
  // or do not hold (measured at 10M entities: the map and its lookups took ~2.5 s of the files step)
  let position: Map<string, number> | undefined;
  const positionOf = (id: string): number | undefined => {
    if (position === undefined) {
      position = new Map();
      for (let k = 0; k < n; k++) position.set(plan.selected[k]!.entityId, k);
    }
    return position.get(id);
  };
  const assignmentOfSelected: (Assignment | undefined)[] = new Array(n).fill(undefined);
  const visitOfSelected: (Visit | undefined)[] = new Array(n).fill(undefined);
  const selectedOfAssignment: (Selected | undefined)[] = [];
  const selectedOfVisit: (Selected | undefined)[] = [];
  const byEntity = new Map<string, Visit>();
  const positionOfVisit = givenPositions(plan) ?? plan.schedule.map((v) => positionOf(v.entityId));
  // checked here, in the pass that loads every visit anyway: at 10M entities, a pass of its own over the
  // entities in the schedule's order (a jump through memory per entity) took ~0.7 s of the files step
  let inIdOrder = plan.schedule.length === n;
  let previous = "";
  for (let j = 0; j < plan.schedule.length; j++) {
    const v = plan.schedule[j]!;
    const k = positionOfVisit[j];
    if (k === undefined) {
      selectedOfVisit.push(undefined);
      byEntity.set(v.entityId, v); // a visit of an entity not selected (not in plans made by this library)
      inIdOrder = false;
    } else {
      selectedOfVisit.push(plan.selected[k]);
      visitOfSelected[k] = v;
      if (inIdOrder && j > 0 && compareUtf8(previous, v.entityId) >= 0) inIdOrder = false;
      previous = v.entityId;
    }
  }
  const visitOfAssignment: (Visit | undefined)[] = [];
  const schedule = plan.schedule;
  for (let j = 0; j < plan.assignments.length; j++) {
    const a = plan.assignments[j]!;
    // the planner lists the teams in the order of the visits: where the visit at the same place is of the same
    // entity, its position (same id, same lookup) is taken, not looked up again
    const v = schedule[j];
    const k = v !== undefined && v.entityId === a.entityId ? positionOfVisit[j] : positionOf(a.entityId);
    if (k === undefined) {
      selectedOfAssignment.push(undefined);
      visitOfAssignment.push(byEntity.get(a.entityId));
    } else {
      selectedOfAssignment.push(plan.selected[k]);
      visitOfAssignment.push(visitOfSelected[k]);
      assignmentOfSelected[k] = a;
    }
  }
  return {
    inspectors: new Map(plan.inspectors.map((i) => [i.id, i])),
    assignmentOfSelected,
    visitOfSelected,
    selectedOfAssignment,
    visitOfAssignment,
    selectedOfVisit,
    // every visit's entity is selected (above) and no two visits are of one entity (strict order): with as many
    // visits as selected entities, each selected entity is visited once
    visitsInIdOrder: inIdOrder,
  };
}

/**
 * The planner's positions of the visits in plan.selected (see noteVisitPositions), when noted for this plan and
 * true of every visit (the entity at the position is the visit's), no position given twice; else none. The
 * planner notes them only for plans whose selected ids are distinct (the draw refuses duplicates), where they
 * are what the map of ids would give.
 */
function givenPositions(plan: Plan): readonly number[] | undefined {
  const at = visitPositionsHint(plan);
  const schedule = plan.schedule;
  if (at === undefined || at.length !== schedule.length) return undefined;
  const seen = new Uint8Array(plan.selected.length);
  for (let j = 0; j < schedule.length; j++) {
    const k = at[j];
    if (k === undefined || seen[k] === 1 || plan.selected[k]?.entityId !== schedule[j]!.entityId)
      return undefined;
    seen[k] = 1;
  }
  return at;
}

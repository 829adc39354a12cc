// The second random: staffing drawn entities with certified, conflict-free, load-balanced teams.
//
// Model: each task (one drawn entity, one visit date) has slots (see prepare.ts); assigning distinct eligible
// inspectors to slots within per-inspector task caps and per-day caps is a flow problem. A balanced greedy
// pass in ticket order fills most slots (greedy.ts); the flow completion fills every slot an augmenting path
// can reach (flow.ts), so the result is a maximum flow; slots that stay empty are explained from the minimum
// cut (explain.ts). Eligibility: eligibility.ts and eligibility-table.ts; candidate order: order.ts; rules and
// their defaults: rules.ts.
import type { ConflictInput, HistoryInput } from "../model/tables.js";
import type { Inspector, Item } from "../model/types.js";
import type { Randomness } from "../random/randomness.js";
import { type Issue, issue } from "../util/issue.js";
import { sortByKey } from "../util/sort.js";
import { Eligibility } from "./eligibility.js";
import { eligibilityTable } from "./eligibility-table.js";
import { explainBottlenecks, explainTask } from "./explain.js";
import { completeByFlow } from "./flow.js";
import { greedyPass } from "./greedy.js";
import { CandidateOrder, inspectorsByDept, SlotPools } from "./order.js";
import { prepare, type TaskColumns, taskColumns } from "./prepare.js";
import { dailyTaskCap, type TeamRules } from "./rules.js";
import { Assignment } from "./state.js";

export type { TeamRules } from "./rules.js";

/** One visit to staff. */
export interface StaffingTask {
  readonly entityId: string;
  /** The entity's 6-digit region (for the home-region rule). */
  readonly region: string;
  /** Visit date `YYYY-MM-DD`. */
  readonly date: string;
  /** Items inspected in this visit (their departments and specialties shape the team). */
  readonly itemIds: readonly string[];
}

/** Inputs of {@link staffTeams}. */
export interface StaffingInput {
  /** The plan's randomness: team tickets come from its `inspectors` and `team` scopes (src/random/randomness.ts). */
  readonly random: Randomness;
  readonly tasks: readonly StaffingTask[];
  readonly inspectors: readonly Inspector[];
  readonly items: readonly Item[];
  readonly conflicts?: ConflictInput;
  readonly history?: HistoryInput;
  readonly rules?: TeamRules;
}

/** A staffed (or partly staffed) task. */
export interface Team {
  readonly entityId: string;
  readonly date: string;
  /** Certified members, in slot order. */
  readonly inspectorIds: readonly string[];
  /** Experts added on top. */
  readonly expertIds: readonly string[];
  /** True when every slot is filled. */
  readonly complete: boolean;
}

/** A task that could not be fully staffed, with the reason in words. */
export interface Unstaffed {
  readonly entityId: string;
  readonly date: string;
  readonly missing: number;
  readonly reason: string;
}

/** The outcome of staffing. */
export interface StaffingResult {
  readonly teams: readonly Team[];
  readonly unstaffed: readonly Unstaffed[];
  /** Bottlenecks derived from the minimum cut, in words and numbers. */
  readonly bottlenecks: readonly string[];
  /** Tasks per inspector id (inspectors with no task included). */
  readonly loads: Readonly<Record<string, number>>;
  readonly issues: readonly Issue[];
}

/**
 * Staff every task with a team (the second random). Deterministic in the seed, independent of input order,
 * complete whenever a feasible staffing exists; otherwise each unstaffed task and the bottleneck are named.
 * @example
 * const r = staffTeams({ random: randomness(seed, taskId), tasks, inspectors, items, conflicts, rules: { size: 2 } });
 * r.teams[0]?.inspectorIds // e.g. ["FZ0012", "FZ0040"]
 */
export function staffTeams(input: StaffingInput): StaffingResult {
  return staffTaskColumns({ ...input, tasks: taskColumns(input.tasks) });
}

/** {@link StaffingInput} with the tasks in columns. */
export interface StaffingColumnsInput extends Omit<StaffingInput, "tasks"> {
  readonly tasks: TaskColumns;
}

/**
 * {@link staffTeams} of tasks given in columns (the same teams as of the same tasks as objects): what the plan's
 * pipeline calls, with a million visits at scale.
 */
export function staffTaskColumns(input: StaffingColumnsInput): StaffingResult {
  const rules = input.rules ?? {};
  const dayCap = dailyTaskCap(rules);
  const issues: Issue[] = [];
  const p = prepare(input.random, input.tasks, input.inspectors, input.items, rules, issues);
  const elig = new Eligibility(input.conflicts ?? [], input.history ?? [], rules);
  const table = eligibilityTable(p, elig, rules);
  const byDept = inspectorsByDept(p);
  const oneMemberPerUnit = rules.oneMemberPerUnit === true;
  const a = new Assignment(p, oneMemberPerUnit);
  greedyPass(p, a, byDept, table, dayCap);
  const pools = new SlotPools(p, byDept);
  const order = new CandidateOrder(p, byDept, pools.deptPos);
  const reached = completeByFlow(p, a, pools, order, table, dayCap, oneMemberPerUnit);

  // experts on top (greedy, ticket order, no conflict, least loaded)
  const nT = p.taskAt.length;
  const expertLoad = new Map<string, number>();
  const expertsOf: string[][] | undefined = (rules.experts ?? 0) > 0 ? new Array(nT) : undefined;
  if (expertsOf !== undefined) {
    const insMachine = input.random.inspectors;
    const experts = input.inspectors.filter((i) => i.role === "expert");
    const expertTicket = new Map(experts.map((e) => [e.id, insMachine.value(e.id)]));
    for (let t = 0; t < nT; t++) {
      const at = p.taskAt[t]!;
      const entityId = p.input.entityIds[at]!;
      const date = p.input.dates[at]!;
      const expertIds: string[] = [];
      const pool = experts
        .filter((e) => !elig.inConflict(e.id, entityId, date))
        .sort(
          (x, y) =>
            (expertLoad.get(x.id) ?? 0) - (expertLoad.get(y.id) ?? 0) ||
            expertTicket.get(x.id)! - expertTicket.get(y.id)!,
        );
      for (const e of pool.slice(0, rules.experts)) {
        expertIds.push(e.id);
        expertLoad.set(e.id, (expertLoad.get(e.id) ?? 0) + 1);
      }
      expertsOf[t] = expertIds;
    }
  }
  // the teams in the input's order (then sorted by entity id: little work when the input is in that order),
  // made task after task as the input has them (at scale, ticket order jumps all over the heap)
  const teams: Team[] = new Array(nT);
  const unstaffedAt: (Unstaffed | undefined)[] = new Array(nT); // in the input's order
  let unstaffedCount = 0;
  const insIds = p.ins.map((x) => x.id);
  const scratch: string[] = [];
  for (let at = 0; at < nT; at++) {
    const entityId = p.input.entityIds[at]!;
    const date = p.input.dates[at]!;
    const t = p.taskOf[at]!;
    // the members gathered in a scratch list, then copied: an array grown by push keeps room for 17 (at 950k
    // teams, ~130 MB more than two names need)
    let n = 0;
    let missing = 0;
    for (let s = p.taskSlots[t]!; s < p.taskSlots[t + 1]!; s++) {
      const i = a.assign[s]!;
      if (i >= 0) scratch[n++] = insIds[i]!;
      else missing++;
    }
    const members = n === 2 ? [scratch[0]!, scratch[1]!] : scratch.slice(0, n);
    teams[at] = {
      entityId,
      date,
      inspectorIds: members,
      expertIds: expertsOf?.[t] ?? [],
      complete: missing === 0,
    };
    if (missing > 0) {
      const reason = explainTask(p, a, pools, elig, table, t);
      unstaffedAt[at] = { entityId, date, missing, reason };
      unstaffedCount++;
    }
  }
  // the unstaffed in ticket order (as the flow leaves them)
  const unstaffed: Unstaffed[] = [];
  if (unstaffedCount > 0)
    for (let t = 0; t < nT; t++) {
      const u = unstaffedAt[p.taskAt[t]!];
      if (u !== undefined) unstaffed.push(u);
    }

  const bottlenecks: string[] = [];
  if (unstaffed.length > 0) {
    bottlenecks.push(...explainBottlenecks(p, a, pools, table, reached, unstaffed.length));
    issues.push(
      issue("unstaffed", `${unstaffed.length} 个任务未能配齐检查组：${bottlenecks.join("；")}`, {}, "error"),
    );
  }

  const loads: Record<string, number> = {};
  for (const i of [...input.inspectors].map((x) => x.id).sort()) loads[i] = 0;
  p.ins.forEach((x, i) => {
    loads[x.id] = a.load[i]!;
  });
  for (const [id, n] of expertLoad) loads[id] = n;
  // teams in entity id order for a stable plan (usually the input's order already: then nothing to sort)
  const inOrder = (xs: readonly string[], strict: boolean): boolean => {
    for (let k = 1; k < xs.length; k++)
      if (strict ? !(xs[k - 1]! < xs[k]!) : xs[k - 1]! > xs[k]!) return false;
    return true;
  };
  // a stable sort of the teams in the input's order leaves them as they are when they are in order already
  // (the teams have the input's ids, p.entityIds, at the same places)
  const teamsById = inOrder(p.entityIds, false) ? teams : sortByKey(teams, (t) => t.entityId);
  // the unstaffed are sorted from ticket order; in the input's order with distinct, increasing ids they are the
  // one sorted order there is
  const inInputOrder = unstaffedCount > 0 ? unstaffedAt.filter((u) => u !== undefined) : [];
  const unstaffedById = inOrder(
    inInputOrder.map((u) => u.entityId),
    true,
  )
    ? inInputOrder
    : sortByKey(unstaffed, (u) => u.entityId);
  return { teams: teamsById, unstaffed: unstaffedById, bottlenecks, loads, issues };
}

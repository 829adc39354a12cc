import type { ConflictInput, HistoryInput } from "../model/tables.js";
import type { Conflict, Inspector, Item } from "../model/types.js";
import { compareUtf8 } from "../random/order.js";
import { inspectorKey, randomness } from "../random/randomness.js";
import { Eligibility } from "../teams/eligibility.js";
import { dailyTaskCap, inspectorTaskCap } from "../teams/rules.js";
import { type Issue, issue } from "../util/issue.js";
import type { Plan } from "./schema.js";

/** The inputs a replacement needs to judge eligibility (the same as the plan was built from). */
export interface ReplaceContext {
  readonly inspectors: readonly Inspector[];
  readonly items: readonly Item[];
  readonly conflicts: ConflictInput;
  readonly history: HistoryInput;
}

/**
 * The outcome of a replacement: the new plan, or the issues why not — the shape of {@link buildPlan}'s outcome
 * (`plan` where {@link Result} says `value`, as the library entry's contract names it).
 */
export type ReplaceOutcome =
  | { readonly ok: true; readonly plan: Plan; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };
type Outcome = ReplaceOutcome;

function clone(plan: Plan): Plan {
  return structuredClone(plan);
}

/**
 * The next eligible inspector for a visit in ticket order (递补): same department as the one leaving, keeps the
 * items' specialties covered, individually eligible on the visit date, under the task and day caps, not
 * already in the team and not among `excluded`.
 */
function nextInspector(
  plan: Plan,
  ctx: ReplaceContext,
  entityId: string,
  leaving: string,
  excluded: ReadonlySet<string>,
): Inspector | undefined {
  const task = plan.task;
  const rules = task.teams ?? {};
  const sel = plan.selected.find((s) => s.entityId === entityId)!;
  const team = plan.assignments.find((a) => a.entityId === entityId)!;
  const date = plan.schedule.find((s) => s.entityId === entityId)!.date;
  const byId = new Map(ctx.inspectors.map((i) => [i.id, i]));
  const gone = byId.get(leaving);
  const stay = team.inspectorIds
    .filter((id) => id !== leaving)
    .map((id) => byId.get(id)!)
    .filter(Boolean);
  const dept = gone?.department;
  const needed = new Set(
    ctx.items.filter((i) => task.items.includes(i.id) && i.department === dept).flatMap((i) => i.specialties),
  );
  for (const m of stay) for (const s of m.specialties) if (m.department === dept) needed.delete(s);
  const elig = new Eligibility([...ctx.conflicts, ...recusals(plan)], ctx.history, rules);
  const dayCap = dailyTaskCap(rules);
  const when = new Map(plan.schedule.map((s) => [s.entityId, s.date]));
  const dayLoad = new Map<string, number>();
  for (const a of plan.assignments) {
    if (when.get(a.entityId) !== date) continue;
    for (const id of a.inspectorIds) dayLoad.set(id, (dayLoad.get(id) ?? 0) + 1);
  }
  const random = randomness(plan.seed, plan.taskId);
  const taskT = random.team.value(entityId);
  const key = (i: Inspector) => inspectorKey(random.inspectors.value(i.id), taskT);
  const pool = ctx.inspectors
    .filter(
      (i) =>
        i.department === dept && !excluded.has(i.id) && i.id !== leaving && !team.inspectorIds.includes(i.id),
    )
    .filter((i) => [...needed].every((s) => i.specialties.includes(s)))
    .filter((i) => elig.reason(i, entityId, sel.region, date) === "")
    .filter((i) => (plan.loads[i.id] ?? 0) < inspectorTaskCap(rules, i) && (dayLoad.get(i.id) ?? 0) < dayCap)
    .filter((i) => !rules.oneMemberPerUnit || !stay.some((m) => m.unit === i.unit))
    .sort((a, b) => key(a) - key(b) || compareUtf8(a.id, b.id));
  return pool[0];
}

/** Recusals recorded by earlier inspector replacements, as open-ended conflicts. */
function recusals(plan: Plan): Conflict[] {
  return plan.replacements
    .filter((r) => r.type === "inspector" && r.inspectorId !== undefined)
    .map((r) => ({ inspectorId: r.inspectorId!, entityId: r.entityId, relation: r.reason }));
}

function swapMember(
  plan: Plan,
  ctx: ReplaceContext,
  entityId: string,
  leaving: string,
  next: Inspector,
): void {
  const team = plan.assignments.find((a) => a.entityId === entityId)!;
  team.inspectorIds = team.inspectorIds.map((id) => (id === leaving ? next.id : id));
  plan.loads[leaving] = (plan.loads[leaving] ?? 1) - 1;
  plan.loads[next.id] = (plan.loads[next.id] ?? 0) + 1;
  if (!plan.inspectors.some((i) => i.id === next.id)) {
    plan.inspectors.push({
      id: next.id,
      name: next.name,
      certificateNo: next.certificateNo ?? "",
      department: next.department,
      role: next.role,
    });
    plan.inspectors.sort((a, b) => compareUtf8(a.id, b.id));
  }
  const stillUsed = plan.assignments.some(
    (a) => a.inspectorIds.includes(leaving) || a.expertIds.includes(leaving),
  );
  if (!stillUsed) plan.inspectors = plan.inspectors.filter((i) => i.id !== leaving);
  void ctx;
}

/**
 * 递补 of one team member (recusal after the draw): the inspector leaves the team of `entityId`, the next eligible
 * inspector in ticket order takes the place, the pair is recorded in `replacements[]`. Nothing else changes.
 */
export function replaceInspector(
  plan: Plan,
  ctx: ReplaceContext,
  entityId: string,
  inspectorId: string,
  reason: string,
): Outcome {
  const team = plan.assignments.find((a) => a.entityId === entityId);
  if (!team)
    return {
      ok: false,
      issues: [
        issue("unknown-entity", `${entityId} 不在本计划的检查组中`, {
          key: "entityId",
          received: entityId,
        }),
      ],
    };
  if (!team.inspectorIds.includes(inspectorId)) {
    return {
      ok: false,
      issues: [
        issue("not-a-member", `${inspectorId} 不是 ${entityId} 检查组的成员`, {
          key: "inspectorId",
          received: inspectorId,
        }),
      ],
    };
  }
  const next = nextInspector(plan, ctx, entityId, inspectorId, new Set([inspectorId]));
  if (!next) {
    return {
      ok: false,
      issues: [
        issue("no-replacement", `没有可递补 ${inspectorId} 的符合条件的执法人员`, { received: inspectorId }),
      ],
    };
  }
  const out = clone(plan);
  swapMember(out, ctx, entityId, inspectorId, next);
  out.replacements.push({ type: "inspector", entityId, inspectorId, replacedBy: next.id, reason });
  return { ok: true, plan: out, issues: [] };
}

/**
 * 递补 of an entity: it leaves `selected`, the next reserve of its stratum enters with the same visit date and
 * team (members in conflict with the new entity are replaced in ticket order and recorded too).
 */
export function replaceEntity(plan: Plan, ctx: ReplaceContext, entityId: string, reason: string): Outcome {
  const idx = plan.selected.findIndex((s) => s.entityId === entityId);
  if (idx < 0)
    return {
      ok: false,
      issues: [
        issue("unknown-entity", `${entityId} 不是本计划的抽查对象`, {
          key: "entityId",
          received: entityId,
        }),
      ],
    };
  const old = plan.selected[idx]!;
  const ri = plan.reserve.findIndex((r) => r.stratum === old.stratum);
  if (ri < 0)
    return {
      ok: false,
      issues: [issue("reserve-exhausted", `层“${old.stratum}”的递补名单已用完`, { received: old.stratum })],
    };
  const out = clone(plan);
  const res = out.reserve.splice(ri, 1)[0]!;
  const stratum = out.strata.find((s) => s.key === old.stratum);
  const { rank: _rank, ...summary } = res;
  out.selected[idx] = {
    ...summary,
    inclusionProbability: stratum?.inclusionProbability ?? old.inclusionProbability,
    reason: "replacement",
  };
  for (const s of out.schedule) if (s.entityId === entityId) s.entityId = res.entityId;
  for (const a of out.assignments) if (a.entityId === entityId) a.entityId = res.entityId;
  out.schedule.sort((a, b) => compareUtf8(a.entityId, b.entityId));
  out.assignments.sort((a, b) => compareUtf8(a.entityId, b.entityId));
  out.replacements.push({
    type: "entity",
    entityId,
    replacedBy: res.entityId,
    reason,
    entityName: old.name,
    entityKind: old.kind,
  });
  // members who must recuse from the new entity are replaced in ticket order
  const date = out.schedule.find((s) => s.entityId === res.entityId)!.date;
  const elig = new Eligibility(ctx.conflicts, ctx.history, out.task.teams ?? {});
  const team = out.assignments.find((a) => a.entityId === res.entityId)!;
  const byId = new Map(ctx.inspectors.map((i) => [i.id, i]));
  for (const id of [...team.inspectorIds]) {
    const ins = byId.get(id);
    if (!ins || elig.reason(ins, res.entityId, res.region, date) === "") continue;
    const next = nextInspector(out, ctx, res.entityId, id, new Set([id]));
    if (!next)
      return {
        ok: false,
        issues: [
          issue("no-replacement", `递补对象 ${res.entityId} 的检查组成员 ${id} 需回避，且无可递补人员`),
        ],
      };
    swapMember(out, ctx, res.entityId, id, next);
    out.replacements.push({
      type: "inspector",
      entityId: res.entityId,
      inspectorId: id,
      replacedBy: next.id,
      reason: "递补对象回避",
    });
  }
  return { ok: true, plan: out, issues: [] };
}

/** Replay the recorded replacements of `recorded` onto a freshly computed plan (used by verification). */
export function replayReplacements(
  fresh: Plan,
  recorded: Plan["replacements"],
  ctx: ReplaceContext,
): Outcome {
  let plan = fresh;
  for (const r of recorded) {
    if (r.type === "entity") {
      const o = replaceEntity(plan, ctx, r.entityId, r.reason);
      if (!o.ok) return o;
      // the automatic member replacements that followed are replayed by replaceEntity itself
      plan = o.plan;
    } else {
      if (
        plan.replacements.some(
          (x) => x.type === "inspector" && x.entityId === r.entityId && x.inspectorId === r.inspectorId,
        )
      )
        continue;
      const o = replaceInspector(plan, ctx, r.entityId, r.inspectorId!, r.reason);
      if (!o.ok) return o;
      plan = o.plan;
    }
  }
  // the day and the public category of each replacement are recorded by the caller (the CLI), not recomputed:
  // carried over
  if (recorded.some((r) => r.date !== undefined || r.publicCategory !== undefined)) {
    plan = { ...plan, replacements: plan.replacements.map((x, i) => withCallerFacts(x, recorded[i])) };
  }
  return { ok: true, plan, issues: [] };
}

function withCallerFacts(
  r: Plan["replacements"][number],
  from: Plan["replacements"][number] | undefined,
): Plan["replacements"][number] {
  const out = { ...r };
  if (from?.date !== undefined) out.date = from.date;
  if (from?.publicCategory !== undefined) out.publicCategory = from.publicCategory;
  return out;
}

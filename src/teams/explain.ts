// Explanations of what could not be staffed: per task, why each empty slot stays empty; and the bottlenecks,
// from the minimum cut (the slots the failed searches reached and the saturated inspectors they can use).
import type { Eligibility, IneligibleReason } from "./eligibility.js";
import { INELIGIBLE_ZH } from "./eligibility.js";
import type { EligibilityTable } from "./eligibility-table.js";
import type { Reached } from "./flow.js";
import type { SlotPools } from "./order.js";
import type { Prepared } from "./prepare.js";
import type { Assignment } from "./state.js";

/** Why the empty slots of task `t` stay empty, in words. */
export function explainTask(
  p: Prepared,
  a: Assignment,
  pools: SlotPools,
  elig: Eligibility,
  table: EligibilityTable,
  t: number,
): string {
  const parts: string[] = [];
  const at = p.taskAt[t]!;
  const task = { entityId: p.input.entityIds[at]!, region: p.input.regions[at]!, date: p.input.dates[at]! };
  for (let s = p.taskSlots[t]!; s < p.taskSlots[t + 1]!; s++) {
    if (a.assign[s]! >= 0) continue;
    const need = `${p.depts[p.slotDept[s]!]}${p.slotSpec[s]! >= 0 ? `（${p.specs[p.slotSpec[s]!]}）` : ""}`;
    const pool = pools.of(s);
    // the table says "eligible" exactly when the reason is empty; the reasons are looked up only when no one is
    const ok = table.okCount(t, pool, pools.typeOf(s));
    const why = new Map<IneligibleReason, number>();
    if (ok === 0) {
      for (const i of pool) {
        const r = elig.reason(p.ins[i]!, task.entityId, task.region, task.date);
        if (r !== "") why.set(r, (why.get(r) ?? 0) + 1);
      }
    }
    if (ok === 0) {
      const words = [...why]
        .map(([r, n]) => `${INELIGIBLE_ZH[r as Exclude<IneligibleReason, "">]} ${n} 人`)
        .join("、");
      parts.push(
        `需要${need}：符合部门与专长的 ${pool.length} 名执法人员均不能参加（${words || "无此类人员"}）`,
      );
    } else {
      parts.push(`需要${need}：${ok} 名可参加的执法人员任务已满（见瓶颈说明）`);
    }
  }
  return parts.join("；");
}

/**
 * The bottlenecks in words: per (department, specialty) group of reached slots with empty places, the tasks,
 * the eligible saturated inspectors they share, their places and how many are missing.
 */
export function explainBottlenecks(
  p: Prepared,
  a: Assignment,
  pools: SlotPools,
  table: EligibilityTable,
  reached: Reached,
  unstaffed: number,
): string[] {
  const bottlenecks: string[] = [];
  // per group, the eligible reached inspectors of its slots; `rest`: per slot type, those of the pool not yet
  // counted (each slot looks only at these: the group's set only grows)
  const groups = new Map<
    string,
    { tasks: Set<number>; slots: number; empty: number; ins: Set<number>; rest: Map<number, number[]> }
  >();
  for (let s = 0; s < p.slotTask.length; s++) {
    if (!reached.slots[s]) continue;
    const key = `${p.depts[p.slotDept[s]!]}${p.slotSpec[s]! >= 0 ? `|${p.specs[p.slotSpec[s]!]}` : ""}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { tasks: new Set(), slots: 0, empty: 0, ins: new Set(), rest: new Map() };
      groups.set(key, g);
    }
    g.tasks.add(p.slotTask[s]!);
    g.slots++;
    if (a.assign[s]! < 0) g.empty++;
    const t = p.slotTask[s]!;
    const type = pools.typeOf(s);
    let rest = g.rest.get(type);
    if (rest === undefined) {
      rest = pools.of(s).filter((i) => reached.inspectors[i]);
      g.rest.set(type, rest);
    }
    let w = 0;
    for (let k = 0; k < rest.length; k++) {
      const i = rest[k]!;
      if (g.ins.has(i)) continue;
      if (table.ok(t, i)) g.ins.add(i);
      else rest[w++] = i;
    }
    rest.length = w;
  }
  for (const [key, g] of [...groups].sort()) {
    if (g.empty === 0) continue;
    const [dept, spec] = key.split("|");
    const places = [...g.ins].reduce((x, i) => x + p.cap[i]!, 0);
    const used = [...g.ins].reduce((x, i) => x + a.load[i]!, 0);
    bottlenecks.push(
      `${g.tasks.size} 个任务需要${dept}${spec ? `具备“${spec}”专长的` : "的"}执法人员，` +
        `只有 ${g.ins.size} 名符合条件的人员可派，共 ${places} 个名额（已用 ${used}），需要 ${g.slots} 个，缺 ${g.empty} 个`,
    );
  }
  if (bottlenecks.length === 0)
    bottlenecks.push(`${unstaffed} 个任务没有任何符合条件的执法人员（见各任务原因）`);
  return bottlenecks;
}

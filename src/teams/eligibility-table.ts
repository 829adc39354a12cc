// Individual eligibility of every (task, inspector) pair, in tables: the fast path with the same meaning as
// `Eligibility.reason(...) === ""`. Per-(inspector, day) facts (certificate, availability) in a table, per-task
// blocked inspectors (conflicts, rotation) as a small index set, and the home-region rule on prefixes.
import { fromDayNumber } from "../model/dates.js";
import type { Eligibility } from "./eligibility.js";
import type { Prepared } from "./prepare.js";
import type { TeamRules } from "./rules.js";

/** `ok(t, i)`: inspector `i` may individually go to task `t` (department and specialty not considered). */
export interface EligibilityTable {
  ok(t: number, i: number): boolean;
  /** False when inspector `i` may go to no task of day `d` (certificate, availability): `ok` is then false. */
  onDay(i: number, d: number): boolean;
  /** How many inspectors of `pool` (distinct; `poolId` names it, the same id always the same pool) `ok` admits for task `t`. */
  okCount(t: number, pool: readonly number[], poolId: number): number;
}

/** The index of `key` in `m`, adding it at the end when new. */
function indexOf(m: Map<string, number>, key: string): number {
  let v = m.get(key);
  if (v === undefined) {
    v = m.size;
    m.set(key, v);
  }
  return v;
}

/** Build the eligibility table of a prepared staffing problem. */
export function eligibilityTable(p: Prepared, elig: Eligibility, rules: TeamRules): EligibilityTable {
  const conflicts = elig.conflicts;
  const { ins, input, taskAt, days, day0, taskDay } = p;
  const nI = ins.length;
  const nT = taskAt.length;
  const dayOk = new Uint8Array(nI * days);
  for (let i = 0; i < nI; i++) {
    for (let d = 0; d < days; d++)
      dayOk[i * days + d] = elig.personalReason(ins[i]!, fromDayNumber(day0 + d)) === "" ? 1 : 0;
  }
  const insIndex = new Map(ins.map((x, i) => [x.id, i]));
  // Conflicts go straight from the records to the tasks they concern (most records name entities that were
  // not drawn); the rotation rule comes from the (small) visit history.
  const taskOf = new Map<string, number>();
  const sameEntity = new Int32Array(nT).fill(-1);
  for (let t = nT - 1; t >= 0; t--) {
    const id = input[taskAt[t]!]!.entityId;
    const next = taskOf.get(id);
    if (next !== undefined) sameEntity[t] = next;
    taskOf.set(id, t);
  }
  // (task, inspector) pairs in two growing arrays, then grouped by task (counting sort): no per-task arrays.
  let pairT = new Int32Array(1024);
  let pairI = new Int32Array(1024);
  let pairs = 0;
  const block = (t: number, i: number | undefined) => {
    if (i === undefined) return;
    if (pairs === pairT.length) {
      const t2 = new Int32Array(pairs * 2);
      const i2 = new Int32Array(pairs * 2);
      t2.set(pairT);
      i2.set(pairI);
      pairT = t2;
      pairI = i2;
    }
    pairT[pairs] = t;
    pairI[pairs++] = i;
  };
  // Conflict files usually list an entity's records together: the last lookup is reused while the id repeats
  // (comparing the packed ids of two rows is much cheaper than a Map lookup). Inspectors are interned.
  const insOf = Int32Array.from(conflicts.inspectorIds.values, (id) => insIndex.get(id) ?? -1);
  const ids = conflicts.entities;
  let lastTask = -1;
  for (let k = 0; k < conflicts.length; k++) {
    if (k === 0 || !ids.same(k, k - 1)) lastTask = taskOf.get(ids.get(k)) ?? -1;
    if (lastTask < 0) continue;
    const i = insOf[conflicts.inspector[k]!]!;
    const until = conflicts.untilAt(k);
    for (let t = lastTask; t >= 0; t = sameEntity[t]!) {
      if (until === undefined || input[taskAt[t]!]!.date <= until) block(t, i < 0 ? undefined : i);
    }
  }
  for (let t = 0; t < nT; t++) {
    const { entityId, date } = input[taskAt[t]!]!;
    for (const id of elig.rotationBlockedFor(entityId, date)) block(t, insIndex.get(id));
  }
  const blockedStart = new Int32Array(nT + 1);
  for (let k = 0; k < pairs; k++) blockedStart[pairT[k]! + 1]!++;
  for (let t = 0; t < nT; t++) blockedStart[t + 1]! += blockedStart[t]!;
  const blockedIns = new Int32Array(pairs);
  const fill = blockedStart.slice(0, nT);
  for (let k = 0; k < pairs; k++) blockedIns[fill[pairT[k]!]!++] = pairI[k]!;
  const isBlocked = (t: number, i: number): boolean => {
    for (let k = blockedStart[t]!; k < blockedStart[t + 1]!; k++) if (blockedIns[k] === i) return true;
    return false;
  };
  const hp = rules.homeRegionPrefix;
  const insHome = ins.map((x) => (hp === undefined ? "" : x.region.slice(0, hp)));
  const taskHome = Array.from(taskAt, (at) => (hp === undefined ? "\u0000" : input[at]!.region.slice(0, hp)));
  // okCount: per (pool, day, home region of the task) the inspectors the day and the region admit, counted once;
  // then those of them the task blocks (a short list) taken off
  const homeIdx = new Map<string, number>();
  const taskHomeIdx = Int32Array.from(taskHome, (h) => indexOf(homeIdx, h));
  const counts = new Map<number, Map<number, number>>();
  const members = new Map<number, Uint8Array>();
  const seen = new Int32Array(nI);
  let stamp = 0;
  const okCount = (t: number, pool: readonly number[], poolId: number): number => {
    const d = taskDay[t]!;
    let byKey = counts.get(poolId);
    if (byKey === undefined) {
      byKey = new Map();
      counts.set(poolId, byKey);
      const m = new Uint8Array(nI);
      for (const i of pool) m[i] = 1;
      members.set(poolId, m);
    }
    const key = taskHomeIdx[t]! * days + d;
    let n = byKey.get(key);
    if (n === undefined) {
      n = 0;
      for (const i of pool) if (dayOk[i * days + d] === 1 && insHome[i] !== taskHome[t]) n++;
      byKey.set(key, n);
    }
    const m = members.get(poolId)!;
    stamp++;
    for (let k = blockedStart[t]!; k < blockedStart[t + 1]!; k++) {
      const i = blockedIns[k]!;
      if (seen[i] === stamp) continue;
      seen[i] = stamp;
      if (m[i] === 1 && dayOk[i * days + d] === 1 && insHome[i] !== taskHome[t]) n--;
    }
    return n;
  };
  return {
    ok: (t, i) => dayOk[i * days + taskDay[t]!] === 1 && !isBlocked(t, i) && insHome[i] !== taskHome[t],
    okCount,
    onDay: (i, d) => dayOk[i * days + d] === 1,
  };
}

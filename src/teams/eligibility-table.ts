// Individual eligibility of every (task, inspector) pair, in tables: the fast path with the same meaning as
// `Eligibility.reason(...) === ""`. Per-(inspector, day) facts (certificate, availability) in a table, per-task
// blocked inspectors (conflicts, rotation) as a small index set, and the home-region rule on prefixes.
import { fromDayNumber } from "../model/dates.js";
import { hashId, type IdColumn } from "../model/packed.js";
import type { Eligibility } from "./eligibility.js";
import { indexOf, type Prepared } from "./prepare.js";
import type { TeamRules } from "./rules.js";

/** `ok(t, i)`: inspector `i` may individually go to task `t` (department and specialty not considered). */
export interface EligibilityTable {
  ok(t: number, i: number): boolean;
  /** False when inspector `i` may go to no task of day `d` (certificate, availability): `ok` is then false. */
  onDay(i: number, d: number): boolean;
  /** How many inspectors of `pool` (distinct; `poolId` names it, the same id always the same pool) `ok` admits for task `t`. */
  okCount(t: number, pool: readonly number[], poolId: number): number;
}

/** Build the eligibility table of a prepared staffing problem. */
export function eligibilityTable(p: Prepared, elig: Eligibility, rules: TeamRules): EligibilityTable {
  const { ins, input, taskAt, taskOf, days, day0, taskDay } = p;
  const nI = ins.length;
  const nT = taskAt.length;
  const dayOk = new Uint8Array(nI * days);
  const dates = Array.from({ length: days }, (_, d) => fromDayNumber(day0 + d));
  for (let i = 0; i < nI; i++) {
    for (let d = 0; d < days; d++)
      dayOk[i * days + d] = elig.personalReason(ins[i]!, dates[d]!) === "" ? 1 : 0;
  }
  const insIndex = new Map(ins.map((x, i) => [x.id, i]));
  // Each task's blocked inspectors (conflicts on its date, rotation), task after task into one growing array.
  // The tasks are read in the input's order (at scale, ticket order jumps all over the heap), so the lists are
  // first by position in the input.
  const conflicts = elig.conflicts;
  const insOf = Int32Array.from(conflicts.inspectorIds.values, (id) => insIndex.get(id) ?? -1);
  // the inspectors of the history by their number there (-1: not a certified inspector)
  const histIns = Int32Array.from(elig.historyInspectorIds, (id) => insIndex.get(id) ?? -1);
  const blockedStart = new Int32Array(nT + 1);
  let blockedIns = new Int32Array(1024);
  let pairs = 0;
  const block = (i: number) => {
    if (i < 0) return;
    if (pairs === blockedIns.length) {
      const grown = new Int32Array(pairs * 2);
      grown.set(blockedIns);
      blockedIns = grown;
    }
    blockedIns[pairs++] = i;
  };
  const blockHistory = (h: number) => block(histIns[h]!);
  // The conflicts of the tasks' entities, found without an index of the whole table: the rows whose id hash
  // ({@link hashId}) some task's id has, by hash, in row order (each then compared with the task's id).
  const hashes = new Uint32Array(nT);
  const tasksHave = IdFilter.sized(nT);
  for (let at = 0; at < nT; at++) {
    const h = hashId(input.entityIds[at]!);
    hashes[at] = h;
    tasksHave.add(h);
  }
  const conflictRows = new Map<number, number[]>();
  const ids = conflicts.entities;
  for (let k = 0; k < conflicts.length; k++) {
    const h = ids.hashAt(k);
    if (!tasksHave.has(h)) continue;
    const rows = conflictRows.get(h);
    if (rows === undefined) conflictRows.set(h, [k]);
    else rows.push(k);
  }
  // Most visits have no conflict and no history: a bit per hash answers that from a small array, and the
  // conflict rows or the history's index are asked only on a hit.
  const inConflicts = IdFilter.sized(conflictRows.size);
  for (const h of conflictRows.keys()) inConflicts.add(h);
  const inHistory = elig.rotates ? IdFilter.of(elig.historyEntities, elig.historyEntities.length) : undefined;
  for (let at = 0; at < nT; at++) {
    blockedStart[at] = pairs;
    const h = hashes[at]!;
    const conflicted = inConflicts.has(h);
    if (!conflicted && (inHistory === undefined || !inHistory.has(h))) continue;
    const entityId = input.entityIds[at]!;
    const date = input.dates[at]!;
    const rows = conflicted ? conflictRows.get(h) : undefined;
    if (rows !== undefined) {
      for (const k of rows) {
        if (!ids.is(k, entityId)) continue;
        const until = conflicts.untilAt(k);
        if (until === undefined || date <= until) block(insOf[conflicts.inspector[k]!]!);
      }
    }
    elig.eachRotationBlocked(entityId, date, blockHistory);
  }
  blockedStart[nT] = pairs;
  // then laid out in ticket order, the order the staffing asks in (each task's list where the one before ends)
  const start = new Int32Array(nT + 1);
  const blocked = new Int32Array(pairs);
  for (let t = 0, w = 0; t < nT; t++) {
    start[t] = w;
    const at = taskAt[t]!;
    for (let k = blockedStart[at]!; k < blockedStart[at + 1]!; k++) blocked[w++] = blockedIns[k]!;
  }
  start[nT] = pairs;
  const isBlocked = (t: number, i: number): boolean => {
    for (let k = start[t]!; k < start[t + 1]!; k++) if (blocked[k] === i) return true;
    return false;
  };
  // the home-region rule on numbers: the prefixes of the tasks' and the inspectors' regions, numbered alike
  // (without the rule every task has 0 and every inspector -1: never equal)
  const hp = rules.homeRegionPrefix;
  const homeIdx = new Map<string, number>();
  const taskHome = new Int32Array(nT);
  if (hp !== undefined)
    for (let at = 0; at < nT; at++) taskHome[taskOf[at]!] = indexOf(homeIdx, input.regions[at]!.slice(0, hp));
  const insHome = Int32Array.from(ins, (x) =>
    hp === undefined ? -1 : indexOf(homeIdx, x.region.slice(0, hp)),
  );
  // okCount: per (pool, day, home region of the task) the inspectors the day and the region admit, counted once;
  // then those of them the task blocks (a short list) taken off
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
    const home = taskHome[t]!;
    const key = home * days + d;
    let n = byKey.get(key);
    if (n === undefined) {
      n = 0;
      for (const i of pool) if (dayOk[i * days + d] === 1 && insHome[i] !== home) n++;
      byKey.set(key, n);
    }
    const m = members.get(poolId)!;
    stamp++;
    for (let k = start[t]!; k < start[t + 1]!; k++) {
      const i = blocked[k]!;
      if (seen[i] === stamp) continue;
      seen[i] = stamp;
      if (m[i] === 1 && dayOk[i * days + d] === 1 && insHome[i] !== home) n--;
    }
    return n;
  };
  return {
    ok: (t, i) => dayOk[i * days + taskDay[t]!] === 1 && insHome[i] !== taskHome[t] && !isBlocked(t, i),
    okCount,
    onDay: (i, d) => dayOk[i * days + d] === 1,
  };
}

/** A bit per hash ({@link hashId}) of some ids: false on `has` means none of them has that hash. */
class IdFilter {
  private constructor(
    private readonly bits: Uint32Array,
    private readonly mask: number,
  ) {}

  /** An empty filter for about `ids` ids (16 bits per id, at least 1,024). */
  static sized(ids: number): IdFilter {
    let size = 1024;
    while (size < ids * 16 && size < 1 << 28) size *= 2;
    return new IdFilter(new Uint32Array(size >>> 5), size - 1);
  }

  /** The filter of the first `rows` ids of `ids`. */
  static of(ids: IdColumn, rows: number): IdFilter {
    const f = IdFilter.sized(rows);
    for (let k = 0; k < rows; k++) f.add(ids.hashAt(k));
    return f;
  }

  /** Set the bit of hash `h`. */
  add(h: number): void {
    const b = h & this.mask;
    this.bits[b >>> 5]! |= 1 << (b & 31);
  }

  /** False when no id of the filter has hash `h`. */
  has(h: number): boolean {
    const b = h & this.mask;
    return (this.bits[b >>> 5]! & (1 << (b & 31))) !== 0;
  }
}

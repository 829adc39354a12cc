// The balanced greedy pass: tasks in ticket order, each slot filled with the first fitting inspector at the
// lowest current load of the slot's pool. It fills most slots; the flow completion fills the rest it can.
import { fromDayNumber } from "../model/dates.js";
import { poolStart } from "../random/randomness.js";
import type { EligibilityTable } from "./eligibility-table.js";
import { slotFits } from "./order.js";
import type { Prepared } from "./prepare.js";
import type { Assignment } from "./state.js";

/** The first set bit of `bits` in [from, end), or -1. */
function nextSetBit(bits: Uint32Array, from: number, end: number): number {
  if (from >= end) return -1;
  let w = from >>> 5;
  let word = bits[w]! & (-1 << (from & 31));
  for (;;) {
    if (word !== 0) {
      const b = (w << 5) + 31 - Math.clz32(word & -word);
      return b < end ? b : -1;
    }
    w++;
    if (w << 5 >= end) return -1;
    word = bits[w]!;
  }
}

// A pool keeps, per load level, the set of its positions whose inspector has that load (a bit set, made when
// first needed), so that "the first fitting inspector at the lowest level from the start" is found by jumping
// between set bits instead of walking the whole pool.
interface Pool {
  pool: number[];
  counts: Int32Array;
  level: number;
  levels: (Uint32Array | undefined)[];
}

/**
 * Fill slots greedily. A slot's type is its (department, specialty or any); each type has the pool of
 * inspectors who fit it, in inspector-ticket order. For each slot, scan its pool starting at T_task mod pool
 * size and take the first fitting inspector at the pool's lowest current load; if none at that level fits,
 * the first fitting one (in the same order) at the next level, and so on.
 */
export function greedyPass(
  p: Prepared,
  a: Assignment,
  byDept: readonly (readonly number[])[],
  elig: EligibilityTable,
  dayCap: number,
): void {
  const { ins, cap, taskSlots, taskDay, taskTicket, days } = p;
  const { load, dayLoad } = a;
  const nI = ins.length;
  const nT = p.taskAt.length;
  const nS = p.slotTask.length;
  const nSpec = p.specs.length;
  const typeOf = (s: number) => p.slotDept[s]! * (nSpec + 1) + p.slotSpec[s]! + 1;
  const maxCap = cap.reduce((x, y) => Math.max(x, y), 0);
  // Inspectors who can go on no day of the visits (certificate expired before the first visit, unavailable
  // throughout) fit no slot: they are left out of the levels, so they do not hold a pool's lowest level down.
  const firstDay = nT ? fromDayNumber(p.day0) : "";
  const lastDay = nT ? fromDayNumber(p.day0 + days - 1) : "";
  const usable = (i: number): boolean => {
    const x = ins[i]!;
    if (cap[i]! <= 0 || x.certificateExpiresOn === undefined || x.certificateExpiresOn < firstDay)
      return false;
    return !x.unavailable.some((r) => r.from <= firstDay && r.to >= lastDay);
  };
  const counted = Uint8Array.from({ length: nI }, (_, i) => (usable(i) ? 1 : 0));
  // the pool of each slot type, by type (types are below depts × (specialties + 1))
  const pools: (Pool | undefined)[] = new Array(p.depts.length * (nSpec + 1));
  const memberOf: number[][] = Array.from({ length: nI }, () => []);
  const memberPos: number[][] = Array.from({ length: nI }, () => []);
  const levelBits = (g: Pool, l: number): Uint32Array => {
    let b = g.levels[l];
    if (b === undefined) {
      b = new Uint32Array((g.pool.length + 31) >>> 5);
      g.levels[l] = b;
    }
    return b;
  };
  for (let s = 0; s < nS; s++) {
    const type = typeOf(s);
    if (pools[type] !== undefined) continue;
    const pool = (byDept[p.slotDept[s]!] ?? []).filter((i) => slotFits(p, s, i));
    const counts = new Int32Array(maxCap + 2);
    const g: Pool = { pool, counts, level: 0, levels: [] };
    const zero = levelBits(g, 0);
    pool.forEach((i, k) => {
      memberOf[i]!.push(type);
      memberPos[i]!.push(k);
      if (!counted[i]) return;
      counts[0]!++;
      zero[k >>> 5]! |= 1 << (k & 31);
    });
    pools[type] = g;
  }
  // inspector `i` may fill slot `s` of task `t` (day `d`) now
  const fits = (t: number, s: number, d: number, i: number): boolean =>
    load[i]! < cap[i]! &&
    dayLoad[i * days + d]! < dayCap &&
    a.inTask(t, i) < 0 &&
    !a.unitClash(t, i, s) &&
    elig.ok(t, i);
  for (let t = 0; t < nT; t++) {
    const d = taskDay[t]!;
    for (let s = taskSlots[t]!; s < taskSlots[t + 1]!; s++) {
      const g = pools[typeOf(s)]!;
      const pool = g.pool;
      while (g.level <= maxCap && g.counts[g.level] === 0) g.level++;
      const lowest = g.level;
      let best = -1;
      const start = poolStart(taskTicket[t]!, pool.length);
      for (let level = lowest; level <= maxCap && best < 0; level++) {
        const bits = g.levels[level];
        if (bits === undefined || g.counts[level] === 0) continue;
        for (
          let k = nextSetBit(bits, start, pool.length);
          k >= 0 && best < 0;
          k = nextSetBit(bits, k + 1, pool.length)
        )
          if (fits(t, s, d, pool[k]!)) best = pool[k]!;
        for (let k = nextSetBit(bits, 0, start); k >= 0 && best < 0; k = nextSetBit(bits, k + 1, start))
          if (fits(t, s, d, pool[k]!)) best = pool[k]!;
      }
      if (best < 0) continue;
      const l = load[best]!;
      if (counted[best]) {
        const types = memberOf[best]!;
        for (let m = 0; m < types.length; m++) {
          const h = pools[types[m]!]!;
          h.counts[l]!--;
          if (l + 1 < cap[best]!) h.counts[l + 1]!++;
          const k = memberPos[best]![m]!;
          levelBits(h, l)[k >>> 5]! &= ~(1 << (k & 31));
          if (l + 1 < cap[best]!) levelBits(h, l + 1)[k >>> 5]! |= 1 << (k & 31);
        }
      }
      a.put(s, best);
    }
  }
}

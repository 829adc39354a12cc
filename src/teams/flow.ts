// The flow completion: every slot the greedy left empty is searched for an augmenting path, so the result is a
// maximum flow of source → slot (1) → (task, inspector) (1) → (inspector, day) (daily cap) → inspector (task
// cap) → sink: when all tasks can be staffed, all are.
//
// Each search is a breadth-first search over slots in the residual graph, in a fixed order (slots by index,
// candidates in candidate order, an inspector's slots in the order they were filled), and the first path found
// is applied. Two facts keep it near-linear without changing which path is found:
// - within one search, an inspector (or an inspector's day) is expanded once: a second expansion would push
//   only slots already queued;
// - across searches, what a failed search reached can never reach the sink again: augmenting along a path
//   changes only edges between vertices of that path, all of which reach the sink, so no edge ever leaves the
//   set of vertices that cannot (Berge's lemma, as in Hopcroft–Karp). Those slots and inspector vertices are
//   marked dead and skipped, and an empty slot already dead is not searched again. Live vertices are never
//   reached through dead ones, so every search queues its live slots in the same order and finds the same path
//   as a search without the marks. With one member per unit required the graph is not a flow graph (who may
//   join a team depends on its other members, which a path may change): there the marks hold only until the
//   next path is applied (while nothing changes, the graph is the same and so is what it reaches).
//
// A slot's candidates are not listed whole (at a million entities and a thousand inspectors the lists do not fit
// in memory, and a search under scarcity reaches every slot): a slot's step keeps only the candidates that can do
// something — a free inspector, a member of the task, an inspector (or day) this search has not yet expanded and
// that is not dead — and sorts those into candidate order. The others would be skipped where they stand, and a
// step changes nothing another candidate of the same step looks at, so the steps are the same.
import type { EligibilityTable } from "./eligibility-table.js";
import { type CandidateOrder, type SlotPools, slotFits } from "./order.js";
import type { Prepared } from "./prepare.js";
import type { Assignment } from "./state.js";

/** What the failed searches reached: the source side of the minimum cut, for the explanations. */
export interface Reached {
  readonly slots: Uint8Array;
  readonly inspectors: Uint8Array;
}

/** Fill the empty slots that an augmenting path can fill; returns what the failed searches reached. */
export function completeByFlow(
  p: Prepared,
  a: Assignment,
  pools: SlotPools,
  order: CandidateOrder,
  elig: EligibilityTable,
  dayCap: number,
  oneMemberPerUnit: boolean,
): Reached {
  const { cap, days, slotTask, taskDay, taskSlots } = p;
  const { assign, load, dayLoad } = a;
  const nI = p.ins.length;
  const nS = slotTask.length;
  const reachedIns = new Uint8Array(nI);
  const reachedSlot = new Uint8Array(nS);
  // dead marks hold while `epoch` is the one they were set in (for ever, unless one member per unit)
  let epoch = 0;
  const deadSlot = new Int32Array(nS).fill(-1);
  const deadAll = new Int32Array(nI).fill(-1);
  const deadDay = new Int32Array(nI * days).fill(-1);
  // per search: a stamp marks what this search queued or expanded
  const mark = new Int32Array(nS);
  const prevSlot = new Int32Array(nS);
  const prevIns = new Int32Array(nS);
  const visAll = new Int32Array(nI);
  const visDay = new Int32Array(nI * days);
  const queue = new Int32Array(nS);
  const touchedAll: number[] = [];
  const touchedDay: number[] = [];
  // the candidates of one step that can do something, then in candidate order
  const live = new Int32Array(nI);
  // per slot type and day: its pool of those who may go that day, less the inspectors dead and full, or dead and
  // full that day (skipped for the rest of the epoch: the load of a dead inspector or day never changes), and,
  // per search, that list less the inspectors (or days) this search expanded
  const alive = new Map<number, { epoch: number; list: Int32Array; n: number }>();
  const current = new Map<number, { gen: number; list: Int32Array; n: number }>();
  const currentOf = (s: number, d: number) => {
    const key = pools.typeOf(s) * days + d;
    let al = alive.get(key);
    if (al === undefined || al.epoch !== epoch) {
      // those who may go on no task of the day are never candidates there
      const pool = pools.of(s).filter((i) => elig.onDay(i, d));
      al = { epoch, list: Int32Array.from(pool), n: pool.length };
      alive.set(key, al);
    }
    let cur = current.get(key);
    if (cur === undefined) {
      cur = { gen: -1, list: new Int32Array(al.list.length), n: 0 };
      current.set(key, cur);
    }
    if (cur.gen !== gen) {
      let w = 0;
      for (let k = 0; k < al.n; k++) {
        const i = al.list[k]!;
        const v = i * days + d;
        if (load[i]! >= cap[i]! && deadAll[i] === epoch) continue;
        if (dayLoad[v]! >= dayCap && (deadAll[i] === epoch || deadDay[v] === epoch)) continue;
        al.list[w++] = i;
      }
      al.n = w;
      cur.list.set(al.list.subarray(0, w));
      cur.n = w;
      cur.gen = gen;
    }
    return cur;
  };
  // per slot type and day, the inspectors of its pool not yet reached who may go on that day (for the cut)
  const unreached = new Map<number, number[]>();
  let gen = 0;
  for (let s0 = 0; s0 < nS; s0++) {
    if (assign[s0]! >= 0 || deadSlot[s0] === epoch) continue;
    gen++;
    touchedAll.length = 0;
    touchedDay.length = 0;
    let tail = 0;
    const push = (s2: number, s: number, i: number) => {
      if (mark[s2] === gen || deadSlot[s2] === epoch) return;
      mark[s2] = gen;
      prevSlot[s2] = s;
      prevIns[s2] = i;
      queue[tail++] = s2;
    };
    mark[s0] = gen;
    prevSlot[s0] = -1;
    queue[tail++] = s0;
    let foundSlot = -1;
    let foundIns = -1;
    for (let qi = 0; qi < tail && foundSlot < 0; qi++) {
      const s = queue[qi]!;
      const t = slotTask[s]!;
      const d = taskDay[t]!;
      const as = assign[s]!;
      let n = 0;
      // members of the task: they may switch slots whatever their marks
      for (let s2 = taskSlots[t]!; s2 < taskSlots[t + 1]!; s2++) {
        const j = assign[s2]!;
        if (s2 === s || j < 0 || j === as || live.subarray(0, n).includes(j)) continue;
        if (slotFits(p, s, j) && elig.ok(t, j) && !a.unitClash(t, j, s)) live[n++] = j;
      }
      // the pool less what cannot do anything in any step of this search (shrinks as the search goes)
      const cur = currentOf(s, d);
      const list = cur.list;
      let w = 0;
      for (let k = 0; k < cur.n; k++) {
        const i = list[k]!;
        const v = i * days + d;
        const dayFull = dayLoad[v]! >= dayCap;
        if (
          (dayFull || load[i]! >= cap[i]!) &&
          (visAll[i] === gen ||
            deadAll[i] === epoch ||
            (dayFull && (visDay[v] === gen || deadDay[v] === epoch)))
        )
          continue;
        list[w++] = i;
        // i === assign[s]: the edge s → (t, i) already carries flow; no residual capacity
        if (i === as) continue;
        if (elig.ok(t, i) && !a.unitClash(t, i, s) && a.inTask(t, i, s) < 0) live[n++] = i;
      }
      cur.n = w;
      order.sort(t, live, n);
      for (let k = 0; k < n; k++) {
        const i = live[k]!;
        const same = a.inTask(t, i, s);
        if (same >= 0) {
          // i switches slots within the task: its old slot must be refilled
          push(same, s, i);
          continue;
        }
        const dayFull = dayLoad[i * days + d]! >= dayCap;
        const full = load[i]! >= cap[i]!;
        if (!dayFull && !full) {
          foundSlot = s;
          foundIns = i;
          break;
        }
        // an inspector's slots (all of them, or those of one day) are queued once per search
        if (visAll[i] === gen) continue;
        if (dayFull) {
          const v = i * days + d;
          if (visDay[v] === gen) continue;
          visDay[v] = gen;
          touchedDay.push(v);
          if (deadAll[i] === epoch || deadDay[v] === epoch) continue;
        } else {
          visAll[i] = gen;
          touchedAll.push(i);
          if (deadAll[i] === epoch) continue;
        }
        for (const s2 of a.slotsOfIns(i)) {
          if (dayFull && taskDay[slotTask[s2]!] !== d) continue;
          push(s2, s, i);
        }
      }
    }
    if (foundSlot < 0) {
      for (let q = 0; q < tail; q++) {
        reachedSlot[queue[q]!] = 1;
        deadSlot[queue[q]!] = epoch;
      }
      // the candidates of the reached slots who do not switch within the task (the pools only shrink)
      for (let q = 0; q < tail; q++) {
        const s = queue[q]!;
        const t = slotTask[s]!;
        const d = taskDay[t]!;
        const key = pools.typeOf(s) * days + d;
        const rest = unreached.get(key) ?? pools.of(s).filter((i) => elig.onDay(i, d));
        let w = 0;
        for (let k = 0; k < rest.length; k++) {
          const i = rest[k]!;
          if (reachedIns[i]) continue;
          if (elig.ok(t, i) && a.inTask(t, i, s) < 0) reachedIns[i] = 1;
          else rest[w++] = i;
        }
        rest.length = w;
        unreached.set(key, rest);
      }
      for (const i of touchedAll) deadAll[i] = epoch;
      for (const v of touchedDay) deadDay[v] = epoch;
      continue;
    }
    // apply: walk back, moving inspectors along the path: foundIns (spare capacity) fills foundSlot; the
    // inspector who held it moves on to the slot it was reached from …
    let s = foundSlot;
    let i = foundIns;
    for (;;) {
      if (assign[s]! >= 0) a.take(s);
      a.put(s, i);
      const ps = prevSlot[s]!;
      if (ps < 0) break;
      i = prevIns[s]!;
      s = ps;
    }
    if (oneMemberPerUnit) epoch++;
  }
  return { slots: reachedSlot, inspectors: reachedIns };
}

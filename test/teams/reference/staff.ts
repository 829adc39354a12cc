// FROZEN: the staffing as it was before it was split and made fast (only its imports and its input's
// randomness adapted to later moves), the reference of test/teams/reference.test-prop.ts. Do not edit.
// The second random: staffing drawn entities with certified, conflict-free, load-balanced teams.
//
// Model: each task (one drawn entity, one visit date) has slots; a slot names a department (joint inspections
// take a quota from each department) and optionally a specialty (one slot per required specialty). Assigning
// distinct eligible inspectors to slots within per-inspector task caps and per-day caps is a flow problem:
// source → slot (1) → (task, inspector) (1) → (inspector, day) (daily cap) → inspector (task cap) → sink.
// A greedy pass in ticket order fills most slots with the least-loaded eligible inspector; every slot it
// leaves empty is then searched for an augmenting path, so the result is a maximum flow: when all tasks can
// be staffed, all are. Slots that stay empty are explained from the residual graph (the minimum cut).

import { fromDayNumber, toDayNumber } from "../../../src/model/dates.js";
import type { Conflict, HistoryRecord, Inspector, Item } from "../../../src/model/types.js";
import { ticketOrder } from "../../../src/random/order.js";
import type { Randomness } from "../../../src/random/randomness.js";
import { type Issue, issue } from "../../../src/util/issue.js";
import { sortByKey } from "../../../src/util/sort.js";
import { Eligibility, INELIGIBLE_ZH, type IneligibleReason } from "./eligibility.js";

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

/** Team rules (defaults in brackets). */
export interface TeamRules {
  /** Minimum certified members per team [2]. */
  readonly size?: number | undefined;
  /** Default cap on tasks per inspector [20]; an inspector's own lower `maxTasks` wins. */
  readonly maxTasksPerInspector?: number | undefined;
  /** Cap on visits per inspector per day [unlimited]. */
  readonly maxTasksPerInspectorPerDay?: number | undefined;
  /** At most one member per unit (科室) [false]. */
  readonly oneMemberPerUnit?: boolean | undefined;
  /** An inspector who inspected the entity within this many days before the visit is not sent again. */
  readonly rotationWithinDays?: number | undefined;
  /** Inspectors whose region shares this many leading digits with the entity's may not go (本地回避). */
  readonly homeRegionPrefix?: number | undefined;
  /** Joint inspections: members taken from each department. */
  readonly departments?: Readonly<Record<string, number>> | undefined;
  /** Experts added on top of the certified members (when items ask for them) [0]. */
  readonly experts?: number | undefined;
}

/** Inputs of {@link staffTeams}. */
export interface StaffingInput {
  /** The plan's randomness (the frozen code took seed and task id and made these two machines itself). */
  readonly random: Randomness;
  readonly tasks: readonly StaffingTask[];
  readonly inspectors: readonly Inspector[];
  readonly items: readonly Item[];
  readonly conflicts?: readonly Conflict[];
  readonly history?: readonly HistoryRecord[];
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

/** MurmurHash3 fmix32: the mixing step of the per-task candidate order (documented in the README). */
export function fmix32(h0: number): number {
  let h = h0 >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
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

interface Prepared {
  readonly ins: readonly Inspector[];
  readonly insTicket: Float64Array;
  readonly taskTicket: Float64Array;
  readonly order: Int32Array;
  readonly slotTask: Int32Array;
  readonly slotDept: Int32Array;
  readonly slotSpec: Int32Array;
  readonly taskSlots: Int32Array; // start index of each task's slots; length tasks+1
  readonly depts: string[];
  readonly specs: string[];
  readonly taskDay: Int32Array;
  readonly days: number;
}

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

/** The per-task candidate order key of inspector `i` (lower first): fmix32(hi32(T_inspector) XOR hi32(T_task)). */
function candKey(p: Prepared, t: number, i: number): number {
  return fmix32(Math.floor(p.insTicket[i]! / 1048576) ^ Math.floor(p.taskTicket[t]! / 1048576));
}

/**
 * Staff every task with a team (the second random). Deterministic in the seed, independent of input order,
 * complete whenever a feasible staffing exists; otherwise each unstaffed task and the bottleneck are named.
 * @example
 * const r = staffTeams({ seed, taskId, tasks, inspectors, items, conflicts, rules: { size: 2 } });
 * r.teams[0]?.inspectorIds // e.g. ["FZ0012", "FZ0040"]
 */
export function staffTeams(input: StaffingInput): StaffingResult {
  const rules = input.rules ?? {};
  const size = rules.size ?? 2;
  const defCap = rules.maxTasksPerInspector ?? 20;
  const dayCap = rules.maxTasksPerInspectorPerDay ?? Number.MAX_SAFE_INTEGER;
  const issues: Issue[] = [];
  const itemById = new Map(input.items.map((i) => [i.id, i]));

  // inspectors: certified members only (experts are added on top later), ordered by their ticket
  const insMachine = input.random.inspectors;
  const certified = input.inspectors.filter((i) => i.role === "inspector");
  const withT = certified.map((i) => ({ i, t: insMachine.value(i.id) }));
  withT.sort((a, b) => a.t - b.t || (a.i.id < b.i.id ? -1 : 1));
  const ins = withT.map((x) => x.i);
  const insTicket = Float64Array.from(withT.map((x) => x.t));
  const cap = Int32Array.from(ins.map((i) => Math.min(defCap, i.maxTasks ?? defCap)));

  const deptIdx = new Map<string, number>();
  const specIdx = new Map<string, number>();
  const dId = (d: string) => indexOf(deptIdx, d);
  const sId = (s: string) => indexOf(specIdx, s);
  const insDept = Int32Array.from(ins.map((i) => dId(i.department)));
  const insSpecs = ins.map((i) => new Set(i.specialties.map(sId)));

  // tasks, in ticket order
  const taskMachine = input.random.team;
  const rawTicket = new Float64Array(input.tasks.length);
  for (let i = 0; i < rawTicket.length; i++) rawTicket[i] = taskMachine.value(input.tasks[i]!.entityId);
  const tieById = (a: number, b: number) => {
    const x = input.tasks[a]!.entityId;
    const y = input.tasks[b]!.entityId;
    return x < y ? -1 : x > y ? 1 : a - b;
  };
  const tasks = Array.from(ticketOrder(rawTicket, tieById), (at) => ({
    t: input.tasks[at]!,
    k: rawTicket[at]!,
    at,
  }));
  const nT = tasks.length;
  const taskTicket = Float64Array.from(tasks.map((x) => x.k));
  const dayOf = new Map<string, number>(); // few distinct visit dates
  const dayNums = new Float64Array(nT);
  let day0 = Number.POSITIVE_INFINITY;
  let dayN = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < nT; t++) {
    const date = tasks[t]!.t.date;
    let d = dayOf.get(date);
    if (d === undefined) {
      d = toDayNumber(date);
      dayOf.set(date, d);
    }
    dayNums[t] = d;
    day0 = Math.min(day0, d);
    dayN = Math.max(dayN, d);
  }
  if (nT === 0) day0 = dayN = 0;
  const days = dayN - day0 + 1;
  const taskDay = Int32Array.from(dayNums, (d) => d - day0);

  // slots
  const taskSlots = new Int32Array(nT + 1);
  // The places of a task depend only on its items: computed once per distinct item list.
  const templates = new Map<string, { dept: number[]; spec: number[] }>();
  // tasks usually share one item list (the same array, or equal ones): the last one is remembered
  let lastItems: readonly string[] | undefined;
  let lastTpl: { dept: number[]; spec: number[] } | undefined;
  const templateOf = (itemIds: readonly string[]) => {
    if (itemIds === lastItems) return lastTpl!;
    const key = itemIds.length === 1 ? itemIds[0]! : itemIds.join("\u0000");
    let tpl = templates.get(key);
    if (tpl !== undefined) {
      lastItems = itemIds;
      lastTpl = tpl;
      return tpl;
    }
    tpl = { dept: [], spec: [] };
    const byDept = new Map<string, Set<string>>();
    for (const id of itemIds) {
      const it = itemById.get(id);
      if (!it) continue;
      const s = byDept.get(it.department) ?? new Set<string>();
      for (const sp of it.specialties) s.add(sp);
      byDept.set(it.department, s);
    }
    const deptList = [...byDept.keys()];
    let total = 0;
    deptList.forEach((d, di) => {
      const specs = [...byDept.get(d)!].sort();
      const quota =
        deptList.length > 1 ? (rules.departments?.[d] ?? 1) : Math.max(size, rules.departments?.[d] ?? 0);
      let n = 0;
      for (const sp of specs) {
        tpl.dept.push(dId(d));
        tpl.spec.push(sId(sp));
        n++;
      }
      for (; n < quota; n++) {
        tpl.dept.push(dId(d));
        tpl.spec.push(-1);
      }
      total += n;
      // joint teams smaller than the minimum size take the rest from the lead department
      if (di === deptList.length - 1) {
        for (; total < size; total++) {
          tpl.dept.push(dId(deptList[0]!));
          tpl.spec.push(-1);
        }
      }
    });
    templates.set(key, tpl);
    lastItems = itemIds;
    lastTpl = tpl;
    return tpl;
  };
  // each task's places, counted first, then written straight into typed arrays
  const tplOf: { dept: number[]; spec: number[] }[] = new Array(nT);
  let nS = 0;
  for (let t = 0; t < nT; t++) {
    const tpl = templateOf(tasks[t]!.t.itemIds);
    tplOf[t] = tpl;
    nS += tpl.dept.length;
  }
  const slotTask = new Int32Array(nS);
  const slotDept = new Int32Array(nS);
  const slotSpec = new Int32Array(nS);
  for (let t = 0, s = 0; t < nT; t++) {
    taskSlots[t] = s;
    const tpl = tplOf[t]!;
    for (let k = 0; k < tpl.dept.length; k++, s++) {
      slotTask[s] = t;
      slotDept[s] = tpl.dept[k]!;
      slotSpec[s] = tpl.spec[k]!;
    }
  }
  taskSlots[nT] = nS;
  const p: Prepared = {
    ins,
    insTicket,
    taskTicket,
    order: new Int32Array(0),
    slotTask,
    slotDept,
    slotSpec,
    taskSlots,
    depts: [...deptIdx.keys()],
    specs: [...specIdx.keys()],
    taskDay,
    days,
  };

  // individual eligibility (certificate, availability, conflicts, rotation, home region)
  const elig = new Eligibility(input.conflicts ?? [], input.history ?? [], rules);
  const baseReason = (t: number, i: number): IneligibleReason => {
    const task = tasks[t]!.t;
    return elig.reason(ins[i]!, task.entityId, task.region, task.date);
  };
  const nI = ins.length;
  // Fast path with the same meaning as baseReason(t, i) === "": per-(inspector, day) facts (certificate,
  // availability) in a table, per-task blocked inspectors (conflicts, rotation) as a small index set, and the
  // home-region rule on precomputed prefixes.
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
    const id = tasks[t]!.t.entityId;
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
  // Conflict files usually list an entity's (or an inspector's) records together: the last lookup of each is
  // reused while the id repeats (a string comparison is much cheaper than a Map lookup).
  let lastEntity: string | undefined;
  let lastTask = -1;
  let lastInspector: string | undefined;
  let lastIns: number | undefined;
  const conflicts = input.conflicts ?? [];
  // an index loop: for…of over the 2M conflict records of the benchmark allocated an iterator result each
  for (let k = 0; k < conflicts.length; k++) {
    const c = conflicts[k]!;
    if (c.entityId !== lastEntity) {
      lastEntity = c.entityId;
      lastTask = taskOf.get(c.entityId) ?? -1;
    }
    if (lastTask < 0) continue;
    if (c.inspectorId !== lastInspector) {
      lastInspector = c.inspectorId;
      lastIns = insIndex.get(c.inspectorId);
    }
    for (let t = lastTask; t >= 0; t = sameEntity[t]!) {
      if (c.until === undefined || tasks[t]!.t.date <= c.until) block(t, lastIns);
    }
  }
  for (let t = 0; t < nT; t++) {
    const { entityId, date } = tasks[t]!.t;
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
  const taskHome = tasks.map(({ t }) => (hp === undefined ? "\u0000" : t.region.slice(0, hp)));
  const baseOk = (t: number, i: number): boolean =>
    dayOk[i * days + taskDay[t]!] === 1 && !isBlocked(t, i) && insHome[i] !== taskHome[t];
  const slotFits = (s: number, i: number): boolean =>
    insDept[i] === p.slotDept[s] && (p.slotSpec[s]! < 0 || insSpecs[i]!.has(p.slotSpec[s]!));

  // state
  const assign = new Int32Array(nS).fill(-1);
  const load = new Int32Array(nI);
  const dayLoad = new Int32Array(nI * days);
  // Each inspector's slots, in the order they were filled: only the augmenting paths need them, so they are
  // made from the greedy's result when first asked for (the greedy fills slots in index order) and kept from
  // then on.
  let slotsOf: Set<number>[] | undefined;
  const slotsOfIns = (i: number): Set<number> => {
    if (slotsOf === undefined) {
      const made = Array.from({ length: nI }, () => new Set<number>());
      for (let s = 0; s < nS; s++) if (assign[s]! >= 0) made[assign[s]!]!.add(s);
      slotsOf = made;
    }
    return slotsOf[i]!;
  };
  const inTask = (t: number, i: number, except = -1): number => {
    for (let s = taskSlots[t]!; s < taskSlots[t + 1]!; s++) if (s !== except && assign[s] === i) return s;
    return -1;
  };
  const unitClash = (t: number, i: number, except: number): boolean => {
    if (!rules.oneMemberPerUnit) return false;
    const u = ins[i]!.unit;
    for (let s = taskSlots[t]!; s < taskSlots[t + 1]!; s++) {
      const j = assign[s]!;
      if (s !== except && j >= 0 && j !== i && ins[j]!.unit === u) return true;
    }
    return false;
  };
  const put = (s: number, i: number) => {
    const t = p.slotTask[s]!;
    assign[s] = i;
    load[i]!++;
    dayLoad[i * days + taskDay[t]!]!++;
    if (slotsOf !== undefined) slotsOf[i]!.add(s);
  };
  const take = (s: number) => {
    const i = assign[s]!;
    const t = p.slotTask[s]!;
    assign[s] = -1;
    load[i]!--;
    dayLoad[i * days + taskDay[t]!]!--;
    if (slotsOf !== undefined) slotsOf[i]!.delete(s);
  };

  // ---- greedy, tasks in ticket order. A slot's type is its (department, specialty or any); each type has the
  // pool of inspectors who fit it, in inspector-ticket order. For each slot, scan its pool starting at
  // T_task mod pool size and take the first fitting inspector at the pool's lowest current load; if none at
  // that level fits, the first fitting one (in the same order) at the next level, and so on.
  const byDept: number[][] = p.depts.map(() => []);
  for (let i = 0; i < nI; i++) byDept[insDept[i]!]!.push(i);
  const nSpec = p.specs.length;
  const typeOf = (s: number) => p.slotDept[s]! * (nSpec + 1) + p.slotSpec[s]! + 1;
  const maxCap = cap.reduce((a, b) => Math.max(a, b), 0);
  // Inspectors who can go on no day of the visits (certificate expired before the first visit, unavailable
  // throughout) fit no slot: they are left out of the levels, so they do not hold a pool's lowest level down.
  const firstDay = nT ? fromDayNumber(day0) : "";
  const lastDay = nT ? fromDayNumber(day0 + days - 1) : "";
  const usable = (i: number): boolean => {
    const x = ins[i]!;
    if (cap[i]! <= 0 || x.certificateExpiresOn === undefined || x.certificateExpiresOn < firstDay)
      return false;
    return !x.unavailable.some((r) => r.from <= firstDay && r.to >= lastDay);
  };
  const counted = Uint8Array.from({ length: nI }, (_, i) => (usable(i) ? 1 : 0));
  // Each pool also keeps, per load level, the set of its positions whose inspector has that load (a bit set,
  // made when first needed), so that "the first fitting inspector at the lowest level from the start" is found
  // by jumping between set bits instead of walking the whole pool.
  interface Pool {
    pool: number[];
    counts: Int32Array;
    level: number;
    levels: (Uint32Array | undefined)[];
  }
  const pools = new Map<number, Pool>();
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
    if (pools.has(type)) continue;
    const pool = (byDept[p.slotDept[s]!] ?? []).filter((i) => slotFits(s, i));
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
    pools.set(type, g);
  }
  for (let t = 0; t < nT; t++) {
    for (let s = taskSlots[t]!; s < taskSlots[t + 1]!; s++) {
      const g = pools.get(typeOf(s))!;
      const pool = g.pool;
      while (g.level <= maxCap && g.counts[g.level] === 0) g.level++;
      const lowest = g.level;
      const fits = (i: number): boolean =>
        load[i]! < cap[i]! &&
        dayLoad[i * days + taskDay[t]!]! < dayCap &&
        inTask(t, i) < 0 &&
        !unitClash(t, i, s) &&
        baseOk(t, i);
      let best = -1;
      const start = pool.length ? taskTicket[t]! % pool.length : 0;
      for (let level = lowest; level <= maxCap && best < 0; level++) {
        const bits = g.levels[level];
        if (bits === undefined || g.counts[level] === 0) continue;
        for (
          let k = nextSetBit(bits, start, pool.length);
          k >= 0 && best < 0;
          k = nextSetBit(bits, k + 1, pool.length)
        )
          if (fits(pool[k]!)) best = pool[k]!;
        for (let k = nextSetBit(bits, 0, start); k >= 0 && best < 0; k = nextSetBit(bits, k + 1, start))
          if (fits(pool[k]!)) best = pool[k]!;
      }
      if (best >= 0) {
        const l = load[best]!;
        const types = memberOf[best]!;
        for (let m = 0; m < types.length; m++) {
          const h = pools.get(types[m]!)!;
          if (counted[best]) {
            h.counts[l]!--;
            if (l + 1 < cap[best]!) h.counts[l + 1]!++;
          }
          if (!counted[best]) continue;
          const k = memberPos[best]![m]!;
          levelBits(h, l)[k >>> 5]! &= ~(1 << (k & 31));
          if (l + 1 < cap[best]!) levelBits(h, l + 1)[k >>> 5]! |= 1 << (k & 31);
        }
        put(s, best);
      }
    }
  }

  // ---- augmenting paths for the empty slots (BFS over slots in the residual graph)
  const reachedIns = new Uint8Array(nI);
  const reachedSlot = new Uint8Array(nS);
  const candidates = (s: number): number[] => {
    const pool = byDept[p.slotDept[s]!] ?? [];
    const t = p.slotTask[s]!;
    const out: number[] = [];
    for (const i of pool) if (slotFits(s, i) && baseOk(t, i)) out.push(i);
    return out.sort((a, b) => candKey(p, t, a) - candKey(p, t, b));
  };
  for (let s0 = 0; s0 < nS; s0++) {
    if (assign[s0]! >= 0) continue;
    // BFS: prev[s] = [previous slot, inspector that moves into previous slot]
    const prev = new Map<number, [number, number]>();
    const queue = [s0];
    prev.set(s0, [-1, -1]);
    let found: [number, number] | undefined; // [slot, inspector with spare capacity]
    for (let qi = 0; qi < queue.length && !found; qi++) {
      const s = queue[qi]!;
      const t = p.slotTask[s]!;
      const d = taskDay[t]!;
      for (const i of candidates(s)) {
        // i === assign[s]: the edge s → (t, i) already carries flow; no residual capacity
        if (i === assign[s] || unitClash(t, i, s)) continue;
        const same = inTask(t, i, s);
        if (same >= 0) {
          // i switches slots within the task: its old slot must be refilled
          if (!prev.has(same)) {
            prev.set(same, [s, i]);
            queue.push(same);
          }
          continue;
        }
        const dayFull = dayLoad[i * days + d]! >= dayCap;
        const full = load[i]! >= cap[i]!;
        if (!dayFull && !full) {
          found = [s, i];
          break;
        }
        for (const s2 of slotsOfIns(i)) {
          if (dayFull && taskDay[p.slotTask[s2]!] !== d) continue;
          if (!prev.has(s2)) {
            prev.set(s2, [s, i]);
            queue.push(s2);
          }
        }
      }
    }
    if (!found) {
      for (const s of queue) reachedSlot[s] = 1;
      for (const s of queue) {
        const t = p.slotTask[s]!;
        for (const i of candidates(s)) if (inTask(t, i, s) < 0) reachedIns[i] = 1;
      }
      continue;
    }
    // apply: walk back, moving inspectors along the path
    // found = [s, i]: i (spare capacity) fills s; prev[s] = [ps, pi]: pi, who held s, moves on to ps …
    let [s, i] = found;
    for (;;) {
      if (assign[s]! >= 0) take(s);
      put(s, i);
      const [ps, pi] = prev.get(s)!;
      if (ps < 0) break;
      s = ps;
      i = pi;
    }
  }

  // ---- experts on top (greedy, ticket order, no conflict, least loaded)
  const experts = input.inspectors.filter((i) => i.role === "expert");
  const expertLoad = new Map<string, number>();
  // teams in the input's order (then sorted by entity id: little work when the input is in that order)
  const teams: Team[] = new Array(nT);
  const unstaffed: Unstaffed[] = [];
  for (let t = 0; t < nT; t++) {
    const task = tasks[t]!.t;
    const members: string[] = [];
    let missing = 0;
    for (let s = taskSlots[t]!; s < taskSlots[t + 1]!; s++) {
      const i = assign[s]!;
      if (i >= 0) members.push(ins[i]!.id);
      else missing++;
    }
    const expertIds: string[] = [];
    if ((rules.experts ?? 0) > 0) {
      const pool = experts
        .filter((e) => {
          return !elig.inConflict(e.id, task.entityId, task.date);
        })
        .sort(
          (a, b) =>
            (expertLoad.get(a.id) ?? 0) - (expertLoad.get(b.id) ?? 0) ||
            insMachine.value(a.id) - insMachine.value(b.id),
        );
      for (const e of pool.slice(0, rules.experts)) {
        expertIds.push(e.id);
        expertLoad.set(e.id, (expertLoad.get(e.id) ?? 0) + 1);
      }
    }
    teams[tasks[t]!.at] = {
      entityId: task.entityId,
      date: task.date,
      inspectorIds: members,
      expertIds,
      complete: missing === 0,
    };
    if (missing > 0) {
      unstaffed.push({ entityId: task.entityId, date: task.date, missing, reason: explainTask(t) });
    }
  }

  function explainTask(t: number): string {
    const parts: string[] = [];
    for (let s = taskSlots[t]!; s < taskSlots[t + 1]!; s++) {
      if (assign[s]! >= 0) continue;
      const need = `${p.depts[p.slotDept[s]!]}${p.slotSpec[s]! >= 0 ? `（${p.specs[p.slotSpec[s]!]}）` : ""}`;
      const pool = (byDept[p.slotDept[s]!] ?? []).filter((i) => slotFits(s, i));
      const why = new Map<IneligibleReason, number>();
      let ok = 0;
      for (const i of pool) {
        const r = baseReason(t, i);
        if (r === "") ok++;
        else why.set(r, (why.get(r) ?? 0) + 1);
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

  // ---- bottleneck from the minimum cut: reached slots and the saturated inspectors they can use
  const bottlenecks: string[] = [];
  if (unstaffed.length > 0) {
    const groups = new Map<string, { tasks: Set<number>; slots: number; empty: number; ins: Set<number> }>();
    for (let s = 0; s < nS; s++) {
      if (!reachedSlot[s]) continue;
      const key = `${p.depts[p.slotDept[s]!]}${p.slotSpec[s]! >= 0 ? `|${p.specs[p.slotSpec[s]!]}` : ""}`;
      const g = groups.get(key) ?? { tasks: new Set(), slots: 0, empty: 0, ins: new Set() };
      g.tasks.add(p.slotTask[s]!);
      g.slots++;
      if (assign[s]! < 0) g.empty++;
      for (const i of candidates(s)) if (reachedIns[i]) g.ins.add(i);
      groups.set(key, g);
    }
    for (const [key, g] of [...groups].sort()) {
      if (g.empty === 0) continue;
      const [dept, spec] = key.split("|");
      const places = [...g.ins].reduce((a, i) => a + cap[i]!, 0);
      const used = [...g.ins].reduce((a, i) => a + load[i]!, 0);
      bottlenecks.push(
        `${g.tasks.size} 个任务需要${dept}${spec ? `具备“${spec}”专长的` : "的"}执法人员，` +
          `只有 ${g.ins.size} 名符合条件的人员可派，共 ${places} 个名额（已用 ${used}），需要 ${g.slots} 个，缺 ${g.empty} 个`,
      );
    }
    if (bottlenecks.length === 0)
      bottlenecks.push(`${unstaffed.length} 个任务没有任何符合条件的执法人员（见各任务原因）`);
    issues.push(
      issue("unstaffed", `${unstaffed.length} 个任务未能配齐检查组：${bottlenecks.join("；")}`, {}, "error"),
    );
  }

  const loads: Record<string, number> = {};
  for (const i of [...input.inspectors].map((x) => x.id).sort()) loads[i] = 0;
  ins.forEach((x, i) => {
    loads[x.id] = load[i]!;
  });
  for (const [id, n] of expertLoad) loads[id] = n;
  // teams in entity id order for a stable plan
  const teamsById = sortByKey(teams, (t) => t.entityId);
  const unstaffedById = sortByKey(unstaffed, (u) => u.entityId);
  return { teams: teamsById, unstaffed: unstaffedById, bottlenecks, loads, issues };
}

// The candidate order of a task: every inspector who fits a slot, ordered by the per-task key mixed from the
// inspector's and the task's tickets (inspectorKey in src/random/randomness.ts), ties in ticket order. Augmenting
// paths scan candidates in this order. A slot's whole list (Candidates, the reference) is never needed at scale:
// the flow orders only the few candidates a step can use (CandidateOrder), which gives them in the same order
// because the order of a subset does not depend on the others (test/teams/order.test-prop.ts).
import { fmix32, inspectorKey } from "../random/randomness.js";
import type { EligibilityTable } from "./eligibility-table.js";
import type { Prepared } from "./prepare.js";

/** True when inspector `i` has slot `s`'s department and specialty. */
export function slotFits(p: Prepared, s: number, i: number): boolean {
  return p.insDept[i] === p.slotDept[s] && (p.slotSpec[s]! < 0 || p.insSpecs[i]!.has(p.slotSpec[s]!));
}

/** Inspectors of each department, in ticket order. */
export function inspectorsByDept(p: Prepared): number[][] {
  const byDept: number[][] = p.depts.map(() => []);
  for (let i = 0; i < p.ins.length; i++) byDept[p.insDept[i]!]!.push(i);
  return byDept;
}

/** The inspectors who fit each slot type (department, specialty or any), in ticket order, made when first asked. */
export class SlotPools {
  /** Position of each inspector in its department's pool (ticket order). */
  readonly deptPos: Int32Array;
  private readonly pools = new Map<number, readonly number[]>();

  constructor(
    private readonly p: Prepared,
    private readonly byDept: readonly (readonly number[])[],
  ) {
    this.deptPos = new Int32Array(p.ins.length);
    for (const pool of byDept) for (let k = 0; k < pool.length; k++) this.deptPos[pool[k]!] = k;
  }

  /** The type of slot `s`: its department and specialty (or any) as one number. */
  typeOf(s: number): number {
    return this.p.slotDept[s]! * (this.p.specs.length + 1) + this.p.slotSpec[s]! + 1;
  }

  /** The inspectors who have slot `s`'s department and specialty, in ticket order. */
  of(s: number): readonly number[] {
    const type = this.typeOf(s);
    let pool = this.pools.get(type);
    if (pool === undefined) {
      pool = (this.byDept[this.p.slotDept[s]!] ?? []).filter((i) => slotFits(this.p, s, i));
      this.pools.set(type, pool);
    }
    return pool;
  }
}

// positions in a pool are below 2^21: key × 2^21 + position stays an exact integer (below 2^53)
const POS = 2097152;
const KEEP = 1 << 24;

/** Sorts some candidates of a task into candidate order. */
export class CandidateOrder {
  // hi32 of each inspector's ticket, and a scratch buffer for the packed sort keys
  private readonly hi: Float64Array;
  private readonly packed: Float64Array;
  private readonly packs: boolean;

  constructor(
    private readonly p: Prepared,
    private readonly byDept: readonly (readonly number[])[],
    private readonly deptPos: Int32Array,
    /** False: always sort with a comparison (the way of pools of 2^21 inspectors or more; for tests). */
    pack = true,
  ) {
    this.hi = p.insTicket.map((x) => Math.floor(x / 1048576));
    const longest = byDept.reduce((m, d) => Math.max(m, d.length), 0);
    this.packed = new Float64Array(longest);
    this.packs = pack && longest < POS;
  }

  /** Sort `xs[0..n)`, distinct inspectors of one department, into task `t`'s candidate order, in place. */
  sort(t: number, xs: Int32Array, n: number): void {
    const p = this.p;
    if (n < 2) return;
    if (!this.packs) {
      const key = (i: number) => inspectorKey(p.insTicket[i]!, p.taskTicket[t]!);
      const sorted = Array.from(xs.subarray(0, n)).sort(
        (x, y) => key(x) - key(y) || this.deptPos[x]! - this.deptPos[y]!,
      );
      xs.set(sorted);
      return;
    }
    // (key, position in the department's pool) packed in one number, as in Candidates
    const hiT = Math.floor(p.taskTicket[t]! / 1048576);
    const packed = this.packed;
    for (let k = 0; k < n; k++) {
      const i = xs[k]!;
      packed[k] = fmix32(this.hi[i]! ^ hiT) * POS + this.deptPos[i]!;
    }
    const sorted = packed.subarray(0, n).sort();
    const pool = this.byDept[p.insDept[xs[0]!]!]!;
    for (let k = 0; k < n; k++) xs[k] = pool[sorted[k]! % POS]!;
  }
}

/** The eligible candidates of each slot in candidate order, whole (the reference the flow's partial orders equal). */
export class Candidates {
  // per slot; slots of one task with the same department and specialty share their list
  private readonly bySlot: (Int32Array | undefined)[];
  // hi32 of each inspector's ticket, and a scratch buffer for the packed sort keys
  private readonly hi: Float64Array;
  private readonly packed: Float64Array;
  private kept = 0;

  constructor(
    private readonly p: Prepared,
    private readonly byDept: readonly (readonly number[])[],
    private readonly elig: EligibilityTable,
  ) {
    this.bySlot = new Array(p.slotTask.length);
    this.hi = p.insTicket.map((x) => Math.floor(x / 1048576));
    this.packed = new Float64Array(byDept.reduce((m, d) => Math.max(m, d.length), 0));
  }

  /** The inspectors who fit slot `s` and may go to its task, in the task's candidate order. */
  of(s: number): Int32Array {
    let list = this.bySlot[s];
    if (list !== undefined) return list;
    const p = this.p;
    const t = p.slotTask[s]!;
    for (let s2 = p.taskSlots[t]!; s2 < s && list === undefined; s2++)
      if (p.slotDept[s2] === p.slotDept[s] && p.slotSpec[s2] === p.slotSpec[s]) list = this.bySlot[s2];
    if (list === undefined) {
      list = this.compute(s, t);
      // the lists are kept while they take little memory (16M entries, 64 MB); past that, recomputed
      if (this.kept + list.length > KEEP) return list;
      this.kept += list.length;
    }
    this.bySlot[s] = list;
    return list;
  }

  private compute(s: number, t: number): Int32Array {
    const p = this.p;
    const pool = this.byDept[p.slotDept[s]!] ?? [];
    const hiT = Math.floor(p.taskTicket[t]! / 1048576);
    if (pool.length >= POS) {
      const out = pool.filter((i) => slotFits(p, s, i) && this.elig.ok(t, i));
      const key = (i: number) => inspectorKey(p.insTicket[i]!, p.taskTicket[t]!);
      return Int32Array.from(out.sort((x, y) => key(x) - key(y)));
    }
    // inspectorKey, with hi32 of the inspectors' tickets computed once; (key, position in the pool) packed in one
    // number: a numeric sort gives the key order with ties in ticket order (the pool's), as a stable sort would
    const packed = this.packed;
    let n = 0;
    for (let k = 0; k < pool.length; k++) {
      const i = pool[k]!;
      if (slotFits(p, s, i) && this.elig.ok(t, i)) packed[n++] = fmix32(this.hi[i]! ^ hiT) * POS + k;
    }
    const sorted = packed.subarray(0, n).sort();
    const list = new Int32Array(n);
    for (let k = 0; k < n; k++) list[k] = pool[sorted[k]! % POS]!;
    return list;
  }
}

// The candidate order of a task: every inspector who fits a slot, ordered by the per-task key mixed from the
// inspector's and the task's tickets (inspectorKey in src/random/randomness.ts), ties in ticket order. Augmenting paths and the explanations scan
// candidates in this order; each task's list is computed once.
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

// positions in a pool are below 2^21: key × 2^21 + position stays an exact integer (below 2^53)
const POS = 2097152;
const KEEP = 1 << 24;

/** The eligible candidates of each slot in candidate order, computed when first asked for. */
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

// The candidate order of a task: every inspector who fits a slot, ordered by a per-task key mixed from the
// inspector's and the task's tickets (documented in the README). Augmenting paths and the explanations scan
// candidates in this order; each task's list is computed once.
import type { EligibilityTable } from "./eligibility-table.js";
import type { Prepared } from "./prepare.js";

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

/** The candidate order key of an inspector for a task (lower first): fmix32(hi32(T_inspector) XOR hi32(T_task)). */
export function candidateKey(inspectorTicket: number, taskTicket: number): number {
  return fmix32(Math.floor(inspectorTicket / 1048576) ^ Math.floor(taskTicket / 1048576));
}

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

/** The eligible candidates of each slot in candidate order, computed when first asked for. */
export class Candidates {
  // per task, per slot type (department, specialty or any) of its slots: a few lists per task
  private readonly lists = new Map<number, Int32Array>();
  private readonly types: number;

  constructor(
    private readonly p: Prepared,
    private readonly byDept: readonly (readonly number[])[],
    private readonly elig: EligibilityTable,
  ) {
    this.types = (p.depts.length + 1) * (p.specs.length + 1);
  }

  /** The inspectors who fit slot `s` and may go to its task, in the task's candidate order. */
  of(s: number): Int32Array {
    const p = this.p;
    const t = p.slotTask[s]!;
    const key = t * this.types + p.slotDept[s]! * (p.specs.length + 1) + p.slotSpec[s]! + 1;
    let list = this.lists.get(key);
    if (list === undefined) {
      const pool = this.byDept[p.slotDept[s]!] ?? [];
      const out: number[] = [];
      for (const i of pool) if (slotFits(p, s, i) && this.elig.ok(t, i)) out.push(i);
      const tt = p.taskTicket[t]!;
      const keys = new Map(out.map((i) => [i, candidateKey(p.insTicket[i]!, tt)]));
      // a stable sort by key: ties keep ticket order, as before
      out.sort((a, b) => keys.get(a)! - keys.get(b)!);
      list = Int32Array.from(out);
      this.lists.set(key, list);
    }
    return list;
  }
}

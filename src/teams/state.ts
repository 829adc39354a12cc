// The assignment being built: who fills each slot, each inspector's load in total and per day, and the team
// rules that look at the other members of a task (one member per task, one member per unit).
import type { Prepared } from "./prepare.js";

/** Assignment of inspectors to slots, with the loads kept in step. */
export class Assignment {
  /** Inspector of each slot, -1 when empty. */
  readonly assign: Int32Array;
  readonly load: Int32Array;
  /** Load of inspector `i` on day `d` at `i * days + d`. */
  readonly dayLoad: Int32Array;
  // Each inspector's slots, in the order they were filled: only the augmenting paths need them, so they are
  // made from the current assignment when first asked for (the greedy fills slots in index order) and kept
  // from then on.
  private slotsOf: Set<number>[] | undefined;

  constructor(
    private readonly p: Prepared,
    private readonly oneMemberPerUnit: boolean,
  ) {
    this.assign = new Int32Array(p.slotTask.length).fill(-1);
    this.load = new Int32Array(p.ins.length);
    this.dayLoad = new Int32Array(p.ins.length * p.days);
  }

  /** The slots inspector `i` fills, in the order they were filled. */
  slotsOfIns(i: number): Set<number> {
    if (this.slotsOf === undefined) {
      const made = Array.from({ length: this.p.ins.length }, () => new Set<number>());
      for (let s = 0; s < this.assign.length; s++) if (this.assign[s]! >= 0) made[this.assign[s]!]!.add(s);
      this.slotsOf = made;
    }
    return this.slotsOf[i]!;
  }

  /** The slot of task `t` (other than `except`) that inspector `i` fills, or -1. */
  inTask(t: number, i: number, except = -1): number {
    const { taskSlots } = this.p;
    for (let s = taskSlots[t]!; s < taskSlots[t + 1]!; s++)
      if (s !== except && this.assign[s] === i) return s;
    return -1;
  }

  /** True when one member per unit is required and another member of task `t` shares `i`'s unit. */
  unitClash(t: number, i: number, except: number): boolean {
    if (!this.oneMemberPerUnit) return false;
    const { taskSlots, ins } = this.p;
    const u = ins[i]!.unit;
    for (let s = taskSlots[t]!; s < taskSlots[t + 1]!; s++) {
      const j = this.assign[s]!;
      if (s !== except && j >= 0 && j !== i && ins[j]!.unit === u) return true;
    }
    return false;
  }

  /** Put inspector `i` into the (empty) slot `s`. */
  put(s: number, i: number): void {
    const t = this.p.slotTask[s]!;
    this.assign[s] = i;
    this.load[i]!++;
    this.dayLoad[i * this.p.days + this.p.taskDay[t]!]!++;
    if (this.slotsOf !== undefined) this.slotsOf[i]!.add(s);
  }

  /** Empty slot `s`. */
  take(s: number): void {
    const i = this.assign[s]!;
    const t = this.p.slotTask[s]!;
    this.assign[s] = -1;
    this.load[i]!--;
    this.dayLoad[i * this.p.days + this.p.taskDay[t]!]!--;
    if (this.slotsOf !== undefined) this.slotsOf[i]!.delete(s);
  }
}

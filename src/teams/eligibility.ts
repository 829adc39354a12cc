import { addDays } from "../model/dates.js";
import type { IdColumn } from "../model/packed.js";
import { type ConflictInput, ConflictTable, type HistoryInput, HistoryTable } from "../model/tables.js";
import type { Inspector } from "../model/types.js";

/** Why an inspector may not go to a visit; `""` when nothing prevents it (team-level rules are checked elsewhere). */
export type IneligibleReason =
  | ""
  | "role"
  | "certificate"
  | "unavailable"
  | "conflict"
  | "rotation"
  | "home-region";

/** Chinese words for each reason. */
export const INELIGIBLE_ZH: Readonly<Record<Exclude<IneligibleReason, "">, string>> = {
  role: "非执法人员（专家不计入人数）",
  certificate: "执法证无效或过期",
  unavailable: "当日不可用",
  conflict: "需回避（利害关系）",
  rotation: "近期检查过该对象（轮换回避）",
  "home-region": "属地回避",
};

/** Rules of individual eligibility (see {@link TeamRules}). */
export interface EligibilityRules {
  readonly rotationWithinDays?: number | undefined;
  readonly homeRegionPrefix?: number | undefined;
}

/**
 * Individual eligibility of an inspector for one visit: certified role, certificate valid on the visit date,
 * available that day, no conflict (回避) with the entity, not inspected it within the rotation window, and
 * (optionally) not from the entity's home region.
 */
export class Eligibility {
  private readonly conflictTable: ConflictTable;
  private readonly history: HistoryTable;
  private readonly rotationStart = new Map<string, string>();

  /**
   * @param conflicts the conflicts (a table is used as it is; records are put into one)
   * @param history the inspection history (likewise)
   */
  constructor(
    conflicts: ConflictInput,
    history: HistoryInput,
    private readonly rules: EligibilityRules = {},
  ) {
    this.conflictTable = ConflictTable.of(conflicts);
    this.history = HistoryTable.of(history);
  }

  /** The conflicts, in columns. */
  get conflicts(): ConflictTable {
    return this.conflictTable;
  }

  /** True when a conflict (回避) of `inspectorId` with `entityId` holds on `date`. */
  inConflict(inspectorId: string, entityId: string, date: string): boolean {
    const c = this.conflictTable;
    if (c.length === 0) return false;
    const i = c.inspectorIds.find(inspectorId);
    if (i < 0) return false;
    const byId = c.rowsById();
    // duplicates are kept: a conflict holds on a date when any of its records does
    for (let k = byId.first(entityId); k >= 0; k = byId.next(k)) {
      if (c.inspector[k] !== i) continue;
      const until = c.untilAt(k);
      if (until === undefined || date <= until) return true;
    }
    return false;
  }

  /**
   * The inspectors who visited `entityId` (interned in the history) and the last date of each, in order of
   * first appearance in the history.
   */
  private visits(entityId: string): { ids: number[]; last: string[] } | undefined {
    const ids: number[] = [];
    const last: string[] = [];
    return this.lastVisits(entityId, ids, last) ? { ids, last } : undefined;
  }

  /**
   * Fill `ids` and `last` (emptied first) with each inspector who visited `entityId` in the history, in order of
   * first appearance, and the date of their last visit; false when the entity has no history.
   */
  private lastVisits(entityId: string, ids: number[], last: string[]): boolean {
    ids.length = 0;
    last.length = 0;
    const h = this.history;
    if (h.length === 0) return false;
    const byId = h.rowsById();
    const first = byId.first(entityId);
    if (first < 0) return false;
    for (let k = first; k >= 0; k = byId.next(k)) {
      const d = h.dates.values[h.date[k]!]!;
      for (let j = h.inspectorStart(k); j < h.inspectorEnd(k); j++) {
        const i = h.inspectors[j]!;
        const at = ids.indexOf(i);
        if (at < 0) {
          ids.push(i);
          last.push(d);
        } else if (last[at]! < d) last[at] = d;
      }
    }
    return true;
  }

  /** Reasons that depend only on the inspector and the date: role, certificate, availability. */
  personalReason(ins: Inspector, date: string): IneligibleReason {
    if (ins.role !== "inspector") return "role";
    if (ins.certificateExpiresOn === undefined || ins.certificateExpiresOn < date) return "certificate";
    // ISO dates compare correctly as strings
    for (const r of ins.unavailable) if (date >= r.from && date <= r.to) return "unavailable";
    return "";
  }

  /** Ids of inspectors kept from `entityId` on `date` by the rotation rule alone. */
  rotationBlockedFor(entityId: string, date: string): string[] {
    const out: string[] = [];
    const names = this.history.inspectorIds.values;
    this.eachRotationBlocked(entityId, date, (i) => out.push(names[i]!));
    return out;
  }

  /** True when the rotation rule applies (and {@link Eligibility.eachRotationBlocked} may block someone). */
  get rotates(): boolean {
    return this.rules.rotationWithinDays !== undefined && this.history.length > 0;
  }

  /** The entity id of each row of the history. */
  get historyEntities(): IdColumn {
    return this.history.entities;
  }

  /** The inspector ids of the history, by the number {@link Eligibility.eachRotationBlocked} gives. */
  get historyInspectorIds(): readonly string[] {
    return this.history.inspectorIds.values;
  }

  // scratch lists of eachRotationBlocked: the inspectors (numbered in the history) and the last date of each
  private readonly seenIns: number[] = [];
  private readonly seenLast: string[] = [];

  /**
   * Call `blocked` with each inspector (numbered in the history: {@link Eligibility.historyInspectorIds}) kept
   * from `entityId` on `date` by the rotation rule alone, in order of first appearance in the history (what
   * {@link Eligibility.rotationBlockedFor} lists, without making a list per visit).
   */
  eachRotationBlocked(entityId: string, date: string, blocked: (inspector: number) => void): void {
    if (this.rules.rotationWithinDays === undefined) return;
    // the last visit of each inspector, as visits() finds it, into arrays reused from visit to visit
    const ids = this.seenIns;
    const last = this.seenLast;
    if (!this.lastVisits(entityId, ids, last)) return;
    const start = this.startOfRotation(date, this.rules.rotationWithinDays);
    for (let k = 0; k < ids.length; k++) {
      const l = last[k]!;
      if (l >= start && l <= date) blocked(ids[k]!);
    }
  }

  /** The first day of the rotation window that ends on `date` (few distinct visit dates: each computed once). */
  private startOfRotation(date: string, days: number): string {
    let start = this.rotationStart.get(date);
    if (start === undefined) {
      start = addDays(date, -days);
      this.rotationStart.set(date, start);
    }
    return start;
  }

  /** The first reason that keeps `ins` from visiting `entityId` (region `region`) on `date`, or `""`. */
  reason(ins: Inspector, entityId: string, region: string, date: string): IneligibleReason {
    const personal = this.personalReason(ins, date);
    if (personal !== "") return personal;
    if (this.inConflict(ins.id, entityId, date)) return "conflict";
    if (this.rules.rotationWithinDays !== undefined) {
      const v = this.visits(entityId);
      const at = v === undefined ? -1 : v.ids.indexOf(this.history.inspectorIds.find(ins.id));
      const last = at < 0 ? undefined : v!.last[at];
      if (last !== undefined && last <= date) {
        if (last >= this.startOfRotation(date, this.rules.rotationWithinDays)) return "rotation";
      }
    }
    const n = this.rules.homeRegionPrefix;
    if (n !== undefined && ins.region.slice(0, n) === region.slice(0, n)) return "home-region";
    return "";
  }
}

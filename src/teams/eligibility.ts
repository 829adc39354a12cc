import { addDays } from "../model/dates.js";
import type { Conflict, HistoryRecord, Inspector } from "../model/types.js";

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
  // entity → parallel arrays of inspector ids and `until` dates (a handful per entity: a scan beats a Map);
  // built on first use (staffing indexes the conflicts of its own tasks directly)
  private conflictIndex: Map<string, { ids: string[]; until: (string | undefined)[] }> | undefined;
  private readonly visited = new Map<string, Map<string, string>>();
  private readonly rotationStart = new Map<string, string>();

  constructor(
    private readonly conflictRecords: readonly Conflict[],
    history: readonly HistoryRecord[],
    private readonly rules: EligibilityRules = {},
  ) {
    if (rules.rotationWithinDays !== undefined) {
      for (const h of history) {
        const m = this.visited.get(h.entityId) ?? new Map<string, string>();
        for (const i of h.inspectorIds) if ((m.get(i) ?? "") < h.inspectedOn) m.set(i, h.inspectedOn);
        this.visited.set(h.entityId, m);
      }
    }
  }

  private get conflicts(): Map<string, { ids: string[]; until: (string | undefined)[] }> {
    if (this.conflictIndex === undefined) {
      const index = new Map<string, { ids: string[]; until: (string | undefined)[] }>();
      for (const c of this.conflictRecords) {
        let m = index.get(c.entityId);
        if (!m) {
          m = { ids: [], until: [] };
          index.set(c.entityId, m);
        }
        // duplicates are kept: a conflict holds on a date when any of its records does
        m.ids.push(c.inspectorId);
        m.until.push(c.until);
      }
      this.conflictIndex = index;
    }
    return this.conflictIndex;
  }

  /** True when a conflict (回避) of `inspectorId` with `entityId` holds on `date`. */
  inConflict(inspectorId: string, entityId: string, date: string): boolean {
    const c = this.conflicts.get(entityId);
    if (!c) return false;
    for (let k = 0; k < c.ids.length; k++) {
      if (c.ids[k] !== inspectorId) continue;
      const until = c.until[k];
      if (until === undefined || date <= until) return true;
    }
    return false;
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
    const v = this.visited.get(entityId);
    if (!v || this.rules.rotationWithinDays === undefined) return [];
    const out: string[] = [];
    const start = this.startOfRotation(date, this.rules.rotationWithinDays);
    for (const [id, last] of v) if (last >= start && last <= date) out.push(id);
    return out;
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
      const last = this.visited.get(entityId)?.get(ins.id);
      if (last !== undefined && last <= date) {
        if (last >= this.startOfRotation(date, this.rules.rotationWithinDays)) return "rotation";
      }
    }
    const n = this.rules.homeRegionPrefix;
    if (n !== undefined && ins.region.slice(0, n) === region.slice(0, n)) return "home-region";
    return "";
  }
}

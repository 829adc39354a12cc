import { addDays, toDayNumber } from "../model/dates.js";
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
  private readonly conflicts = new Map<string, Map<string, string | undefined>>();
  private readonly visited = new Map<string, Map<string, string>>();

  constructor(
    conflicts: readonly Conflict[],
    history: readonly HistoryRecord[],
    private readonly rules: EligibilityRules = {},
  ) {
    for (const c of conflicts) {
      const m = this.conflicts.get(c.entityId) ?? new Map<string, string | undefined>();
      const prev = m.get(c.inspectorId);
      // keep the longest-lasting conflict (open-ended wins)
      if (!m.has(c.inspectorId) || (prev !== undefined && (c.until === undefined || c.until > prev))) {
        m.set(c.inspectorId, c.until);
      }
      this.conflicts.set(c.entityId, m);
    }
    if (rules.rotationWithinDays !== undefined) {
      for (const h of history) {
        const m = this.visited.get(h.entityId) ?? new Map<string, string>();
        for (const i of h.inspectorIds) if ((m.get(i) ?? "") < h.inspectedOn) m.set(i, h.inspectedOn);
        this.visited.set(h.entityId, m);
      }
    }
  }

  /** True when a conflict (回避) of `inspectorId` with `entityId` holds on `date`. */
  inConflict(inspectorId: string, entityId: string, date: string): boolean {
    const c = this.conflicts.get(entityId);
    if (!c?.has(inspectorId)) return false;
    const until = c.get(inspectorId);
    return until === undefined || date <= until;
  }

  /** The first reason that keeps `ins` from visiting `entityId` (region `region`) on `date`, or `""`. */
  reason(ins: Inspector, entityId: string, region: string, date: string): IneligibleReason {
    if (ins.role !== "inspector") return "role";
    if (ins.certificateExpiresOn === undefined || ins.certificateExpiresOn < date) return "certificate";
    const day = toDayNumber(date);
    for (const r of ins.unavailable)
      if (day >= toDayNumber(r.from) && day <= toDayNumber(r.to)) return "unavailable";
    if (this.inConflict(ins.id, entityId, date)) return "conflict";
    if (this.rules.rotationWithinDays !== undefined) {
      const last = this.visited.get(entityId)?.get(ins.id);
      if (last !== undefined && last >= addDays(date, -this.rules.rotationWithinDays) && last <= date)
        return "rotation";
    }
    const n = this.rules.homeRegionPrefix;
    if (n !== undefined && ins.region.slice(0, n) === region.slice(0, n)) return "home-region";
    return "";
  }
}

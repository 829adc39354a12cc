// Team rules and their defaults, in one place: staffing, the joint composition and replacements read them here.
import type { Inspector } from "../model/types.js";

/** Version of the team rules and staffing algorithm, recorded in the plan (`teamsAlgorithm`); see README. */
export const TEAMS_ALGORITHM_VERSION = "double-random/teams@2";

/** Team rules (defaults in {@link TEAM_DEFAULTS}). */
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
  /** Joint inspections (联合抽查): certified members each department sends to every team [2 each]. */
  readonly departments?: Readonly<Record<string, number>> | undefined;
  /**
   * Joint inspections: departments allowed to send a single inspector, each with the stated reason (recorded
   * in the plan and stated in the notice). Without an entry here a department sends at least two.
   */
  readonly singleInspectorDepartments?: Readonly<Record<string, string>> | undefined;
  /** Experts added on top of the certified members (when items ask for them) [0]. */
  readonly experts?: number | undefined;
}

/**
 * Defaults of the team rules: two certified members per team and per department of a joint team (企业公示信息
 * 抽查办法 第9条; 行政处罚法 第42条), 20 tasks per inspector.
 */
export const TEAM_DEFAULTS = Object.freeze({ size: 2, maxTasksPerInspector: 20, membersPerDepartment: 2 });

/** The minimum number of certified members of a team. */
export function teamSize(rules: TeamRules): number {
  return rules.size ?? TEAM_DEFAULTS.size;
}

/** The task cap of an inspector: the rules' cap [20], or the inspector's own lower `maxTasks`. */
export function inspectorTaskCap(rules: TeamRules, ins: Pick<Inspector, "maxTasks">): number {
  const cap = rules.maxTasksPerInspector ?? TEAM_DEFAULTS.maxTasksPerInspector;
  return Math.min(cap, ins.maxTasks ?? cap);
}

/** The cap on visits per inspector per day (unlimited: `Number.MAX_SAFE_INTEGER`). */
export function dailyTaskCap(rules: TeamRules): number {
  return rules.maxTasksPerInspectorPerDay ?? Number.MAX_SAFE_INTEGER;
}

/**
 * Certified members `department` sends to each joint team: `departments[d]`, else one when the department is
 * listed in `singleInspectorDepartments`, else two. `lawful` is false when fewer than two are asked without
 * that listing (the staffing then takes two and reports it).
 */
export function departmentQuota(rules: TeamRules, department: string): { quota: number; lawful: boolean } {
  const single = rules.singleInspectorDepartments?.[department] !== undefined;
  const asked = rules.departments?.[department] ?? (single ? 1 : TEAM_DEFAULTS.membersPerDepartment);
  if (asked >= TEAM_DEFAULTS.membersPerDepartment || single) return { quota: asked, lawful: true };
  return { quota: TEAM_DEFAULTS.membersPerDepartment, lawful: false };
}

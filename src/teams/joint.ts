// Joint inspections (联合抽查): which departments take part and how many certified inspectors each sends to
// every team. The plan records it, so the notice can state it.
import type { Item } from "../model/types.js";
import { departmentQuota, type TeamRules } from "./rules.js";

/** The composition of a joint team, as the plan records it. */
export interface JointComposition {
  /** 发起部门: the task's department. */
  readonly initiator: string;
  /** 参与部门: the other departments whose items the task inspects, in the order of the task's items. */
  readonly participants: readonly string[];
  /** Certified inspectors each department sends to every team. */
  readonly membersPerDepartment: Readonly<Record<string, number>>;
  /** Departments that send a single inspector, with the task's stated reason. */
  readonly singleInspectorDepartments?: Readonly<Record<string, string>>;
}

/**
 * The joint composition of a task, or `undefined` when its items belong to one department (not joint).
 * @example jointComposition({ department: "市场监管局", items: ["GS", "AQ"] }, items)?.membersPerDepartment
 * // { 市场监管局: 2, 应急管理局: 2 }
 */
export function jointComposition(
  task: {
    readonly department: string;
    readonly items: readonly string[];
    readonly teams?: TeamRules | undefined;
  },
  items: readonly Item[],
): JointComposition | undefined {
  const byId = new Map(items.map((i) => [i.id, i]));
  const depts: string[] = [];
  for (const id of task.items) {
    const d = byId.get(id)?.department;
    if (d !== undefined && !depts.includes(d)) depts.push(d);
  }
  if (depts.length < 2) return undefined;
  const rules = task.teams ?? {};
  const membersPerDepartment: Record<string, number> = {};
  const single: Record<string, string> = {};
  for (const d of depts) {
    const q = departmentQuota(rules, d).quota;
    membersPerDepartment[d] = q;
    const why = rules.singleInspectorDepartments?.[d];
    if (q < 2 && why !== undefined) single[d] = why;
  }
  return {
    initiator: task.department,
    participants: depts.filter((d) => d !== task.department),
    membersPerDepartment,
    ...(Object.keys(single).length > 0 ? { singleInspectorDepartments: single } : {}),
  };
}

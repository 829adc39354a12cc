// The staffing problem in arrays: certified inspectors and tasks in ticket order, visit days, and each task's
// places (slots). A slot names a department (joint inspections take a quota from each department) and
// optionally a specialty (one slot per required specialty).
import { toDayNumber } from "../model/dates.js";
import type { Inspector, Item } from "../model/types.js";
import { ticketOrder } from "../random/order.js";
import type { Randomness } from "../random/randomness.js";
import { type Issue, issue } from "../util/issue.js";
import { departmentQuota, inspectorTaskCap, type TeamRules, teamSize } from "./rules.js";

/** A visit to staff, as prepare needs it (the same shape as staff.ts's `TaskToStaff`). */
export interface TaskToStaff {
  readonly entityId: string;
  readonly region: string;
  readonly date: string;
  readonly itemIds: readonly string[];
}

/**
 * The tasks in columns, by position in the input (`at`): what staffing reads of them, without an object per task
 * (at scale a million objects cost the garbage collector more than the columns).
 */
export interface TaskColumns {
  readonly entityIds: readonly string[];
  /** The entity's 6-digit region of each task (for the home-region rule). */
  readonly regions: readonly string[];
  /** Visit date (`YYYY-MM-DD`) of each task. */
  readonly dates: readonly string[];
  /** The items of task `at`. */
  readonly itemIds: (at: number) => readonly string[];
}

/** The columns of tasks given as objects. */
export function taskColumns(tasks: readonly TaskToStaff[]): TaskColumns {
  return {
    entityIds: tasks.map((t) => t.entityId),
    regions: tasks.map((t) => t.region),
    dates: tasks.map((t) => t.date),
    itemIds: (at) => tasks[at]!.itemIds,
  };
}

/** The staffing problem in arrays (indices: inspectors `i`, tasks `t`, slots `s`, days `d`). */
export interface Prepared {
  /** Certified inspectors in ticket order. */
  readonly ins: readonly Inspector[];
  readonly insTicket: Float64Array;
  readonly insDept: Int32Array;
  readonly insSpecs: readonly Set<number>[];
  /** Task cap of each inspector. */
  readonly cap: Int32Array;
  /** The tasks as given. */
  readonly input: TaskColumns;
  /** The entity id of each task, in the input's order (`input.entityIds`). */
  readonly entityIds: readonly string[];
  /** The index in `input` of each task in ticket order (task `t` is `input[taskAt[t]]`). */
  readonly taskAt: Uint32Array;
  /** The inverse of `taskAt`: the ticket position `t` of `input[at]`. */
  readonly taskOf: Uint32Array;
  readonly taskTicket: Float64Array;
  readonly slotTask: Int32Array;
  readonly slotDept: Int32Array;
  readonly slotSpec: Int32Array;
  /** Start index of each task's slots; length tasks+1. */
  readonly taskSlots: Int32Array;
  readonly depts: readonly string[];
  readonly specs: readonly string[];
  /** Day of each task, counted from `day0`. */
  readonly taskDay: Int32Array;
  readonly day0: number;
  readonly days: number;
}

/** The index of `key` in `m`, adding it at the end when new. */
export function indexOf(m: Map<string, number>, key: string): number {
  let v = m.get(key);
  if (v === undefined) {
    v = m.size;
    m.set(key, v);
  }
  return v;
}

interface Template {
  readonly dept: number[];
  readonly spec: number[];
}

/**
 * Lay out the staffing problem: inspectors ordered by their ticket (scope `inspectors`), tasks by theirs
 * (`team`), and the places of each task from its items. Joint quotas below two that the rules
 * do not allow are raised to two and reported in `issues`.
 */
export function prepare(
  random: Randomness,
  input: TaskColumns,
  inspectors: readonly Inspector[],
  items: readonly Item[],
  rules: TeamRules,
  issues: Issue[],
): Prepared {
  const size = teamSize(rules);
  const itemById = new Map(items.map((i) => [i.id, i]));

  // inspectors: certified members only (experts are added on top later), ordered by their ticket
  const insMachine = random.inspectors;
  const certified = inspectors.filter((i) => i.role === "inspector");
  const withT = certified.map((i) => ({ i, t: insMachine.value(i.id) }));
  withT.sort((a, b) => a.t - b.t || (a.i.id < b.i.id ? -1 : 1));
  const ins = withT.map((x) => x.i);
  const insTicket = Float64Array.from(withT.map((x) => x.t));
  const cap = Int32Array.from(ins.map((i) => inspectorTaskCap(rules, i)));

  const deptIdx = new Map<string, number>();
  const specIdx = new Map<string, number>();
  const dId = (d: string) => indexOf(deptIdx, d);
  const sId = (s: string) => indexOf(specIdx, s);
  const insDept = Int32Array.from(ins.map((i) => dId(i.department)));
  const insSpecs = ins.map((i) => new Set(i.specialties.map(sId)));

  // The places of a task depend only on its items: computed once per distinct item list.
  const templates = new Map<string, Template>();
  const unlawful = new Set<string>();
  const itemDepts = new Set<string>(); // departments of the items of some task
  // tasks usually share one item list (the same array, or equal ones): the last one is remembered
  let lastItems: readonly string[] | undefined;
  let lastTpl: Template | undefined;
  const templateOf = (itemIds: readonly string[]): Template => {
    if (itemIds === lastItems) return lastTpl!;
    const key = itemIds.length === 1 ? itemIds[0]! : itemIds.join("\u0000");
    let tpl = templates.get(key);
    if (tpl === undefined) {
      tpl = makeTemplate(itemIds);
      templates.set(key, tpl);
    }
    lastItems = itemIds;
    lastTpl = tpl;
    return tpl;
  };
  const makeTemplate = (itemIds: readonly string[]): Template => {
    const tpl: Template = { dept: [], spec: [] };
    const byDept = new Map<string, Set<string>>();
    for (const id of itemIds) {
      const it = itemById.get(id);
      if (!it) continue;
      const s = byDept.get(it.department) ?? new Set<string>();
      for (const sp of it.specialties) s.add(sp);
      byDept.set(it.department, s);
    }
    const deptList = [...byDept.keys()];
    for (const d of deptList) itemDepts.add(d);
    let total = 0;
    deptList.forEach((d, di) => {
      const specs = [...byDept.get(d)!].sort();
      let quota: number;
      if (deptList.length > 1) {
        const q = departmentQuota(rules, d);
        if (!q.lawful) unlawful.add(d);
        quota = q.quota;
      } else quota = Math.max(size, rules.departments?.[d] ?? 0);
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
    return tpl;
  };
  // The tasks are read once, in the input's order (at scale, reading them in ticket order jumps all over the
  // heap): what is needed of them goes into typed arrays, then into ticket order.
  const { entityIds, dates } = input;
  const nT = entityIds.length;
  const dayOf = new Map<string, number>(); // few distinct visit dates
  const dayAt = new Int32Array(nT); // the day number of each task, in the input's order
  const tplAt: Template[] = new Array(nT);
  let day0 = Number.POSITIVE_INFINITY;
  let dayN = Number.NEGATIVE_INFINITY;
  let lastDate: string | undefined;
  let lastDay = 0;
  for (let at = 0; at < nT; at++) {
    const date = dates[at]!;
    if (date !== lastDate) {
      let d = dayOf.get(date);
      if (d === undefined) {
        d = toDayNumber(date);
        dayOf.set(date, d);
      }
      lastDate = date;
      lastDay = d;
      if (d < day0) day0 = d;
      if (d > dayN) dayN = d;
    }
    dayAt[at] = lastDay;
    tplAt[at] = templateOf(input.itemIds(at));
  }
  if (nT === 0) day0 = dayN = 0;
  const days = dayN - day0 + 1;

  // tasks, in ticket order
  const rawTicket = random.team.values(entityIds);
  const tieById = (a: number, b: number) => {
    const x = entityIds[a]!;
    const y = entityIds[b]!;
    return x < y ? -1 : x > y ? 1 : a - b;
  };
  const order = ticketOrder(rawTicket, tieById);
  const taskTicket = new Float64Array(nT);
  const taskDay = new Int32Array(nT);
  const taskOf = new Uint32Array(nT);
  // each task's places, counted first, then written straight into typed arrays
  let nS = 0;
  for (let t = 0; t < nT; t++) {
    const at = order[t]!;
    taskTicket[t] = rawTicket[at]!;
    taskDay[t] = dayAt[at]! - day0;
    taskOf[at] = t;
    nS += tplAt[at]!.dept.length;
  }
  const taskSlots = new Int32Array(nT + 1);
  const slotTask = new Int32Array(nS);
  const slotDept = new Int32Array(nS);
  const slotSpec = new Int32Array(nS);
  for (let t = 0, s = 0; t < nT; t++) {
    taskSlots[t] = s;
    const tpl = tplAt[order[t]!]!;
    for (let k = 0; k < tpl.dept.length; k++, s++) {
      slotTask[s] = t;
      slotDept[s] = tpl.dept[k]!;
      slotSpec[s] = tpl.spec[k]!;
    }
  }
  taskSlots[nT] = nS;
  // a department named in the rules but in no task's items is a slip (a misspelt name would leave the default)
  const named = new Set([
    ...Object.keys(rules.departments ?? {}),
    ...Object.keys(rules.singleInspectorDepartments ?? {}),
  ]);
  for (const d of [...named].sort()) {
    if (itemDepts.has(d) || nT === 0) continue;
    issues.push(
      issue(
        "team-department-unused",
        `teams 中的部门“${d}”不是本任务任何检查事项的实施部门，其人数设定未被采用`,
        { key: "teams.departments" },
        "warning",
      ),
    );
  }
  for (const d of [...unlawful].sort()) {
    issues.push(
      issue(
        "joint-quota",
        `联合抽查中${d}每个检查组至少应派出两名执法人员（企业公示信息抽查办法 第9条）；` +
          `如只派一名，须在 teams.singleInspectorDepartments 中写明理由。本次按两名配备`,
        { key: "teams.departments" },
        "error",
      ),
    );
  }
  return {
    ins,
    insTicket,
    insDept,
    insSpecs,
    cap,
    input,
    entityIds,
    taskAt: order,
    taskOf,
    taskTicket,
    slotTask,
    slotDept,
    slotSpec,
    taskSlots,
    depts: [...deptIdx.keys()],
    specs: [...specIdx.keys()],
    taskDay,
    day0,
    days,
  };
}

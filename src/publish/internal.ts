import type { Plan } from "../plan/schema.js";
import { formatXi, isPps } from "./cutoffs.js";
import { KIND_ZH } from "./labels.js";
import { formatProbability, reasonLabel } from "./names.js";
import { planIndex } from "./plan-index.js";

export { recordSheetPieces } from "./record-sheets.js";

/** Header of the internal list of selected entities (internal/selected.csv and the internal workbook). */
export function internalSelectedHeader(plan: Plan): string[] {
  return [
    "序号",
    "统一社会信用代码",
    "名称",
    "主体类型",
    "行政区划代码",
    "信用风险分类",
    "层",
    "抽取方式",
    "抽取号",
    isPps(plan) ? "近似入样概率（λ）" : "入样概率",
    ...(isPps(plan) ? ["排序键 ξ"] : []),
    "检查日期",
    "检查人员（执法证号）",
    "结果公示截止日",
  ];
}

/** The internal list of selected entities: everything the bureau needs, names unmasked. */
export function* internalSelectedRows(plan: Plan): Generator<string[]> {
  const ix = planIndex(plan);
  // each person's label made once (a provincial plan names the same inspectors tens of thousands of times)
  const labels = new Map<string, string>();
  const label = (id: string, expert: boolean) => {
    const key = expert ? `\u0000${id}` : id;
    let l = labels.get(key);
    if (l === undefined) {
      const i = ix.inspectors.get(id);
      l = !i ? id : expert ? `${i.name}（专家）` : `${i.name}（${i.certificateNo}）`;
      labels.set(key, l);
    }
    return l;
  };
  const probability = memo(formatProbability);
  const pps = isPps(plan);
  const selected = plan.selected;
  for (let k = 0; k < selected.length; k++) {
    const s = selected[k]!;
    const t = ix.assignmentOfSelected[k];
    let people = "";
    if (t !== undefined) {
      for (const id of t.inspectorIds)
        people = people === "" ? label(id, false) : `${people}、${label(id, false)}`;
      for (const id of t.expertIds)
        people = people === "" ? label(id, true) : `${people}、${label(id, true)}`;
    }
    const w = ix.visitOfSelected[k];
    const row = [
      String(k + 1),
      s.entityId,
      s.name,
      KIND_ZH[s.kind] ?? s.kind,
      s.region,
      s.riskClass,
      s.stratum,
      reasonLabel(s.reason, s.takeAll === true),
      s.ticket,
      probability(s.inclusionProbability),
    ];
    if (pps) row.push(s.xi === undefined ? "" : formatXi(s.xi));
    row.push(w?.date ?? "", people || "（未配齐）", w?.publishBy ?? "");
    yield row;
  }
}

/** A one-argument function remembering its last few hundred results (for values that repeat down a list). */
function memo<V, R>(f: (v: V) => R): (v: V) => R {
  const seen = new Map<V, R>();
  return (v) => {
    let r = seen.get(v);
    if (r === undefined) {
      r = f(v);
      if (seen.size >= 256) seen.clear();
      seen.set(v, r);
    }
    return r;
  };
}

/** Header and rows of the team list (one row per member). */
export const TEAM_HEADER = [
  "统一社会信用代码",
  "名称",
  "检查日期",
  "人员编号",
  "姓名",
  "执法证号",
  "所属部门",
  "角色",
];

/** The team list: one row per team member, with name and 执法证号. */
export function* teamRows(plan: Plan): Generator<string[]> {
  const ix = planIndex(plan);
  // the columns of each person made once
  const people = new Map<string, [string, string, string, string]>();
  const person = (id: string) => {
    let p = people.get(id);
    if (p === undefined) {
      const i = ix.inspectors.get(id);
      const expert = i?.role === "expert";
      p = [
        i?.name ?? "",
        expert ? "" : (i?.certificateNo ?? ""),
        i?.department ?? "",
        expert ? "专家" : "执法人员",
      ];
      people.set(id, p);
    }
    return p;
  };
  const assignments = plan.assignments;
  for (let k = 0; k < assignments.length; k++) {
    const a = assignments[k]!;
    const shown = ix.selectedOfAssignment[k]?.name ?? "";
    const date = ix.visitOfAssignment[k]?.date ?? "";
    for (const ids of [a.inspectorIds, a.expertIds])
      for (const id of ids) {
        const p = person(id);
        yield [a.entityId, shown, date, id, p[0], p[1], p[2], p[3]];
      }
  }
}

/** Header of the schedule list. */
export const SCHEDULE_HEADER = ["统一社会信用代码", "名称", "检查日期", "结果公示截止日"];

/** The schedule: visit date and 公示 deadline per entity. */
export function* scheduleRows(plan: Plan): Generator<string[]> {
  const ix = planIndex(plan);
  const schedule = plan.schedule;
  for (let k = 0; k < schedule.length; k++) {
    const s = schedule[k]!;
    yield [s.entityId, ix.selectedOfVisit[k]?.name ?? "", s.date, s.publishBy];
  }
}

/** Header of the reserve list. */
export function reserveHeader(plan: Plan): string[] {
  return [
    "层",
    "顺位",
    "统一社会信用代码",
    "名称",
    "信用风险分类",
    "抽取号",
    ...(isPps(plan) ? ["排序键 ξ"] : []),
  ];
}

/** The ordered reserve (递补名单) per stratum. */
export function* reserveRows(plan: Plan): Generator<string[]> {
  const pps = isPps(plan);
  for (const r of plan.reserve)
    yield [
      r.stratum,
      String(r.rank),
      r.entityId,
      r.name,
      r.riskClass,
      r.ticket,
      ...(pps ? [r.xi === undefined ? "" : formatXi(r.xi)] : []),
    ];
}

/** Header of the replacement (递补/回避) record. */
export const REPLACEMENT_HEADER = ["类型", "统一社会信用代码", "原对象/人员", "递补为", "事由", "日期"];

/** Every replacement with its private reason (回避事由 stays internal). */
export function* replacementRows(plan: Plan): Generator<string[]> {
  const ins = new Map(plan.inspectors.map((i) => [i.id, i]));
  for (const r of plan.replacements) {
    const person = (id: string | undefined) =>
      id === undefined ? "" : `${ins.get(id)?.name ?? ""}（${id}）`;
    yield r.type === "entity"
      ? ["检查对象", r.entityId, r.entityName ?? r.entityId, r.replacedBy, r.reason, r.date ?? ""]
      : ["检查人员", r.entityId, person(r.inspectorId), person(r.replacedBy), r.reason, r.date ?? ""];
  }
}

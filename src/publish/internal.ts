import type { Plan } from "../plan/schema.js";
import { formatXi, isPps } from "./cutoffs.js";
import { KIND_ZH } from "./labels.js";
import { formatProbability, reasonLabel } from "./names.js";

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
  const team = new Map(plan.assignments.map((a) => [a.entityId, a]));
  const when = new Map(plan.schedule.map((s) => [s.entityId, s]));
  const ins = new Map(plan.inspectors.map((i) => [i.id, i]));
  const label = (id: string, expert: boolean) => {
    const i = ins.get(id);
    if (!i) return id;
    return expert ? `${i.name}（专家）` : `${i.name}（${i.certificateNo}）`;
  };
  const pps = isPps(plan);
  let k = 0;
  for (const s of plan.selected) {
    const t = team.get(s.entityId);
    const people = [
      ...(t?.inspectorIds ?? []).map((id) => label(id, false)),
      ...(t?.expertIds ?? []).map((id) => label(id, true)),
    ].join("、");
    const w = when.get(s.entityId);
    yield [
      String(++k),
      s.entityId,
      s.name,
      KIND_ZH[s.kind] ?? s.kind,
      s.region,
      s.riskClass,
      s.stratum,
      reasonLabel(s.reason, s.takeAll === true),
      s.ticket,
      formatProbability(s.inclusionProbability),
      ...(pps ? [s.xi === undefined ? "" : formatXi(s.xi)] : []),
      w?.date ?? "",
      people || "（未配齐）",
      w?.publishBy ?? "",
    ];
  }
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
  const ins = new Map(plan.inspectors.map((i) => [i.id, i]));
  const sel = new Map(plan.selected.map((s) => [s.entityId, s]));
  const when = new Map(plan.schedule.map((s) => [s.entityId, s]));
  for (const a of plan.assignments) {
    const shown = sel.get(a.entityId)?.name ?? "";
    const date = when.get(a.entityId)?.date ?? "";
    for (const ids of [a.inspectorIds, a.expertIds])
      for (const id of ids) {
        const i = ins.get(id);
        const expert = i?.role === "expert";
        yield [
          a.entityId,
          shown,
          date,
          id,
          i?.name ?? "",
          expert ? "" : (i?.certificateNo ?? ""),
          i?.department ?? "",
          expert ? "专家" : "执法人员",
        ];
      }
  }
}

/** Header of the schedule list. */
export const SCHEDULE_HEADER = ["统一社会信用代码", "名称", "检查日期", "结果公示截止日"];

/** The schedule: visit date and 公示 deadline per entity. */
export function* scheduleRows(plan: Plan): Generator<string[]> {
  const sel = new Map(plan.selected.map((s) => [s.entityId, s]));
  for (const s of plan.schedule) yield [s.entityId, sel.get(s.entityId)?.name ?? "", s.date, s.publishBy];
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

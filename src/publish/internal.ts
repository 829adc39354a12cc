import { DEFAULT_RESULT_CATEGORIES } from "../model/schemas.js";
import type { Plan } from "../plan/schema.js";
import { formatXi, isPps } from "./cutoffs.js";
import { KIND_ZH, riskClassLabel, stratumLabel } from "./labels.js";
import { escapeHtml, formatProbability, reasonLabel } from "./names.js";

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

const SHEET_CSS = `@page{size:A4;margin:15mm}
body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC","SimSun",serif;font-size:10.5pt;color:#000;margin:0}
.sheet{break-after:page;max-width:180mm;margin:0 auto}.sheet:last-child{break-after:auto}
h1{text-align:center;font-size:16pt;margin:0 0 2mm}.sub{text-align:center;margin:0 0 3mm;font-size:9.5pt}
table{border-collapse:collapse;width:100%;margin:1.5mm 0}th,td{border:1px solid #000;padding:1mm 1.5mm;vertical-align:top;text-align:left}
th{width:24mm;white-space:nowrap;background:#f2f2f2}.nw{white-space:nowrap}.box{display:inline-block;margin-right:4mm;white-space:nowrap}
.blank{height:22mm}.sig td{height:12mm}p{margin:1mm 0}`;

/**
 * The printable 检查记录表: one A4 page per visit with the entity (name, code, address and legal
 * representative when known), the items, the team with 执法证号, experts, the 回避 notice, the result categories
 * as check boxes, and signature and date lines.
 */
export function* recordSheetPieces(plan: Plan): Generator<string> {
  const e = escapeHtml;
  const ins = new Map(plan.inspectors.map((i) => [i.id, i]));
  const sel = new Map(plan.selected.map((s) => [s.entityId, s]));
  const when = new Map(plan.schedule.map((s) => [s.entityId, s]));
  const cats = plan.task.publication?.resultCategories ?? DEFAULT_RESULT_CATEGORIES;
  const items = plan.items
    .map(
      (i) =>
        `<tr><td>${e(i.name)}</td><td>${e(i.basis)}</td><td>${e(i.content ?? "")}</td><td>${e((i.method ?? "").replaceAll(";", "、"))}</td><td>${e(i.department)}</td></tr>`,
    )
    .join("");
  // the parts every sheet shares, made once (a provincial plan prints tens of thousands of sheets)
  const itemsTable = `<table><thead><tr><th>抽查事项</th><th>抽查依据</th><th>抽查内容</th><th>检查方式</th><th>实施部门</th></tr></thead><tbody>${items}</tbody></table>`;
  const tail = `<p><b>回避告知：</b>检查人员已出示执法证件，并告知被检查对象：检查人员与被检查对象有直接利害关系或者其他关系可能影响公正检查的，应当回避；被检查对象认为检查人员应当回避的，有权申请回避。是否申请回避：<span class="box">□ 否</span><span class="box">□ 是（理由：　　　　　　）</span></p>
<p><b>检查结果（可多选）：</b>${cats.map((c) => `<span class="box">□ ${e(c)}</span>`).join(" ")}</p>
<table><tr><th>检查情况</th><td class="blank"></td></tr></table>
<table class="sig"><tr><th>检查人员签名</th><td></td><th>日期</th><td class="nw">　　年　　月　　日</td></tr>
<tr><th>被检查对象签名（盖章）</th><td></td><th>日期</th><td class="nw">　　年　　月　　日</td></tr></table>`;
  yield `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>检查记录表 — ${e(plan.taskName)}</title><style>${SHEET_CSS}</style></head><body>`;
  for (const a of plan.assignments) {
    const s = sel.get(a.entityId);
    if (!s) continue;
    const date = when.get(a.entityId)?.date ?? "";
    const member = (id: string) => {
      const i = ins.get(id);
      return `<tr><td>${e(i?.name ?? id)}</td><td class="nw">${e(i?.certificateNo ?? "")}</td><td>${e(i?.department ?? "")}</td><td></td></tr>`;
    };
    const experts = a.expertIds.map((id) => ins.get(id)?.name ?? id).join("、");
    yield `\n<div class="sheet"><h1>检查记录表</h1>
<p class="sub">${e(plan.taskName)}（任务编号 ${e(plan.taskId)}）　检查日期：${e(date)}</p>
<table><tr><th>被检查对象</th><td colspan="3">${e(s.name)}</td></tr>
<tr><th>统一社会信用代码</th><td class="nw">${e(s.entityId)}</td><th>主体类型</th><td>${e(KIND_ZH[s.kind] ?? s.kind)}</td></tr>
<tr><th>住所（经营场所）</th><td colspan="3">${e(s.address ?? "")}</td></tr>
<tr><th>法定代表人（负责人）</th><td>${e(s.legalRepresentative ?? "")}</td><th>信用风险分类</th><td>${e(riskClassLabel(plan, s.riskClass))}</td></tr></table>
${itemsTable}
<table><thead><tr><th>检查人员</th><th>执法证号</th><th>所属部门</th><th>签名</th></tr></thead><tbody>${a.inspectorIds.map(member).join("")}</tbody></table>
${experts ? `<p>参与专家：${e(experts)}（专家不计入执法人员人数）</p>` : ""}
${tail}
<p class="sub">层：${e(stratumLabel(plan, s.stratum))}　本表仅供内部检查使用，不予公开。</p></div>`;
  }
  yield "\n</body></html>\n";
}

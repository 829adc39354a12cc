// internal/record-sheets.html: the printable 检查记录表, one A4 page per visit. The page carries the visits as
// compact data and one template; a small script renders the chosen visits (a date, an inspector, all) on load,
// so a provincial plan's page stays a few megabytes instead of one block of markup per visit.
import { DEFAULT_RESULT_CATEGORIES } from "../model/schemas.js";
import type { Plan } from "../plan/schema.js";
import { KIND_ZH, riskClassLabel, stratumLabel } from "./labels.js";
import { escapeHtml } from "./names.js";
import { planIndex } from "./plan-index.js";
import { scriptJson } from "./text.js";

/**
 * One visit as the record sheets page carries it: entity name, 统一社会信用代码, then indexes into
 * {@link RecordSheetData}'s `kinds`, address and legal representative ("" when unknown), indexes into `classes`,
 * `strata` and `dates` (-1: no date), and indexes into `people` of the inspectors and of the experts.
 */
export type RecordSheetVisit = [
  name: string,
  entityId: string,
  kind: number,
  address: string,
  legalRepresentative: string,
  riskClass: number,
  stratum: number,
  date: number,
  inspectors: number[],
  experts: number[],
];

/** The data of the record sheets page: label tables shared by the visits, and the visits in plan order. */
export interface RecordSheetData {
  /** Visit dates, ascending. */
  readonly dates: string[];
  /** Entity kinds in Chinese. */
  readonly kinds: string[];
  /** Risk class labels (e.g. "A类（低风险）"). */
  readonly classes: string[];
  /** Stratum labels. */
  readonly strata: string[];
  /** Team members: id, name, 执法证号 ("" for experts), department. */
  readonly people: [id: string, name: string, certificateNo: string, department: string][];
  readonly visits: RecordSheetVisit[];
}

/** A table of distinct values, each given its index when first seen. */
function indexer(): { values: string[]; of: (v: string) => number } {
  const at = new Map<string, number>();
  const values: string[] = [];
  return {
    values,
    of(v) {
      let i = at.get(v);
      if (i === undefined) {
        i = values.length;
        at.set(v, i);
        values.push(v);
      }
      return i;
    },
  };
}

/** The label tables of {@link RecordSheetData} (complete), and the visits made one at a time, in plan order. */
interface RecordSheetTables extends Omit<RecordSheetData, "visits"> {
  /** The number of visits. */
  readonly count: number;
  /** The visits, made as iterated (a big plan's hundreds of thousands of tuples are never all held). */
  visits(): Generator<RecordSheetVisit>;
}

/**
 * One pass over the assignments fills the label tables (each value indexed when first seen, visit by visit, as
 * the page's data lists them); the visits are then made from them when iterated.
 */
function recordSheetTables(plan: Plan): RecordSheetTables {
  const ix = planIndex(plan);
  const ins = ix.inspectors;
  const dates = [...new Set(plan.schedule.map((s) => s.date))].sort();
  const dateIndex = new Map(dates.map((d, i) => [d, i]));
  const kinds = indexer();
  const classes = indexer();
  const strata = indexer();
  const classLabel = new Map<string, number>();
  const stratumIndex = new Map<string, number>();
  const kindIndex = new Map<string, number>();
  const people: RecordSheetData["people"] = [];
  const personIndex = new Map<string, number>();
  const person = (id: string) => {
    let k = personIndex.get(id);
    if (k === undefined) {
      k = people.length;
      personIndex.set(id, k);
      const i = ins.get(id);
      people.push([
        id,
        i?.name ?? id,
        i?.role === "expert" ? "" : (i?.certificateNo ?? ""),
        i?.department ?? "",
      ]);
    }
    return k;
  };
  const classOf = (riskClass: string) => {
    let c = classLabel.get(riskClass);
    if (c === undefined) {
      c = classes.of(riskClassLabel(plan, riskClass));
      classLabel.set(riskClass, c);
    }
    return c;
  };
  const stratumOf = (stratum: string) => {
    let st = stratumIndex.get(stratum);
    if (st === undefined) {
      st = strata.of(stratumLabel(plan, stratum));
      stratumIndex.set(stratum, st);
    }
    return st;
  };
  const kindOf = (kind: string) => {
    let x = kindIndex.get(kind);
    if (x === undefined) {
      x = kinds.of(KIND_ZH[kind] ?? kind);
      kindIndex.set(kind, x);
    }
    return x;
  };
  const assignments = plan.assignments;
  let count = 0;
  for (let k = 0; k < assignments.length; k++) {
    const a = assignments[k]!;
    const s = ix.selectedOfAssignment[k];
    if (!s) continue;
    count++;
    classOf(s.riskClass);
    stratumOf(s.stratum);
    kindOf(s.kind);
    for (const id of a.inspectorIds) person(id);
    for (const id of a.expertIds) person(id);
  }
  return {
    dates,
    kinds: kinds.values,
    classes: classes.values,
    strata: strata.values,
    people,
    count,
    *visits() {
      for (let k = 0; k < assignments.length; k++) {
        const a = assignments[k]!;
        const s = ix.selectedOfAssignment[k];
        if (!s) continue;
        const date = ix.visitOfAssignment[k]?.date;
        yield [
          s.name,
          s.entityId,
          kindOf(s.kind),
          s.address ?? "",
          s.legalRepresentative ?? "",
          classOf(s.riskClass),
          stratumOf(s.stratum),
          date === undefined ? -1 : (dateIndex.get(date) ?? -1),
          a.inspectorIds.map(person),
          a.expertIds.map(person),
        ];
      }
    },
  };
}

/** The visits of a plan (one per assignment of a selected entity) as the record sheets page carries them. */
export function recordSheetData(plan: Plan): RecordSheetData {
  const t = recordSheetTables(plan);
  const { count: _, visits, ...tables } = t;
  return { ...tables, visits: [...visits()] };
}

const SHEET_CSS = `@page{size:A4;margin:15mm}
body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC","SimSun",serif;font-size:10.5pt;color:#000;margin:0}
.sheet{break-after:page;max-width:180mm;margin:0 auto}.sheet:last-child{break-after:auto}
h1{text-align:center;font-size:16pt;margin:0 0 2mm}.sub{text-align:center;margin:0 0 3mm;font-size:9.5pt}
table{border-collapse:collapse;width:100%;margin:1.5mm 0}th,td{border:1px solid #000;padding:1mm 1.5mm;vertical-align:top;text-align:left}
th{width:24mm;white-space:nowrap;background:#f2f2f2}.nw{white-space:nowrap}.box{display:inline-block;margin-right:4mm;white-space:nowrap}
.blank{height:22mm}.sig td{height:12mm}p{margin:1mm 0}
.controls{max-width:180mm;margin:0 auto 8mm;padding:3mm 4mm;border:1px solid #888;font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif}
.controls select{font-size:11pt;max-width:100%}
@media screen{.sheet{border-bottom:1px dashed #999;padding-bottom:6mm;margin-bottom:8mm}}
@media print{.controls{display:none}}`;

// Renders the chosen visits from the data into clones of the template. The choice is a <select> value (also the
// URL's #fragment): "all", "date:<yyyy-mm-dd>" or "person:<id>"; without one, all visits when they are few,
// else the first date's.
const SCRIPT = `(function(){
var D=JSON.parse(document.getElementById("data").textContent);
var tpl=document.getElementById("sheet").content.firstElementChild;
var out=document.getElementById("sheets"),pick=document.getElementById("scope"),count=document.getElementById("count");
var V=D.visits,P=D.people;
function opt(parent,value,text){var o=document.createElement("option");o.value=value;o.textContent=text;parent.appendChild(o);}
var byDate=D.dates.map(function(){return 0;}),byPerson=P.map(function(){return 0;});
V.forEach(function(v){if(v[7]>=0)byDate[v[7]]++;v[8].concat(v[9]).forEach(function(k){byPerson[k]++;});});
opt(pick,"all","全部（"+V.length+" 份）");
var g=document.createElement("optgroup");g.label="按检查日期";pick.appendChild(g);
D.dates.forEach(function(d,i){opt(g,"date:"+d,d+"（"+byDate[i]+" 份）");});
var order=P.map(function(p,k){return k;}).sort(function(a,b){return P[a][1]<P[b][1]?-1:P[a][1]>P[b][1]?1:P[a][0]<P[b][0]?-1:1;});
g=document.createElement("optgroup");g.label="按检查人员";pick.appendChild(g);
order.forEach(function(k){var p=P[k];opt(g,"person:"+p[0],p[1]+(p[2]?"（"+p[2]+"）":"（专家）")+"　"+byPerson[k]+" 份");});
function td(tr,text,cls){var c=document.createElement("td");c.textContent=text;if(cls)c.className=cls;tr.appendChild(c);}
function sheet(v){
  var s=tpl.cloneNode(true);
  function set(f,t){s.querySelector('[data-f="'+f+'"]').textContent=t;}
  set("date",v[7]>=0?D.dates[v[7]]:"");set("name",v[0]);set("id",v[1]);set("kind",D.kinds[v[2]]);
  set("address",v[3]);set("rep",v[4]);set("class",D.classes[v[5]]);set("stratum",D.strata[v[6]]);
  var team=s.querySelector('[data-f="team"]');
  v[8].forEach(function(k){var p=P[k],tr=document.createElement("tr");td(tr,p[1]);td(tr,p[2],"nw");td(tr,p[3]);td(tr,"");team.appendChild(tr);});
  var ex=s.querySelector('[data-f="experts-line"]');
  if(v[9].length)set("experts",v[9].map(function(k){return P[k][1];}).join("、"));else ex.remove();
  return s;
}
function show(value){
  var keep;
  if(value==="all")keep=function(){return true;};
  else if(value.indexOf("date:")===0){var d=D.dates.indexOf(value.slice(5));keep=function(v){return v[7]===d;};}
  else if(value.indexOf("person:")===0){var id=value.slice(7),k=-1;P.forEach(function(p,i){if(p[0]===id)k=i;});
    keep=function(v){return v[8].indexOf(k)>=0||v[9].indexOf(k)>=0;};}
  else return false;
  var chosen=V.filter(keep).map(function(v,i){return [v,i];}).sort(function(a,b){return (a[0][7]-b[0][7])||(a[1]-b[1]);});
  var f=document.createDocumentFragment();
  chosen.forEach(function(x){f.appendChild(sheet(x[0]));});
  out.textContent="";out.appendChild(f);
  pick.value=value;out.dataset.count=String(chosen.length);out.dataset.scope=value;
  count.textContent="已生成 "+chosen.length+" 份检查记录表（每份一页 A4），按检查日期排列。请用浏览器的“打印”（Ctrl+P）打印或另存为 PDF；本说明不会打印。";
  return true;
}
function fromHash(){var h=decodeURIComponent(location.hash.slice(1));return h&&show(h);}
pick.addEventListener("change",function(){location.hash=encodeURIComponent(pick.value);});
window.addEventListener("hashchange",fromHash);
if(!fromHash())show(V.length<=500||D.dates.length===0?"all":"date:"+D.dates[0]);
})();`;

/**
 * The printable 检查记录表 page: one A4 page per visit with the entity (name, code, address and legal
 * representative when known), the items, the team with 执法证号, experts, the 回避 notice, the result categories
 * as check boxes, and signature and date lines. The page is self-contained (no network): it carries the visits as
 * data ({@link recordSheetData}) and one sheet template; a small script renders the visits chosen on the page (all,
 * one visit date, or one inspector's), which the browser prints. Only the data grows with the plan.
 */
export function* recordSheetPieces(plan: Plan): Generator<string> {
  const e = escapeHtml;
  const cats = plan.task.publication?.resultCategories ?? DEFAULT_RESULT_CATEGORIES;
  const items = plan.items
    .map(
      (i) =>
        `<tr><td>${e(i.name)}</td><td>${e(i.basis)}</td><td>${e(i.content ?? "")}</td><td>${e((i.method ?? "").replaceAll(";", "、"))}</td><td>${e(i.department)}</td></tr>`,
    )
    .join("");
  const data = recordSheetTables(plan);
  yield `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>检查记录表 — ${e(plan.taskName)}</title><style>${SHEET_CSS}</style></head><body>
<div class="controls"><p><b>检查记录表</b>　${e(plan.taskName)}（任务编号 ${e(plan.taskId)}）共 ${data.count} 份，每份一页 A4。本表仅供内部检查使用，不予公开。</p>
<p><label for="scope">选择打印范围：</label><select id="scope"></select></p>
<p id="count" aria-live="polite"></p>
<noscript><p>本页面需启用浏览器脚本（JavaScript）方可生成检查记录表。</p></noscript></div>
<div id="sheets"></div>
<template id="sheet"><div class="sheet"><h1>检查记录表</h1>
<p class="sub">${e(plan.taskName)}（任务编号 ${e(plan.taskId)}）　检查日期：<span data-f="date"></span></p>
<table><tr><th>被检查对象</th><td colspan="3" data-f="name"></td></tr>
<tr><th>统一社会信用代码</th><td class="nw" data-f="id"></td><th>主体类型</th><td data-f="kind"></td></tr>
<tr><th>住所（经营场所）</th><td colspan="3" data-f="address"></td></tr>
<tr><th>法定代表人（负责人）</th><td data-f="rep"></td><th>信用风险分类</th><td data-f="class"></td></tr></table>
<table><thead><tr><th>抽查事项</th><th>抽查依据</th><th>抽查内容</th><th>检查方式</th><th>实施部门</th></tr></thead><tbody>${items}</tbody></table>
<table><thead><tr><th>检查人员</th><th>执法证号</th><th>所属部门</th><th>签名</th></tr></thead><tbody data-f="team"></tbody></table>
<p data-f="experts-line">参与专家：<span data-f="experts"></span>（专家不计入执法人员人数）</p>
<p><b>回避告知：</b>检查人员已出示执法证件，并告知被检查对象：检查人员与被检查对象有直接利害关系或者其他关系可能影响公正检查的，应当回避；被检查对象认为检查人员应当回避的，有权申请回避。是否申请回避：<span class="box">□ 否</span><span class="box">□ 是（理由：　　　　　　）</span></p>
<p><b>检查结果（可多选）：</b>${cats.map((c) => `<span class="box">□ ${e(c)}</span>`).join(" ")}</p>
<table><tr><th>检查情况</th><td class="blank"></td></tr></table>
<table class="sig"><tr><th>检查人员签名</th><td></td><th>日期</th><td class="nw">　　年　　月　　日</td></tr>
<tr><th>被检查对象签名（盖章）</th><td></td><th>日期</th><td class="nw">　　年　　月　　日</td></tr></table>
<p class="sub">层：<span data-f="stratum"></span>　本表仅供内部检查使用，不予公开。</p></div></template>
<script type="application/json" id="data">{"dates":${scriptJson(data.dates)},"kinds":${scriptJson(data.kinds)},"classes":${scriptJson(data.classes)},"strata":${scriptJson(data.strata)},
"people":[`;
  // one line per block of visits (or people): one JSON.stringify per block
  yield* blocks(data.people, '],\n"visits":[');
  yield* blocks(data.visits(), "]}</script>\n");
  yield `<script>${SCRIPT}</script>\n</body></html>\n`;
}

/** The rows as JSON array elements, comma-separated, a line per 512 rows, then `end`. */
function* blocks(rows: Iterable<unknown>, end: string): Generator<string> {
  let block: unknown[] = [];
  let first = true;
  for (const r of rows) {
    if (block.length === 512) {
      yield `${first ? "" : ","}\n${scriptJson(block).slice(1, -1)}`;
      first = false;
      block = [];
    }
    block.push(r);
  }
  if (block.length > 0) yield `${first ? "" : ","}\n${scriptJson(block).slice(1, -1)}`;
  yield end;
}

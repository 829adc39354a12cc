import type { Plan } from "../plan/schema.js";
import { formatXi, isPps, stratumCutoffs } from "./cutoffs.js";
import { stratumLabel } from "./labels.js";
import { escapeHtml, noticeTitle } from "./names.js";
import { scriptJson } from "./text.js";

/**
 * What `verify.html` carries: the seed and task id (for the tickets), the tickets of the selected and reserve
 * entities, the replaced ids, and each stratum's cut-offs. The stratum of a selected or reserve entity is
 * carried only when the strata hold no risk class (a class per enterprise is never published).
 */
export function verifyPageData(plan: Plan): Record<string, unknown> {
  // sorted, then repeats dropped (a set of 100k tickets first took four times as long)
  const sortedTickets = (xs: string[]) => xs.sort().filter((t, i, a) => i === 0 || a[i - 1] !== t);
  // an entity's stratum is shown only when strata say nothing private (no risk class in the key)
  const publicStrata = !plan.task.sampling.stratifyBy.some((f) => f.startsWith("riskClass"));
  const index = new Map(plan.strata.map((st, i) => [st.key, i]));
  const stratumOf: Record<string, number> = {};
  if (publicStrata)
    for (const x of [...plan.selected, ...plan.reserve]) {
      const i = index.get(x.stratum);
      if (i !== undefined) stratumOf[x.ticket] = i;
    }
  return {
    seed: plan.seed,
    taskId: plan.taskId,
    mode: isPps(plan) ? "pps" : "srs",
    selected: sortedTickets(plan.selected.map((s) => s.ticket)),
    reserve: sortedTickets(plan.reserve.map((r) => r.ticket)),
    // entities replaced after the draw: their own tickets are not in the plan, so they are named by id
    stratumOf,
    replaced: plan.replacements
      .filter((r) => r.type === "entity")
      .map((r) => r.entityId)
      .sort(),
    strata: stratumCutoffs(plan).map((c) => ({
      label: stratumLabel(plan, c.key),
      population: c.population,
      sampleSize: c.sampleSize,
      cutoff: c.cutoffTicket,
      reserveCutoff: c.reserveCutoffTicket,
      ...(c.cutoffXi === undefined ? {} : { cutoffXi: formatXi(c.cutoffXi) }),
    })),
  };
}

const SCRIPT = `(function(){
var data=JSON.parse(document.getElementById("data").textContent);
var enc=new TextEncoder();
function hex(b){var s="";var a=new Uint8Array(b);for(var i=0;i<a.length;i++)s+=(a[i]<16?"0":"")+a[i].toString(16);return s;}
function has(list,t){var lo=0,hi=list.length-1;while(lo<=hi){var m=(lo+hi)>>1;if(list[m]===t)return true;if(list[m]<t)lo=m+1;else hi=m-1;}return false;}
async function ticket(seed,scope,id){
  var k=new Uint8Array(await crypto.subtle.digest("SHA-256",enc.encode(seed.normalize("NFC"))));
  var s=enc.encode(scope),d=enc.encode(id);
  var buf=new Uint8Array(k.length+s.length+1+d.length);
  buf.set(k,0);buf.set(s,k.length);buf[k.length+s.length]=0;buf.set(d,k.length+s.length+1);
  return hex(await crypto.subtle.digest("SHA-256",buf)).slice(0,13);
}
window.drTicket=ticket;
var input=document.getElementById("entity-id"),out=document.getElementById("result");
function line(t,cls){var p=document.createElement("p");p.textContent=t;if(cls)p.className=cls;out.appendChild(p);}
async function show(){
  var id=input.value.trim().toUpperCase();
  out.textContent="";
  if(id===""){out.dataset.status="";return;}
  var t=await ticket(data.seed,data.taskId,id);
  if(input.value.trim().toUpperCase()!==id)return;
  out.dataset.ticket=t;
  line("统一社会信用代码："+id);
  var p=document.createElement("p");p.append("抽取号：");var c=document.createElement("code");c.className="ticket";c.textContent=t;p.append(c);out.appendChild(p);
  var st;
  if(data.replaced.indexOf(id)>=0){st="replaced";line("结果：原抽中，已按规定递补（不再作为本次抽查对象）","status");}
  else if(has(data.selected,t)){st="selected";line("结果：已抽中（本次抽查对象）","status");}
  else if(has(data.reserve,t)){st="reserve";line("结果：列入递补名单（未抽中；如有抽查对象依规递补，按顺位递补）","status");}
  else{st="not-drawn";line("结果：未抽中","status");
    if(data.mode==="srs"){var above=data.strata.filter(function(s){return s.cutoff&&t>s.cutoff;}).map(function(s){return s.label;});
      line("若本单位在抽取范围内：抽取号大于所在层的截止抽取号即未抽中。本抽取号大于以下各层的截止抽取号："+(above.length?above.join("、"):"（无）")+"。");}
    else line("本次按风险分值不等概率抽样：是否入选取决于排序键 ξ（由抽取号与风险分值计算），见公示附件。");
    line("（不在抽取范围内或依规不纳入抽取的对象，结果同样显示为未抽中。）");}
  var si=data.stratumOf[t];if(si!==undefined&&data.strata[si])line("所在层："+data.strata[si].label);
  out.dataset.status=st;
}
input.addEventListener("input",function(){show();});
document.getElementById("go").addEventListener("click",function(){show();});
if(input.value)show();
})();`;

/** A self-contained offline page: an enterprise types its 统一社会信用代码 and sees its ticket and status. */
export function* verifyHtmlPieces(plan: Plan): Generator<string> {
  const e = escapeHtml;
  const data = verifyPageData(plan);
  const pps = isPps(plan);
  const rows = (
    data.strata as {
      label: string;
      population: number;
      sampleSize: number;
      cutoff: string;
      reserveCutoff: string;
      cutoffXi?: string;
    }[]
  )
    .map(
      (s) =>
        `<tr><td>${e(s.label)}</td><td class="num">${s.population}</td><td class="num">${s.sampleSize}</td><td class="nw"><code>${e(pps ? (s.cutoffXi ?? "—") : s.cutoff || "—")}</code></td>${pps ? "" : `<td class="nw"><code>${e(s.reserveCutoff || "—")}</code></td>`}</tr>`,
    )
    .join("");
  yield `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>抽取结果自助核验 — ${e(noticeTitle(plan))}</title>
<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.6;color:#111}
h1{font-size:1.3em}input{font-size:1.1em;padding:.3em;width:20em;font-family:monospace}button{font-size:1.1em}
#result{margin:1em 0;padding:.5em 1em;border:1px solid #999;min-height:3em}.status{font-weight:bold}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:.2em .4em}.nw{white-space:nowrap}.num{text-align:right}code{font-family:monospace}</style></head>
<body>
<h1>抽取结果自助核验</h1>
<p>${e(noticeTitle(plan))}</p>
<p>本页面不联网，在浏览器内按公开的随机种子与任务编号计算抽取号（SHA-256，double-random 抽取规则第1版）。</p>
<p><label for="entity-id">统一社会信用代码：</label><input id="entity-id" maxlength="40" autocomplete="off" spellcheck="false"> <button id="go" type="button">查询</button></p>
<div id="result" aria-live="polite"></div>
<h2>各层截止${pps ? "排序键" : "抽取号"}</h2>
<table><thead><tr><th>层</th><th>抽样框户数</th><th>抽取户数</th><th>截止${pps ? "排序键 ξ" : "抽取号"}</th>${pps ? "" : "<th>递补截止抽取号</th>"}</tr></thead><tbody>${rows}</tbody></table>
<p>随机种子：<code>${e(plan.seed)}</code>；任务编号：<code>${e(plan.taskId)}</code></p>
<script type="application/json" id="data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

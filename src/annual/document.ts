import { escapeHtml } from "../publish/notice.js";
import type { TableSheet } from "../publish/xlsx.js";
import { formatIssue } from "../util/issue.js";
import { type CoverageTable, percentText } from "./coverage.js";
import type { AnnualLine, AnnualPlan } from "./plan.js";

/** Headers of the plan table, as a bureau files it (备案). */
export const ANNUAL_HEADER = [
  "序号",
  "任务编号",
  "任务名称",
  "检查主体",
  "事项",
  "依据",
  "抽查方式",
  "比例",
  "频次",
  "数量（户）",
  "计划时间",
  "发起部门",
  "参与部门",
] as const;

/** The plan table's cells for one task line. */
export function annualRow(l: AnnualLine, k: number): (string | number)[] {
  return [
    k + 1,
    l.taskId,
    l.name,
    l.inspectingBody,
    l.items.map((i) => `${i.name}（${i.id}）`).join("；"),
    l.items.map((i) => i.basis).join("；"),
    l.scope,
    l.rates,
    l.frequency,
    l.count,
    `${l.start}至${l.end}`,
    l.lead,
    l.participants.join("、") || "—",
  ];
}

const COVERAGE_HEADER = [
  "范围",
  "代码",
  "名称",
  "检查对象（户）",
  "计划抽查（户）",
  "覆盖率",
  "下限要求（户）",
  "缺口（户）",
];
const GROUP_ZH = { total: "合计", riskClass: "信用风险分类", region: "行政区划" } as const;

function coverageRows(t: CoverageTable): (string | number)[][] {
  return t.rows.map((r) => [
    GROUP_ZH[r.group],
    r.key,
    r.label,
    r.population,
    r.exact ? r.projected : `约 ${r.projected}`,
    percentText(r.projected, r.population),
    r.required ?? "—",
    r.shortfall === undefined ? "—" : r.shortfall,
  ]);
}

const CSS = `@page{size:A4 landscape;margin:12mm}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;font-size:10.5pt;margin:1.5em auto;max-width:277mm;color:#111}
h1{font-size:16pt;text-align:center;margin:.2em 0}h2{font-size:12.5pt;margin:1.2em 0 .4em;break-after:avoid}
.meta{text-align:center;margin:0 0 1em}table{border-collapse:collapse;width:100%;margin:.3em 0 1em}
th,td{border:1px solid #555;padding:2px 4px;vertical-align:top}th{background:#eee}thead{display:table-header-group}
tr{break-inside:avoid}td.n{text-align:right;white-space:nowrap}.short{color:#a00;font-weight:bold}
ul.issues li{margin:.2em 0}.sign{margin-top:2em;display:flex;justify-content:space-between}
@media print{body{margin:0;max-width:none}}`;

function table(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  cls?: (r: readonly (string | number)[]) => string,
): string {
  const head = `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>`;
  const body = rows
    .map(
      (r) =>
        `<tr${cls ? cls(r) : ""}>${r.map((c) => (typeof c === "number" || /^(约 )?[\d.]+%$|^约 [\d.]+$/.test(c) ? `<td class="n">${escapeHtml(String(c))}</td>` : `<td>${escapeHtml(c)}</td>`)).join("")}</tr>`,
    )
    .join("\n");
  return `<table>${head}<tbody>\n${body}\n</tbody></table>`;
}

/** Tasks and planned visits per quarter of their window's start (各批次的数量和时间安排). */
export function quarters(plan: AnnualPlan): { label: string; tasks: number; count: number }[] {
  const out = [1, 2, 3, 4].map((q) => ({ label: `第${"一二三四"[q - 1]}季度`, tasks: 0, count: 0 }));
  for (const l of plan.lines) {
    const q = out[Math.floor((Number(l.start.slice(5, 7)) - 1) / 3)]!;
    q.tasks++;
    q.count += l.count;
  }
  return out;
}

/** The plan document for 备案 as one self-contained HTML page (no scripts, no external resources), printable on A4. */
export function annualHtml(plan: AnnualPlan): string {
  const title = escapeHtml(plan.name);
  const parts: string[] = [
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title><style>${CSS}</style></head><body>`,
    `<h1>${title}</h1>`,
    `<p class="meta">编制单位：${escapeHtml(plan.department)}${plan.filedWith ? `　备案机关：${escapeHtml(plan.filedWith)}` : ""}　年度：${plan.year}年</p>`,
    "<h2>一、年度抽查任务</h2>",
    table(ANNUAL_HEADER, plan.lines.map(annualRow)),
    `<p>全年计划抽查 ${plan.lines.reduce((a, l) => a + l.count, 0)} 户次（含必查 ${plan.lines.reduce((a, l) => a + l.forced, 0)} 户次）。数量按检查对象名录库与各类比例计算，与随机种子无关；具体对象在各批次抽取时按公开种子产生。</p>`,
    table(
      ["季度", "任务（个）", "计划抽查（户次）"],
      quarters(plan).map((q) => [q.label, q.tasks, q.count]),
    ),
    "<h2>二、年度抽查比例下限核对</h2>",
  ];
  if (plan.floors.length === 0) parts.push("<p>未设定抽查比例下限。</p>");
  for (const f of plan.floors) {
    parts.push(
      `<h3>${escapeHtml(f.label)}：${escapeHtml(f.rate ?? "")}（计入任务：${escapeHtml(f.tasks.join("、") || "无")}）</h3>`,
    );
    parts.push(
      table(COVERAGE_HEADER, coverageRows(f), (r) =>
        typeof r[7] === "number" && r[7] > 0 ? ' class="short"' : "",
      ),
    );
  }
  parts.push("<h2>三、各事项预计覆盖情况</h2>");
  for (const c of plan.coverage) {
    parts.push(`<h3>${escapeHtml(c.label)}</h3>`);
    parts.push(
      table(
        COVERAGE_HEADER.slice(0, 6),
        coverageRows(c).map((r) => r.slice(0, 6)),
      ),
    );
  }
  parts.push("<p>“约”表示该组数量取决于各层随机抽取结果，为期望值；其余为确定数。</p>");
  if (plan.issues.length > 0) {
    parts.push('<h2>四、核对提示</h2><ul class="issues">');
    for (const i of plan.issues) parts.push(`<li>${escapeHtml(formatIssue(i))}</li>`);
    parts.push("</ul>");
  }
  parts.push(
    '<div class="sign"><span>编制人：</span><span>审核人：</span><span>日期：　　年　　月　　日</span></div>',
  );
  parts.push("</body></html>\n");
  return parts.join("\n");
}

/** The plan document's workbook sheets: the plan table, the floors and the coverage of each item. */
export function annualSheets(plan: AnnualPlan): TableSheet[] {
  return [
    {
      name: "年度抽查计划",
      header: ANNUAL_HEADER,
      rows: plan.lines.map(annualRow),
      widths: [6, 20, 36, 26, 30, 40, 24, 26, 10, 10, 24, 24, 24],
    },
    {
      name: "比例下限核对",
      header: ["下限", "比例", ...COVERAGE_HEADER],
      rows: plan.floors.flatMap((f) => coverageRows(f).map((r) => [f.label, f.rate ?? "", ...r])),
      widths: [36, 8, 14, 10, 24, 14, 14, 10, 14, 10],
    },
    {
      name: "预计覆盖",
      header: ["事项", ...COVERAGE_HEADER.slice(0, 6)],
      rows: plan.coverage.flatMap((c) => coverageRows(c).map((r) => [c.label, ...r.slice(0, 6)])),
      widths: [36, 14, 10, 24, 14, 14, 10],
    },
  ];
}

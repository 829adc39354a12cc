import { escapeHtml } from "../publish/notice.js";
import type { TableSheet } from "../publish/xlsx.js";
import { type CompletionStat, type CoverageStat, onTimeRate, share, type YearStats } from "./stats.js";
import { barChartSvg } from "./svg.js";

const COVERAGE_HEADER = [
  "代码",
  "名称",
  "检查对象（户）",
  "已抽取（户）",
  "抽取覆盖率",
  "已检查（户）",
  "检查覆盖率",
];

function coverageCells(c: CoverageStat): (string | number)[] {
  return [
    c.key,
    c.label,
    c.population ?? "—",
    c.planned,
    share(c.planned, c.population),
    c.inspected,
    share(c.inspected, c.population),
  ];
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function coverageChart(title: string, rows: readonly CoverageStat[]): string {
  const withPop = rows.every((r) => r.population !== undefined);
  return barChartSvg(
    withPop
      ? {
          title,
          series: ["抽取覆盖率", "检查覆盖率"],
          rows: rows.map((r) => ({
            label: r.label,
            values: [
              r.population ? r.planned / r.population : 0,
              r.population ? r.inspected / r.population : 0,
            ],
          })),
          format: pct,
        }
      : {
          title: `${title}（户数；未提供检查对象名录库）`,
          series: ["已抽取", "已检查"],
          rows: rows.map((r) => ({ label: r.label, values: [r.planned, r.inspected] })),
        },
  );
}

/** The lines of the summary table: what an annual report quotes. */
export function summaryRows(s: YearStats): [string, string | number][] {
  const p = s.publication;
  const rate = onTimeRate(p);
  return [
    ["统计截至", s.asOf],
    ["抽查任务（个）", s.plans.length],
    ["检查对象总数（户）", s.total.population ?? "—"],
    ["已抽取（户）", s.total.planned],
    ["已检查（户，有结果）", s.total.inspected],
    ["抽取覆盖率", share(s.total.planned, s.total.population)],
    ["检查结果（条）", s.findings.results],
    ["发现问题（条）", s.findings.withFinding],
    ["问题发现率", share(s.findings.withFinding, s.findings.results)],
    ["按期公示（条）", p.onTime],
    ["逾期公示（条）", p.late],
    ["已录入但无公示日期（条）", p.undated],
    ["逾期未录入（项）", p.overdue],
    ["未到期未录入（项）", p.pending],
    ["公示及时率", rate === undefined ? "—" : pct(rate)],
    ["检查人员回避（人次）", s.recusals.reduce((a, r) => a + r.count, 0)],
    ["检查对象递补（户）", s.replacements.reduce((a, r) => a + r.count, 0)],
  ];
}

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>\n${rows
    .map(
      (r) =>
        `<tr>${r.map((c) => (typeof c === "number" || /^(约 )?[\d.]+%$|^约 [\d.]+$/.test(c) ? `<td class="n">${escapeHtml(String(c))}</td>` : `<td>${escapeHtml(c)}</td>`)).join("")}</tr>`,
    )
    .join("\n")}\n</tbody></table>`;
}

const CSS = `@page{size:A4;margin:12mm}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;font-size:10.5pt;margin:1.5em auto;max-width:186mm;color:#111}
h1{font-size:16pt;text-align:center}h2{font-size:12.5pt;margin:1.2em 0 .4em;break-after:avoid}
table{border-collapse:collapse;width:100%;margin:.3em 0 1em}th,td{border:1px solid #555;padding:2px 4px}th{background:#eee}
td.n{text-align:right}thead{display:table-header-group}tr,svg{break-inside:avoid}svg.chart{display:block;max-width:100%;height:auto;margin:.5em 0}
@media print{body{margin:0;max-width:none}}`;

/** The statistics as one self-contained HTML page: tables and inline SVG charts, no script, no network. */
export function statsHtml(s: YearStats, title: string): string {
  const p = s.publication;
  const cat = s.categories;
  const parts = [
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    "<h2>一、概况</h2>",
    table(["项目", "数值"], summaryRows(s)),
    table(
      ["任务编号", "任务名称", "部门", "检查时间", "抽取（户）", "结果（条）"],
      s.plans.map((x) => [x.taskId, x.taskName, x.department, `${x.start}至${x.end}`, x.selected, x.results]),
    ),
    "<h2>二、按信用风险分类的覆盖情况</h2>",
    coverageChart("各信用风险分类覆盖率", s.byClass),
    table(COVERAGE_HEADER, s.byClass.map(coverageCells)),
    "<h2>三、按行政区划的覆盖情况</h2>",
    coverageChart("各行政区划覆盖率", s.byRegion),
    table(COVERAGE_HEADER, s.byRegion.map(coverageCells)),
    "<h2>四、按抽查事项的覆盖情况</h2>",
    coverageChart("各抽查事项覆盖率", s.byItem),
    table(COVERAGE_HEADER, s.byItem.map(coverageCells)),
    "<h2>五、检查结果类别</h2>",
    cat.length === 0
      ? "<p>尚无检查结果。</p>"
      : barChartSvg({
          title: "各检查结果类别的条数",
          series: ["条数"],
          rows: cat.map((c) => ({ label: c.category, values: [c.count] })),
        }),
    table(
      ["检查结果类别", "是否属发现问题", "条数", "占结果比例"],
      cat.map((c) => [c.category, c.finding ? "是" : "否", c.count, share(c.count, s.findings.results)]),
    ),
    `<p>问题发现率 = 含至少一项“发现问题”类别的结果 / 全部结果 = ${s.findings.withFinding} / ${s.findings.results}（${share(s.findings.withFinding, s.findings.results)}）。未发现问题、未发现开展本次抽查涉及的经营活动、已关闭停业或正在组织清算、已注销、已被吊销营业执照不计为发现问题。</p>`,
    "<h3>按检查实施部门（谁检查、谁录入、谁公开）</h3>",
    table(
      ["部门", "计划检查（项）", "已录入结果（条）", "发现问题（条）", "问题发现率"],
      s.byDepartment.map((d) => [
        d.department,
        d.planned,
        d.results,
        d.withFinding,
        share(d.withFinding, d.results),
      ]),
    ),
    "<h2>六、结果公示及时情况</h2>",
    barChartSvg({
      title: `结果公示情况（截至 ${s.asOf}）`,
      series: ["项数"],
      rows: [
        { label: "按期公示", values: [p.onTime] },
        { label: "逾期公示", values: [p.late] },
        { label: "已录入、无公示日期", values: [p.undated] },
        { label: "逾期未录入", values: [p.overdue] },
        { label: "未到期未录入", values: [p.pending] },
      ],
    }),
    "<p>公示及时率 = 按期公示 / （按期公示 + 逾期公示 + 逾期未录入）；公示期限为检查结束之日起20个工作日（企业公示信息抽查办法第十二条）。</p>",
    "<h2>七、回避与递补</h2>",
    s.recusals.length + s.replacements.length === 0
      ? "<p>本期无检查人员回避，无检查对象递补。</p>"
      : table(
          ["类型", "原因", "次数"],
          [
            ...s.recusals.map((r) => ["检查人员回避", r.reason, r.count] as (string | number)[]),
            ...s.replacements.map((r) => ["检查对象递补", r.reason, r.count] as (string | number)[]),
          ],
        ),
    ...(s.completion === undefined
      ? []
      : [
          "<h2>八、年度计划完成情况</h2>",
          table(
            ["任务编号", "任务名称", "计划抽查（户）", "已抽取（户）", "已检查（户）", "完成率"],
            s.completion.map((c) => completionCells(c)),
          ),
          "<p>完成率 = 已检查 / 计划抽查；“未抽取”表示该任务的抽查计划不在本次统计之内或尚未抽取。</p>",
        ]),
    "</body></html>\n",
  ];
  return parts.join("\n");
}

function completionCells(c: CompletionStat): (string | number)[] {
  return [
    c.taskId,
    c.name,
    c.planned,
    c.drawn ?? "未抽取",
    c.inspected ?? "—",
    c.inspected === undefined ? "—" : share(c.inspected, c.planned),
  ];
}

/** The statistics' workbook sheets (codes as text, headers in Chinese). */
export function statsSheets(s: YearStats): TableSheet[] {
  const cov = (name: string, rows: readonly CoverageStat[]): TableSheet => ({
    name,
    header: COVERAGE_HEADER,
    rows: rows.map(coverageCells),
    widths: [14, 30, 14, 12, 12, 12, 12],
  });
  return [
    { name: "概况", header: ["项目", "数值"], rows: summaryRows(s), widths: [28, 16] },
    {
      name: "抽查任务",
      header: ["任务编号", "任务名称", "部门", "开始日期", "结束日期", "抽取（户）", "结果（条）"],
      rows: s.plans.map((x) => [x.taskId, x.taskName, x.department, x.start, x.end, x.selected, x.results]),
      widths: [22, 40, 26, 12, 12, 10, 10],
    },
    cov("按信用风险分类", s.byClass),
    cov("按行政区划", s.byRegion),
    cov("按抽查事项", s.byItem),
    {
      name: "检查结果类别",
      header: ["检查结果类别", "是否属发现问题", "条数", "占结果比例"],
      rows: s.categories.map((c) => [
        c.category,
        c.finding ? "是" : "否",
        c.count,
        share(c.count, s.findings.results),
      ]),
      widths: [36, 14, 10, 12],
    },
    {
      name: "按部门",
      header: ["部门", "计划检查（项）", "已录入结果（条）", "发现问题（条）", "问题发现率"],
      rows: s.byDepartment.map((d) => [
        d.department,
        d.planned,
        d.results,
        d.withFinding,
        share(d.withFinding, d.results),
      ]),
      widths: [28, 14, 16, 14, 12],
    },
    ...(s.completion === undefined
      ? []
      : [
          {
            name: "年度计划完成情况",
            header: ["任务编号", "任务名称", "计划抽查（户）", "已抽取（户）", "已检查（户）", "完成率"],
            rows: s.completion.map(completionCells),
            widths: [22, 40, 14, 12, 12, 10],
          },
        ]),
    {
      name: "回避与递补",
      header: ["类型", "原因", "次数"],
      rows: [
        ...s.recusals.map((r) => ["检查人员回避", r.reason, r.count]),
        ...s.replacements.map((r) => ["检查对象递补", r.reason, r.count]),
      ],
      widths: [16, 40, 8],
    },
  ];
}

// The results files (抽查结果公示, 谁检查谁公开): per department a public file set (notice as Markdown and
// self-contained HTML, and the export for the national 国家企业信用信息公示系统), and the internal follow-up and
// deadline lists. Pure: names → contents; the CLI writes them. Columns documented in docs/results.md.

import type { Plan } from "../plan/schema.js";
import { isPublicInfoCheck } from "../results/categories.js";
import type { DeadlineLine, InspectionResult } from "../results/intake.js";
import { toCsv } from "./csv.js";
import { maskPersonalName } from "./mask.js";
import { escapeHtml } from "./notice.js";

/** Columns of the public results export (the fields the national 公示系统 takes), in order. */
export const RESULTS_PUBLIC_HEADER: readonly string[] = [
  "统一社会信用代码",
  "名称",
  "抽查任务",
  "抽查事项",
  "检查实施机关",
  "检查完成日期",
  "检查结果",
];

/** Columns of `internal/results-followups.csv`. */
export const RESULTS_FOLLOWUP_HEADER: readonly string[] = [
  "统一社会信用代码",
  "名称",
  "抽查事项",
  "检查实施机关",
  "检查结果",
  "后续处置",
  "依据",
  "检查完成日期",
  "期限（工作日）",
  "截止日期",
  "期限说明",
  "状态",
];

/** Columns of `internal/results-deadlines.csv`. */
export const RESULTS_DEADLINE_HEADER: readonly string[] = [
  "统一社会信用代码",
  "名称",
  "抽查事项",
  "检查实施机关",
  "类型",
  "应办事项",
  "状态",
  "截止日期",
  "检查完成日期",
  "依据",
];

/** Chinese labels of the deadline report's statuses. */
export const DEADLINE_STATUS_LABELS: Readonly<Record<DeadlineLine["status"], string>> = {
  ready: "已录入结果（待公示）",
  pending: "待录入",
  overdue: "已逾期",
  open: "待办",
  "past-due": "已过期限（请核实是否办结）",
};

/** Options of {@link resultsFiles}. */
export interface ResultsFilesOptions {
  /** The day the results are taken as of (the date of the notices' 落款). */
  readonly asOf: string;
  /** Mask natural-person names of 个体工商户 in the public files (default: the task's `publication.maskIndividualNames`, else true). */
  readonly maskIndividualNames?: boolean | undefined;
}

/** The title of a department's results notice: "<department><task name>结果公示", never "…抽查抽查结果公示". */
export function resultsTitle(plan: Plan, department: string): string {
  const name = plan.taskName.includes("抽查") ? plan.taskName : `${plan.taskName}抽查`;
  return `${department}${name}结果公示`;
}

/** A department name made safe as a folder name (path separators and characters Windows refuses replaced). */
export function departmentFolder(department: string): string {
  const s = department.replace(/[\\/:*?"<>|\p{Cc}]/gu, "_").replace(/^[.\s]+|[.\s]+$/g, "");
  return s === "" ? "未注明部门" : s;
}

/** `2027-01-20` → `2027年1月20日`. */
function chineseDate(d: string): string {
  const [y, m, day] = d.split("-");
  return `${y}年${Number(m)}月${Number(day)}日`;
}

/** The rows of every results table (before rendering): per 检查实施机关 the public rows, the follow-ups, the deadlines. */
export interface ResultsTables {
  /** 检查实施机关 → rows under {@link RESULTS_PUBLIC_HEADER} (names masked as configured). */
  readonly public: ReadonlyMap<string, readonly string[][]>;
  /** Rows under {@link RESULTS_FOLLOWUP_HEADER}. */
  readonly followUps: readonly string[][];
  /** Rows under {@link RESULTS_DEADLINE_HEADER}. */
  readonly deadlines: readonly string[][];
}

/** The rows of the results tables (see {@link resultsFiles}; the workbooks hold the same rows). */
export function resultsTables(
  plan: Plan,
  results: readonly InspectionResult[],
  report: readonly DeadlineLine[],
  options: ResultsFilesOptions,
): ResultsTables {
  const mask = options.maskIndividualNames ?? plan.task.publication?.maskIndividualNames ?? true;
  const entities = new Map(plan.selected.map((s) => [s.entityId, s]));
  const fullName = (id: string) => entities.get(id)?.name ?? "";
  const publicName = (id: string) => {
    const e = entities.get(id);
    if (e === undefined) return "";
    return mask && e.kind === "individual" ? maskPersonalName(e.name) : e.name;
  };
  const itemName = new Map(plan.items.map((i) => [i.id, i.name]));
  const item = (id: string) => itemName.get(id) ?? id;

  const pub = new Map<string, string[][]>();
  for (const r of [...results].sort(
    (a, b) => cmp(a.department, b.department) || cmp(a.entityId, b.entityId) || cmp(a.itemId, b.itemId),
  )) {
    const row = [
      r.entityId,
      publicName(r.entityId),
      plan.taskName,
      item(r.itemId),
      r.department,
      r.finishedOn,
      r.categories.join("；"),
    ];
    const l = pub.get(r.department);
    if (l) l.push(row);
    else pub.set(r.department, [row]);
  }
  const followUps: string[][] = [];
  for (const r of results)
    for (const f of r.followUps)
      followUps.push([
        r.entityId,
        fullName(r.entityId),
        item(r.itemId),
        r.department,
        f.category,
        f.action,
        f.basis,
        r.finishedOn,
        f.workingDays === undefined ? "" : String(f.workingDays),
        f.due ?? "",
        f.deadlineNote ?? "",
        f.due !== undefined && options.asOf > f.due
          ? DEADLINE_STATUS_LABELS["past-due"]
          : DEADLINE_STATUS_LABELS.open,
      ]);
  followUps.sort((a, b) => cmp(a[9] || "\uffff", b[9] || "\uffff") || cmp(a[0]!, b[0]!) || cmp(a[2]!, b[2]!));
  const deadlines = report.map((d) => [
    d.entityId,
    fullName(d.entityId),
    item(d.itemId),
    d.department,
    d.kind === "publication" ? "结果公示" : "后续处置",
    d.action,
    DEADLINE_STATUS_LABELS[d.status],
    d.due,
    d.finishedOn ?? "",
    d.basis ?? (d.kind === "publication" ? "《企业公示信息抽查办法》第十二条" : ""),
  ]);
  return { public: pub, followUps, deadlines };
}

/** True for a file the `results` command writes (a new run replaces all of them, not only those it writes again). */
export function isResultsFile(rel: string): boolean {
  return rel.startsWith("public/results/") || /^internal\/results[-.]/.test(rel);
}

/**
 * The results files of a plan: per 检查实施机关 `public/results/<department>/results-notice.md`,
 * `results-notice.html` and `results-publication.csv` (masked names, no deadlines, notes or follow-ups), and
 * `internal/results-followups.csv` and `internal/results-deadlines.csv` (full names, follow-ups with their
 * deadlines, the deadline report). Paths are relative to the plan's output folder.
 */
export function resultsFiles(
  plan: Plan,
  results: readonly InspectionResult[],
  report: readonly DeadlineLine[],
  options: ResultsFilesOptions,
): Record<string, string> {
  const t = resultsTables(plan, results, report, options);
  const out: Record<string, string> = {};
  for (const [dept, rows] of t.public) {
    const dir = `public/results/${departmentFolder(dept)}`;
    out[`${dir}/results-publication.csv`] = toCsv(RESULTS_PUBLIC_HEADER, rows);
    out[`${dir}/results-notice.md`] = noticeMarkdown(plan, dept, rows, options.asOf);
    out[`${dir}/results-notice.html`] = noticeHtml(plan, dept, rows, options.asOf);
  }
  out["internal/results-followups.csv"] = toCsv(RESULTS_FOLLOWUP_HEADER, t.followUps);
  out["internal/results-deadlines.csv"] = toCsv(RESULTS_DEADLINE_HEADER, t.deadlines);
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function opening(plan: Plan, dept: string, n: number): string {
  const publicInfo = plan.items.some((i) => i.department === dept && isPublicInfoCheck(i));
  const basis = publicInfo
    ? "《企业信息公示暂行条例》第十四条、《企业公示信息抽查办法》第十二条、第十五条"
    : "《优化营商环境条例》第五十四条";
  return (
    `按照“双随机、一公开”监管工作要求（国发〔2019〕5号），依据${basis}等规定，` +
    `现将“${plan.taskName}”中由${dept}检查的 ${n} 项抽查结果公示如下。`
  );
}

/** The notice's columns (of {@link RESULTS_PUBLIC_HEADER}): the task and the department are in its title. */
const NOTICE_COLUMNS = [0, 1, 3, 5, 6] as const;
const noticeHeader = () => ["序号", ...NOTICE_COLUMNS.map((j) => RESULTS_PUBLIC_HEADER[j]!)];
const noticeCells = (r: readonly string[], i: number) => [
  String(i + 1),
  ...NOTICE_COLUMNS.map((j) => r[j] ?? ""),
];

function noticeMarkdown(plan: Plan, dept: string, rows: readonly string[][], asOf: string): string {
  const header = noticeHeader();
  const cell = (c: string) => c.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replaceAll("<", "&lt;");
  return [
    `# ${resultsTitle(plan, dept)}`,
    "",
    opening(plan, dept, rows.length),
    "",
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r, i) => `| ${noticeCells(r, i).map(cell).join(" | ")} |`),
    "",
    "如对公示的抽查结果有异议，可向检查实施机关提出。",
    "",
    dept,
    "",
    chineseDate(asOf),
    "",
  ].join("\n");
}

const CSS =
  "@page{size:A4;margin:18mm 14mm}body{font-family:'Noto Serif CJK SC','Songti SC',serif;max-width:1000px;margin:2em auto;line-height:1.6}" +
  "h1{font-size:1.4em;text-align:center}table{border-collapse:collapse;width:100%;font-size:.9em}thead{display:table-header-group}" +
  "td,th{border:1px solid #555;padding:.25em .4em;vertical-align:top}tr{break-inside:avoid}.nowrap{white-space:nowrap}" +
  ".sign{text-align:right;margin-top:2em}@media print{body{margin:0;max-width:none}}";

function noticeHtml(plan: Plan, dept: string, rows: readonly string[][], asOf: string): string {
  const e = escapeHtml;
  const header = noticeHeader();
  // numbers, codes and dates never split across lines
  const nowrap = new Set([0, 1, 4]);
  const body = rows
    .map(
      (r, i) =>
        `<tr>${noticeCells(r, i)
          .map((c, j) => `<td${nowrap.has(j) ? ' class="nowrap"' : ""}>${e(c)}</td>`)
          .join("")}</tr>`,
    )
    .join("\n");
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(resultsTitle(plan, dept))}</title><style>${CSS}</style></head><body>
<h1>${e(resultsTitle(plan, dept))}</h1>
<p>${e(opening(plan, dept, rows.length))}</p>
<table><thead><tr>${header.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead><tbody>
${body}
</tbody></table>
<p>如对公示的抽查结果有异议，可向检查实施机关提出。</p>
<p class="sign">${e(dept)}<br>${e(chineseDate(asOf))}</p>
</body></html>
`;
}

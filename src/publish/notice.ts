import { EXCLUSION_LABELS, type ExclusionReason } from "../draw/draw.js";
import type { Plan } from "../plan/schema.js";
import { maskPersonalName } from "./mask.js";
import { joinPieces } from "./text.js";

/** Options of the notices. */
export interface NoticeOptions {
  /** Mask natural-person names of 个体工商户 (default: the task's `publication.maskIndividualNames`, else true). */
  readonly maskIndividualNames?: boolean;
}

const KIND_ZH: Record<string, string> = {
  enterprise: "企业",
  individual: "个体工商户",
  cooperative: "农民专业合作社",
  other: "其他",
};

/** Chinese description of the selection reason. */
export function reasonLabel(reason: string): string {
  if (reason === "random") return "随机抽取";
  if (reason === "replacement") return "递补";
  if (reason === "forced:list") return "必查（名单）";
  if (reason.startsWith("forced:tag:")) return `必查（${reason.slice(11)}）`;
  return reason;
}

/**
 * How an entity's name is published: natural-person names of 个体工商户 are masked unless masking is off
 * (option, else the task's `publication.maskIndividualNames`, else on).
 */
export function publishedName(
  plan: Plan,
  opts: NoticeOptions,
): (e: { kind: string; name: string }) => string {
  const mask = opts.maskIndividualNames ?? plan.task.publication?.maskIndividualNames ?? true;
  return (e) => (e.kind === "individual" && mask ? maskPersonalName(e.name) : e.name);
}

const rowsCache = new WeakMap<Plan, Map<string, string[][]>>();

/**
 * The rows of the published list of selected entities, with team and dates. Computed once per plan and
 * options (the CSV and both notices share them); treat the result as read-only.
 */
export function selectedRows(plan: Plan, opts: NoticeOptions = {}): string[][] {
  return memo(rowsCache, plan, opts, computeSelectedRows);
}

/** A value computed once per plan (held weakly) and options. Plans are not changed in place by this library. */
function memo<T>(
  cache: WeakMap<Plan, Map<string, T>>,
  plan: Plan,
  opts: NoticeOptions,
  compute: (plan: Plan, opts: NoticeOptions) => T,
): T {
  const key = JSON.stringify(opts);
  let m = cache.get(plan);
  if (!m) {
    m = new Map();
    cache.set(plan, m);
  }
  let v = m.get(key);
  if (v === undefined) {
    v = compute(plan, opts);
    m.set(key, v);
  }
  return v;
}

function computeSelectedRows(plan: Plan, opts: NoticeOptions): string[][] {
  const name = publishedName(plan, opts);
  const team = new Map(plan.assignments.map((a) => [a.entityId, a]));
  const when = new Map(plan.schedule.map((s) => [s.entityId, s]));
  const ins = new Map(plan.inspectors.map((i) => [i.id, i]));
  // an inspector's label once per inspector, a probability's text once per value (strata share one)
  const labels = [new Map<string, string>(), new Map<string, string>()] as const;
  const labelOf = (id: string, expert: boolean): string => {
    const label = labels[expert ? 1 : 0];
    let l = label.get(id);
    if (l === undefined) {
      const i = ins.get(id);
      l = expert ? `${i?.name ?? id}（专家）` : i ? `${i.name}（${i.certificateNo}）` : id;
      label.set(id, l);
    }
    return l;
  };
  let lastP = Number.NaN;
  let lastPText = "";
  return plan.selected.map((s, k) => {
    const t = team.get(s.entityId);
    let people = "";
    for (const id of t?.inspectorIds ?? [])
      people += people === "" ? labelOf(id, false) : `、${labelOf(id, false)}`;
    for (const id of t?.expertIds ?? [])
      people += people === "" ? labelOf(id, true) : `、${labelOf(id, true)}`;
    const w = when.get(s.entityId);
    if (s.inclusionProbability !== lastP) {
      lastP = s.inclusionProbability;
      lastPText = formatProbability(lastP);
    }
    return [
      String(k + 1),
      s.entityId,
      name(s),
      KIND_ZH[s.kind] ?? s.kind,
      s.region,
      s.riskClass,
      reasonLabel(s.reason),
      s.ticket,
      lastPText,
      w?.date ?? "",
      people || "（未配齐）",
      w?.publishBy ?? "",
    ];
  });
}

/** Header of {@link selectedRows}. */
export const SELECTED_HEADER = [
  "序号",
  "统一社会信用代码",
  "名称",
  "主体类型",
  "行政区划代码",
  "信用风险分类",
  "抽取方式",
  "抽取号（ticket）",
  "入样概率",
  "检查日期",
  "检查人员（执法证号）",
  "结果公示截止日",
];

/** Probability with up to 6 significant decimals. */
export function formatProbability(p: number): string {
  return p === 1 ? "1" : String(Number(p.toFixed(6)));
}

/** The verification command printed in notices. */
export function verifyCommand(): string {
  return "npx double-random verify plan.json --task <任务文件 task.json>";
}

interface Section {
  title: string;
  kv?: [string, string][];
  table?: { header: string[]; rows: string[][] };
  text?: string[];
}

const sectionCache = new WeakMap<Plan, Map<string, Section[]>>();

/** The notice's sections, computed once per plan and options (Markdown and HTML share them). */
function sections(plan: Plan, opts: NoticeOptions): Section[] {
  return memo(sectionCache, plan, opts, computeSections);
}

function computeSections(plan: Plan, opts: NoticeOptions): Section[] {
  const t = plan.task;
  const scope =
    t.scope.mode === "undirected"
      ? "不定向抽查（全部检查对象名录库）"
      : `定向抽查：${Object.entries(t.scope.filters)
          .map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join("、") : String(v)}`)
          .join("；")}`;
  const excluded = Object.entries(plan.excluded.counts).map(([r, n]) => [
    EXCLUSION_LABELS[r as ExclusionReason] ?? r,
    String(n),
  ]);
  const a = plan.accounting;
  return [
    {
      title: "一、抽查任务",
      kv: [
        ["任务编号", plan.taskId],
        ["任务名称", plan.taskName],
        ["实施部门", plan.department],
        ["抽查范围", scope],
        ["检查时间", `${t.schedule.start} 至 ${t.schedule.end}（工作日）`],
        [
          "结果公示",
          `检查结束之日起 ${t.schedule.publishWithinWorkingDays ?? 20} 个工作日内通过国家企业信用信息公示系统公示`,
        ],
        ["抽取结果", `共抽取 ${a.selected} 户（其中必查 ${a.forced} 户），递补名单 ${a.reserve} 户`],
      ],
    },
    {
      title: "二、抽查事项",
      table: {
        header: ["事项编号", "事项名称", "实施部门", "抽查依据", "抽查内容", "检查方式"],
        rows: plan.items.map((i) => [i.id, i.name, i.department, i.basis, i.content ?? "", i.method ?? ""]),
      },
    },
    {
      title: "三、分层与抽查比例",
      table: {
        header: ["层", "对象数", "抽查比例", "抽取数", "入样概率", "递补数", "必查数"],
        rows: plan.strata.map((s) => [
          s.key,
          String(s.population),
          s.rate ?? "",
          String(s.sampleSize),
          formatProbability(s.inclusionProbability),
          String(s.reserveSize),
          String(s.forced),
        ]),
      },
    },
    { title: "四、抽查对象及检查安排", table: { header: SELECTED_HEADER, rows: selectedRows(plan, opts) } },
    {
      title: "五、递补名单",
      table: {
        header: ["层", "顺位", "统一社会信用代码", "名称", "抽取号"],
        rows: plan.reserve.map((r) => [
          r.stratum,
          String(r.rank),
          r.entityId,
          publishedName(plan, opts)(r),
          r.ticket,
        ]),
      },
    },
    {
      title: "六、未纳入抽取范围的对象（按原因计数）",
      table: { header: ["原因", "户数"], rows: [...excluded, ["不在定向范围内", String(a.outOfScope)]] },
    },
    ...(plan.replacements.length
      ? [
          {
            title: "七、递补记录",
            table: {
              header: ["类型", "原对象/人员", "递补为", "原因"],
              rows: plan.replacements.map((r) => [
                r.type === "entity" ? "检查对象" : "检查人员",
                r.type === "entity" ? r.entityId : `${r.inspectorId ?? ""}（${r.entityId}）`,
                r.replacedBy,
                r.reason,
              ]),
            },
          },
        ]
      : []),
    {
      title: "验证信息",
      kv: [
        ["随机种子", plan.seed],
        ["种子来源", plan.seedSource || "（未说明）"],
        ["算法版本", `${plan.algorithm}（double-random ${plan.library.version}）`],
        ["任务 SHA-256（规范 JSON）", plan.taskDigest],
        ...Object.entries(plan.inputs).flatMap(([k, v]): [string, string][] => [
          ...(v.sha256 !== undefined
            ? [[`${k}（${v.path}，${v.rows} 行）文件 SHA-256`, v.sha256] as [string, string]]
            : []),
          ...(v.content !== undefined
            ? [
                [`${k}（${v.content.records} 条记录）内容摘要 ${v.content.format}`, v.content.sha256] as [
                  string,
                  string,
                ],
              ]
            : []),
        ]),
        ["验证命令", verifyCommand()],
      ],
      text: [
        "任何人可用上述种子与输入文件复算本次抽取：每个对象的抽取号 = SHA-256(SHA-256(种子) ‖ 任务编号 ‖ 0x00 ‖ 统一社会信用代码) 的前13位十六进制数，各层按抽取号从小到大取前 n 个。",
      ],
    },
  ];
}

/** Title of the 公示 notice. */
export function noticeTitle(plan: Plan): string {
  return `${plan.department}关于${plan.taskName}${plan.taskName.endsWith("抽查") ? "" : "抽查"}计划的公示`;
}

const MD_SPECIAL = /[\\|\n<>]/;
function mdCell(v: string): string {
  if (!MD_SPECIAL.test(v)) return v;
  return v
    .replaceAll("\\", "\\\\")
    .replaceAll("|", "\\|")
    .replaceAll("\n", " ")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

/** The 公示 notice as Markdown (values escaped for tables; no raw HTML passes through). */
export function noticeMarkdown(plan: Plan, opts: NoticeOptions = {}): string {
  return joinPieces(noticeMarkdownPieces(plan, opts));
}

/** {@link noticeMarkdown}'s text in pieces (about a line each), for writing a large notice without holding it. */
export function* noticeMarkdownPieces(plan: Plan, opts: NoticeOptions = {}): Generator<string> {
  let first = true;
  for (const line of markdownLines(plan, opts)) {
    yield first ? line : `\n${line}`;
    first = false;
  }
}

/** The notice's Markdown lines (joined with line feeds, no line feed at the end). */
function* markdownLines(plan: Plan, opts: NoticeOptions): Generator<string> {
  yield `# ${mdCell(noticeTitle(plan))}`;
  yield "";
  for (const s of sections(plan, opts)) {
    yield `## ${s.title}`;
    yield "";
    if (s.kv) {
      yield "| 项目 | 内容 |";
      yield "| --- | --- |";
      for (const [k, v] of s.kv) yield `| ${mdCell(k)} | ${mdCell(v)} |`;
      yield "";
    }
    if (s.table) {
      if (s.table.rows.length === 0) {
        yield "（无）";
        yield "";
      } else {
        yield `| ${s.table.header.map(mdCell).join(" | ")} |`;
        yield `| ${s.table.header.map(() => "---").join(" | ")} |`;
        for (const r of s.table.rows) yield `| ${r.map(mdCell).join(" | ")} |`;
        yield "";
      }
    }
    for (const p of s.text ?? []) {
      yield mdCell(p);
      yield "";
    }
  }
}

const HTML_SPECIAL = /[&<>"']/;

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(v: string): string {
  if (!HTML_SPECIAL.test(v)) return v;
  return v
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const CSS = `body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1100px;color:#111;line-height:1.5;padding:0 1em}
h1{text-align:center;font-size:1.6em}h2{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.6em}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.5em 0}th,td{border:1px solid #888;padding:.25em .4em;vertical-align:top;word-break:break-all}
th{background:#eee}.kv th{width:16em;text-align:left}.verify{background:#f7f7f7;padding:.5em 1em;border:1px solid #ccc}
code{font-family:monospace}@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}}`;

/** The 公示 notice as one self-contained, print-friendly HTML file (no outside resources; every value escaped). */
export function noticeHtml(plan: Plan, opts: NoticeOptions = {}): string {
  return joinPieces(noticeHtmlPieces(plan, opts));
}

/** {@link noticeHtml}'s text in pieces (a table row each), for writing a large notice without holding it. */
export function* noticeHtmlPieces(plan: Plan, opts: NoticeOptions = {}): Generator<string> {
  const e = escapeHtml;
  yield `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(noticeTitle(plan))}</title><style>${CSS}</style></head>
<body>
<h1>${e(noticeTitle(plan))}</h1>`;
  for (const s of sections(plan, opts)) {
    const verify = s.title === "验证信息";
    yield verify ? `\n<section class="verify"><h2>${e(s.title)}</h2>` : `\n<section><h2>${e(s.title)}</h2>`;
    if (s.kv) {
      yield `\n<table class="kv">${s.kv.map(([k, v]) => `<tr><th>${e(k)}</th><td>${verify ? `<code>${e(v)}</code>` : e(v)}</td></tr>`).join("")}</table>`;
    }
    if (s.table) {
      if (s.table.rows.length === 0) yield "\n<p>（无）</p>";
      else {
        yield `\n<table><thead><tr>${s.table.header.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead><tbody>`;
        for (const r of s.table.rows) {
          let row = "<tr>";
          for (const c of r) row += `<td>${e(c)}</td>`;
          yield `${row}</tr>`;
        }
        yield "</tbody></table>";
      }
    }
    for (const p of s.text ?? []) yield `\n<p>${e(p)}</p>`;
    yield "\n</section>";
  }
  yield "\n</body></html>\n";
}

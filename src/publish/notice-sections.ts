import { EXCLUSION_LABELS, type ExclusionReason } from "../draw/draw.js";
import type { Plan } from "../plan/schema.js";
import { publishWithinWorkingDays } from "../schedule/deadline.js";
import { formatXi, isPps, stratumCutoffs } from "./cutoffs.js";
import {
  departments,
  ratePercent,
  replacementCategory,
  riskClassLabel,
  scopeText,
  stratumLabel,
} from "./labels.js";
import { formatProbability, type NoticeOptions, publishedName, verifyCommand } from "./names.js";
import { PUBLIC_LIST_HEADER, PUBLIC_LIST_NOWRAP, publicListRowList, type RowList } from "./public-list.js";

/** A table of the notice. */
export interface Table {
  readonly header: readonly string[];
  /** The rows (an array, or rows made as they are iterated: the list of selected entities of a big plan). */
  readonly rows: RowList;
  /** Column indexes whose cells never wrap (codes, dates, tickets). */
  readonly nowrap?: readonly number[];
  /** Fixed column widths (CSS lengths) for long lists: the layout then never depends on a long name. */
  readonly widths?: readonly string[];
  /** The list of selected entities (the table that grows with the plan; see noticeAroundList). */
  readonly list?: boolean;
}

/** One part of the notice: paragraphs, a key–value table or a table (with cells to keep on one line). */
export interface Section {
  readonly title: string;
  readonly paragraphs?: readonly string[];
  readonly kv?: readonly (readonly [string, string])[];
  readonly table?: Table;
  /** The verification annex (printed in a box, values as code). */
  readonly annex?: boolean;
}

/** The notice's opening paragraph (legal basis, departments, task). */
export function openingParagraph(plan: Plan): string {
  const bases = [...new Set(plan.items.map((i) => i.basis))].join("、");
  const { lead, others } = departments(plan);
  const who = others.length > 0 ? `${lead}会同${others.join("、")}` : lead;
  return (
    `根据《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）` +
    `${bases ? `以及${bases}` : ""}的规定，${who}组织开展${plan.taskName}。` +
    "现将抽查事项、抽查范围、抽查比例、抽取方式及抽取结果予以公示。"
  );
}

function methodText(plan: Plan): string {
  if (isPps(plan))
    return (
      "按风险分值进行不等概率抽样（Pareto πps 顺序抽样）：由每户抽取号 T 得 u = (T + 0.5) / 2^52；" +
      "近似入样概率 λ = n × w / W（w 为该户风险分值，W 为该层风险分值合计）；λ ≥ 1 的对象必入样，" +
      "并对其余对象重新计算 λ，直至均小于 1；其余对象按排序键 ξ = (u / (1 − u)) ÷ (λ / (1 − λ)) " +
      "从小到大（相同时按统一社会信用代码）取前 n 户，其后依次列入递补名单。λ 为近似入样概率。"
    );
  return (
    "以公开的随机种子计算每户抽取号：SHA-256(SHA-256(种子) ‖ 任务编号 ‖ 0x00 ‖ 统一社会信用代码) 的前13位十六进制数；" +
    "各层按抽取号从小到大（相同时按统一社会信用代码）取前 n 户为抽查对象，其后依次列入递补名单。"
  );
}

function ratesText(plan: Plan): string {
  const s = plan.task.sampling;
  if (isPps(plan))
    return `按风险分值不等概率抽取，共 ${s.size ?? plan.strata.reduce((a, x) => a + x.sampleSize, 0)} 户`;
  const rates = s.rates ?? {};
  const byClass = s.stratifyBy.length === 1 && s.stratifyBy[0] === "riskClass";
  return Object.entries(rates)
    .map(([k, v]) => {
      const label = k === "*" ? "其余" : byClass ? riskClassLabel(plan, k) : stratumLabel(plan, k);
      return `${label}${ratePercent(String(v))}`;
    })
    .join("；");
}

function countsText(plan: Plan): string {
  const a = plan.accounting;
  const forced = plan.selected.filter((s) => s.reason.startsWith("forced")).length;
  const frame = plan.strata.reduce((n, s) => n + s.population, 0);
  const excluded = Object.entries(plan.excluded.counts)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${EXCLUSION_LABELS[r as ExclusionReason] ?? r} ${n} 户`);
  const parts = [`检查对象名录库 ${a.input} 户`];
  if (plan.task.scope.mode === "directed") parts.push(`不在定向范围内 ${a.outOfScope} 户`);
  if (excluded.length > 0) parts.push(`依规不纳入抽取 ${a.excluded} 户（${excluded.join("，")}）`);
  parts.push(`纳入抽取范围 ${frame} 户`);
  parts.push(`抽取抽查对象 ${plan.selected.length} 户${forced > 0 ? `（其中依规必查 ${forced} 户）` : ""}`);
  parts.push(`递补名单 ${plan.reserve.length} 户`);
  return `${parts.join("；")}。`;
}

function strataTable(plan: Plan): Table {
  if (isPps(plan))
    return {
      header: ["层", "抽样框户数", "抽取户数", "其中必入样（λ≥1）户数"],
      rows: plan.strata.map((s) => [
        stratumLabel(plan, s.key),
        String(s.population),
        String(s.sampleSize),
        String(s.takeAll ?? 0),
      ]),
    };
  return {
    header: ["层", "抽样框户数", "抽查比例", "抽取户数", "各层入样比例"],
    rows: plan.strata.map((s) => [
      stratumLabel(plan, s.key),
      String(s.population),
      s.rate === undefined ? "" : ratePercent(s.rate),
      String(s.sampleSize),
      formatProbability(s.inclusionProbability),
    ]),
  };
}

function replacementsTable(plan: Plan, opts: NoticeOptions): Table | undefined {
  const name = publishedName(plan, opts);
  const entities = plan.replacements.filter((r) => r.type === "entity");
  if (entities.length === 0) return undefined;
  // only the replacing entities looked up (not a map of every selected entity)
  const wanted = new Set(entities.map((r) => r.replacedBy));
  const known = new Map<string, { kind: string; name: string }>();
  for (const s of plan.selected) if (wanted.has(s.entityId)) known.set(s.entityId, s);
  const rows = entities.map((r) => {
    const old =
      r.entityName === undefined ? undefined : { kind: r.entityKind ?? "other", name: r.entityName };
    const neu = known.get(r.replacedBy);
    return [
      r.date ?? "（未记录）",
      old ? `${name(old)}（${r.entityId}）` : r.entityId,
      neu ? `${name(neu)}（${r.replacedBy}）` : r.replacedBy,
      replacementCategory(r),
    ];
  });
  if (rows.length === 0) return undefined;
  return { header: ["日期", "原抽查对象", "递补对象", "递补类别"], rows, nowrap: [0] };
}

function annexTable(plan: Plan): Table {
  const cut = stratumCutoffs(plan);
  if (isPps(plan))
    return {
      header: [
        "层",
        "抽样框户数",
        "抽取户数",
        "必入样户数",
        "剩余样本量 n",
        "剩余风险分值合计 W",
        "截止排序键 ξ",
      ],
      rows: cut.map((c) => [
        stratumLabel(plan, c.key),
        String(c.population),
        String(c.sampleSize),
        String(c.takeAll ?? 0),
        String(c.ppsN ?? ""),
        String(c.ppsW ?? ""),
        c.cutoffXi === undefined ? "—" : formatXi(c.cutoffXi),
      ]),
      nowrap: [6],
    };
  return {
    header: ["层", "抽样框户数", "抽取户数", "截止抽取号（最大入选抽取号）", "递补截止抽取号"],
    rows: cut.map((c) => [
      stratumLabel(plan, c.key),
      String(c.population),
      String(c.sampleSize),
      c.cutoffTicket || "—",
      c.reserveCutoffTicket || "—",
    ]),
    nowrap: [3, 4],
  };
}

/** The public notice's sections: nothing personal or operational (see SPEC §8). */
export function noticeSections(plan: Plan, opts: NoticeOptions): Section[] {
  const t = plan.task;
  const pub = t.publication ?? {};
  const { lead, others } = departments(plan);
  const out: Section[] = [
    { title: "", paragraphs: [openingParagraph(plan)] },
    {
      title: "一、抽查事项",
      table: {
        header: ["序号", "抽查事项", "抽查依据", "抽查内容", "检查方式", "实施部门"],
        rows: plan.items.map((i, k) => [
          String(k + 1),
          i.name,
          i.basis,
          i.content ?? "",
          (i.method ?? "").replaceAll(";", "、"),
          i.department,
        ]),
      },
    },
    {
      title: "二、实施部门",
      kv: [
        ...(others.length > 0
          ? ([
              ["发起部门", lead],
              ["参与部门", others.join("、")],
            ] as const)
          : ([["实施部门", lead]] as const)),
        ...(plan.joint ? ([["检查组组成", jointCompositionText(plan.joint)]] as const) : []),
      ],
    },
    {
      title: "三、抽查范围、比例与数量",
      kv: [
        ["抽查范围", scopeText(plan)],
        ["抽查比例", ratesText(plan)],
        ["抽取数量", countsText(plan)],
        ["检查时间", `${t.schedule.start} 至 ${t.schedule.end}`],
        [
          "结果公示",
          `检查完成之日起 ${publishWithinWorkingDays(t)} 个工作日内通过国家企业信用信息公示系统公示`,
        ],
      ],
      table: strataTable(plan),
    },
    {
      title: "四、抽取时间与方式",
      kv: [
        ["抽取时间", pub.drawnAt ?? "（任务文件未载明抽取时间）"],
        ["抽取方式", `${pub.drawnHow ? `${pub.drawnHow}。` : ""}${methodText(plan)}`],
        ...(pub.witnesses && pub.witnesses.length > 0 ? [["见证", pub.witnesses.join("；")] as const] : []),
      ],
    },
    {
      title: "五、抽查对象名单",
      table: {
        header: PUBLIC_LIST_HEADER,
        rows: publicListRowList(plan, opts),
        nowrap: PUBLIC_LIST_NOWRAP,
        widths: ["3em", "auto", "12.5em", "22%", "11.5em"],
        list: true,
      },
    },
  ];
  const rep = replacementsTable(plan, opts);
  if (rep) out.push({ title: "六、递补记录", table: rep });
  out.push({
    title: `${rep ? "七" : "六"}、监督与异议`,
    paragraphs: [
      `监督电话：${pub.supervisionPhone ?? "（任务文件未载明）"}。` +
        `${pub.objection ?? "对抽取过程或结果有异议的，可向实施部门提出。"}`,
    ],
  });
  out.push({
    title: "附件：验证信息",
    annex: true,
    kv: [
      ["随机种子", plan.seed],
      ["种子来源", plan.seedSource || "（未说明）"],
      ["任务编号", plan.taskId],
      ["算法版本", `${plan.algorithm}（double-random ${plan.library.version}）`],
      ["任务 SHA-256（规范 JSON）", plan.taskDigest],
      ...Object.entries(plan.inputs).flatMap(([k, v]) => [
        ...(v.sha256 !== undefined ? [[`${k}（${v.rows} 行）文件 SHA-256`, v.sha256] as const] : []),
        ...(v.content !== undefined
          ? [[`${k}（${v.content.records} 条记录）内容摘要 ${v.content.format}`, v.content.sha256] as const]
          : []),
      ]),
      ["验证命令", verifyCommand()],
    ],
    paragraphs: [
      isPps(plan)
        ? "各层剩余样本量 n、剩余风险分值合计 W 与截止排序键 ξ 如下：排序键不大于截止值的对象入选（必入样对象除外）。"
        : "各层截止抽取号如下：抽取号不大于截止抽取号的对象入选，大于截止抽取号且不大于递补截止抽取号的对象列入递补名单。" +
          "任何市场主体可用随公示发布的查询页面（verify.html）离线计算本单位的抽取号。",
    ],
    table: annexTable(plan),
  });
  return out;
}

/** The 落款 lines: department and date from the task, or a statement that the task gives none. */
export function signatureLines(plan: Plan): string[] {
  const pub = plan.task.publication ?? {};
  return [
    pub.issuer ?? "（任务文件未载明落款单位）",
    pub.issuedOn === undefined ? "（任务文件未载明落款日期）" : chineseDate(pub.issuedOn),
  ];
}

/** `2026-11-21` → `2026年11月21日`. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/**
 * The composition of a joint task's teams in words (联合抽查: 各部门分别选派持证执法人员), with the reason of each
 * department that sends one inspector instead of two, as the plan records them.
 */
export function jointCompositionText(joint: NonNullable<Plan["joint"]>): string {
  const parts = Object.entries(joint.membersPerDepartment).map(([d, n]) => `${d} ${n} 名`);
  const single = Object.entries(joint.singleInspectorDepartments ?? {}).map(
    ([d, why]) => `${d}每组仅派 1 名持证执法人员，理由：${why}`,
  );
  return (
    `每个检查组由各部门分别选派持有效执法证的执法人员：${parts.join("、")}` +
    (single.length > 0 ? `；${single.join("；")}` : "") +
    "。各部门分别记录并公示本部门的检查结果。"
  );
}

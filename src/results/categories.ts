// Result categories (检查结果) as data with consequences: which apply to an item, which may not be combined,
// and the follow-up each one requires with its deadline in working days where the rules set one. Pure.

import { DEFAULT_RESULT_CATEGORIES } from "../model/schemas.js";

/** 未发现问题: stands alone. */
export const NO_PROBLEM = "未发现问题";
/** 已注销 and 已被吊销营业执照: the entity no longer exists as an operating business; they stand alone. */
export const TERMINAL_CATEGORIES: readonly string[] = ["已注销", "已被吊销营业执照"];
/** Categories that only the 公示信息 check (企业公示信息抽查) can find. */
export const PUBLIC_INFO_CATEGORIES: readonly string[] = [
  "未按规定公示应当公示的信息",
  "公示信息隐瞒真实情况、弄虚作假",
];

/** An item as far as its result categories are concerned. */
export interface ItemForResults {
  readonly id: string;
  readonly name: string;
  readonly department: string;
  readonly basis: string;
  readonly resultCategories?: readonly string[] | undefined;
}

/**
 * Whether an item is the 公示信息 check: its basis cites 《企业信息公示暂行条例》 or 《企业公示信息抽查办法》, or its
 * name speaks of 公示信息.
 */
export function isPublicInfoCheck(item: ItemForResults): boolean {
  return /企业信息公示暂行条例|企业公示信息抽查办法/.test(item.basis) || item.name.includes("公示信息");
}

/**
 * The result categories that apply to an item: the ones its items row declares (`resultCategories`), else the
 * configured list (`publication.resultCategories`, default SPEC §1) for the 公示信息 check, and that list without
 * the 公示信息-only categories ({@link PUBLIC_INFO_CATEGORIES}) for any other item.
 */
export function itemResultCategories(
  item: ItemForResults,
  configured: readonly string[] = DEFAULT_RESULT_CATEGORIES,
): readonly string[] {
  if (item.resultCategories !== undefined && item.resultCategories.length > 0) return item.resultCategories;
  if (isPublicInfoCheck(item)) return configured;
  return configured.filter((c) => !PUBLIC_INFO_CATEGORIES.includes(c));
}

/**
 * Why a set of categories cannot stand together (未发现问题 with anything else; 已注销/已被吊销营业执照 with
 * anything else; a category given twice), or `undefined` when it can.
 */
export function contradiction(categories: readonly string[]): string | undefined {
  const dup = categories.find((c, i) => categories.indexOf(c) !== i);
  if (dup !== undefined) return `检查结果“${dup}”重复`;
  if (categories.length < 2) return undefined;
  if (categories.includes(NO_PROBLEM)) {
    const others = categories.filter((c) => c !== NO_PROBLEM);
    return `“${NO_PROBLEM}”不能与其他检查结果（${others.join("、")}）同时填写`;
  }
  const terminal = categories.find((c) => TERMINAL_CATEGORIES.includes(c));
  if (terminal !== undefined) {
    const others = categories.filter((c) => c !== terminal);
    return `“${terminal}”的主体不能再有其他检查结果（${others.join("、")}）`;
  }
  return undefined;
}

/** The follow-up (后续处置) a result category requires. */
export interface FollowUpRule {
  readonly category: string;
  /** What the department must do, in formal Chinese. */
  readonly action: string;
  /** The articles that require it. */
  readonly basis: string;
  /**
   * Deadline in working days after the inspection end date (taken as the day the fact was established, 查实),
   * when the rules set one that runs from it; `"publication"` = within the results publication deadline.
   */
  readonly workingDays?: number | "publication";
  /** How the deadline runs when it is not computed here (e.g. from the date of a 责令 notice). */
  readonly deadlineNote?: string;
  /** Only for departments whose name contains this (a rule of that department's own procedure). */
  readonly onlyFor?: string;
}

/** The follow-ups the rules attach to the default categories (other categories have none). */
export const FOLLOW_UP_RULES: readonly FollowUpRule[] = [
  {
    category: "通过登记的住所（经营场所）无法联系",
    action: "作出将企业列入经营异常名录的决定，并通过国家企业信用信息公示系统公示",
    basis: "《企业公示信息抽查办法》第十三条、第十四条；《企业经营异常名录管理办法》第四条、第九条",
    workingDays: 10,
  },
  {
    category: "不配合检查情节严重",
    action: "通过国家企业信用信息公示系统公示企业不予配合情节严重的情况",
    basis: "《企业信息公示暂行条例》第十五条；《企业公示信息抽查办法》第十条、第十一条",
    workingDays: "publication",
  },
  {
    category: "未按规定公示应当公示的信息",
    action: "书面责令企业在10日内履行公示义务；逾期未公示的，列入经营异常名录并公示",
    basis: "《企业信息公示暂行条例》第十条、第十八条；《企业经营异常名录管理办法》第七条",
    deadlineNote: "列入决定：自责令期限届满之日起10个工作日内",
  },
  {
    category: "公示信息隐瞒真实情况、弄虚作假",
    action: "核查并决定是否立案查处（责令改正、罚款；情节严重的，列入严重违法失信名单）",
    basis: "《企业信息公示暂行条例》第十八条第二款；《市场监督管理行政处罚程序规定》第十八条",
    workingDays: 15,
    onlyFor: "市场监督管理",
  },
  {
    category: "发现问题待后续处理",
    action: "对发现的违法行为线索予以核查，决定是否立案，或移送有管辖权的部门",
    basis: "《市场监督管理行政处罚程序规定》第十七条、第十八条",
    workingDays: 15,
    onlyFor: "市场监督管理",
  },
  {
    category: "发现问题待后续处理",
    action: "依本部门的行政处罚程序对发现的问题后续处理，处理结果依法公示",
    basis: "本部门行政处罚程序规定",
  },
];

/** The follow-up rule of a category for a department (the department's own rule first), or `undefined`. */
export function followUpRule(category: string, department: string): FollowUpRule | undefined {
  let general: FollowUpRule | undefined;
  for (const r of FOLLOW_UP_RULES) {
    if (r.category !== category) continue;
    if (r.onlyFor === undefined) general ??= r;
    else if (department.includes(r.onlyFor)) return r;
  }
  return general;
}

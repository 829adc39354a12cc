// Expected problems as data: the closed list of issue codes, the issue shape, the one result shape, and
// rendering in Chinese (default) or English. Pure: no I/O.

/** Title of an issue code in Chinese and English (the message of an issue says more). */
export interface IssueCodeInfo {
  /** Short Chinese title. */
  readonly zh: string;
  /** Short English title. */
  readonly en: string;
}

/**
 * Every issue code this library reports, with its Chinese and English title. The keys form {@link IssueCode}:
 * a code not listed here does not compile.
 */
export const ISSUE_CODES = {
  // files
  "file-not-found": { zh: "找不到文件", en: "file not found" },
  encoding: { zh: "文件无法按指定编码解码", en: "the file cannot be decoded in its encoding" },
  "invalid-csv": { zh: "CSV 格式错误", en: "malformed CSV" },
  "invalid-json": { zh: "JSON 格式错误", en: "malformed JSON" },
  "invalid-row": { zh: "该行不是对象", en: "the row is not an object" },
  "column-count": { zh: "列数与表头不一致", en: "the row has another number of cells than the header" },
  "unknown-column": { zh: "未知列（已忽略）", en: "unknown column (ignored)" },
  "duplicate-column": { zh: "列重复", en: "duplicate column" },
  "missing-column": { zh: "缺少必填列", en: "a required column is missing" },
  "more-issues": { zh: "其余同类问题未逐条列出", en: "further issues of the same kind were not listed" },
  // values (input rows and task keys)
  "missing-value": { zh: "缺少必填值", en: "a required value is missing" },
  "invalid-type": { zh: "值的类型错误", en: "the value has the wrong type" },
  whitespace: { zh: "值含首尾空白字符", en: "the value has leading or trailing white space" },
  "invalid-date": { zh: "日期无效", en: "invalid date" },
  "invalid-date-range": { zh: "日期区间无效", en: "invalid date range" },
  "invalid-integer": { zh: "不是非负整数", en: "not a non-negative integer" },
  "invalid-list": { zh: "分号分隔的列表无效", en: "invalid semicolon-separated list" },
  "invalid-region": { zh: "行政区划代码无效", en: "invalid region code" },
  "invalid-uscc": {
    zh: "统一社会信用代码无效",
    en: "invalid unified social credit code (GB 32100-2015)",
  },
  "invalid-value": { zh: "值无法识别", en: "value not recognised" },
  "invalid-format": { zh: "值的格式错误", en: "the value has the wrong format" },
  "out-of-range": { zh: "值超出允许范围", en: "value out of range" },
  "unknown-key": { zh: "未知的键", en: "unknown key" },
  "region-mismatch": {
    zh: "信用代码中的登记机关代码与行政区划代码不一致",
    en: "the registration authority digits of the credit code differ from the region code",
  },
  // references between inputs
  "duplicate-id": { zh: "编号重复", en: "duplicate id" },
  "duplicate-certificate": { zh: "执法证号重复", en: "duplicate certificate number" },
  "unknown-item": { zh: "未知的抽查事项", en: "unknown inspection item" },
  "unknown-inspector": { zh: "未知的执法检查人员", en: "unknown inspector" },
  "unknown-entity": { zh: "不是本计划的检查对象", en: "not an entity of this plan" },
  "unknown-risk-class": { zh: "未设定的信用风险分类", en: "risk class not set in the task" },
  "unknown-forced": {
    zh: "必查名单中的对象不在名录库中",
    en: "a forced entity is not in the directory",
  },
  "unknown-excluded": {
    zh: "排除名单中的对象不在名录库中",
    en: "an excluded entity is not in the directory",
  },
  // sampling
  "unknown-field": { zh: "未知的分层字段", en: "unknown stratification field" },
  "invalid-rate": { zh: "抽查比例无效", en: "invalid rate" },
  "missing-rates": { zh: "未设定抽查比例或样本量", en: "neither rates nor a sample size" },
  "conflicting-sizes": {
    zh: "抽查比例与样本量只能二选一",
    en: "rates and a sample size are mutually exclusive",
  },
  "invalid-bounds": { zh: "样本量上下限矛盾", en: "minimum above maximum" },
  "stratum-without-rate": { zh: "层没有设定抽查比例", en: "a stratum has no rate" },
  "missing-weight": { zh: "缺少风险分值", en: "missing weight" },
  "weight-overflow": { zh: "风险分值合计过大", en: "the sum of weights is too large" },
  // calendar and schedule
  "invalid-window": { zh: "检查时间窗口无效", en: "invalid inspection window" },
  "empty-window": { zh: "检查时间窗口内没有工作日", en: "no working day in the inspection window" },
  "calendar-year-missing": { zh: "缺少该年度的工作日数据", en: "no working-day data for the year" },
  "invalid-calendar": { zh: "日历文件无效", en: "invalid calendar file" },
  // teams and replacements
  unstaffed: { zh: "有任务未能配齐检查组", en: "some tasks could not be staffed" },
  "joint-quota": {
    zh: "联合抽查中部门派出的执法人员少于两名",
    en: "a department of a joint inspection sends fewer than two inspectors",
  },
  "team-department-unused": {
    zh: "检查组设定中的部门不是任何事项的实施部门",
    en: "a department in the team rules carries out none of the items",
  },
  "not-a-member": { zh: "不是该检查组的成员", en: "not a member of the team" },
  "no-replacement": { zh: "没有可递补的人员", en: "no eligible replacement" },
  "reserve-exhausted": { zh: "递补名单已用完", en: "the reserve list is exhausted" },
  // results
  "unknown-category": { zh: "未知的检查结果类别", en: "unknown result category" },
  "date-outside-window": { zh: "日期不在任务时间内", en: "date outside the task window" },
  "duplicate-result": { zh: "结果重复", en: "duplicate result" },
  // plans, commitments and re-checks
  "plan-exists": { zh: "计划已存在", en: "a plan already exists" },
  "invalid-plan": { zh: "计划文件无效", en: "invalid plan file" },
  "invalid-commitment": { zh: "承诺文件无效", en: "invalid commitment file" },
  "input-changed": { zh: "输入已变更", en: "an input changed" },
  "input-missing": { zh: "缺少输入", en: "an input is missing" },
  "database-unreachable": { zh: "无法连接检查对象数据库", en: "the entity database cannot be reached" },
  "database-error": { zh: "读取检查对象数据库时出错", en: "error reading the entity database" },
  "not-expressible": {
    zh: "该抽取设定无法表达为单条 SQL",
    en: "the draw settings cannot be expressed as one SQL statement",
  },
  "ticket-worker-failed": {
    zh: "计算抽取号的工作线程未能完成",
    en: "the ticket worker thread did not finish",
  },
  // annual plan and year-end statistics
  "coverage-below-floor": { zh: "年度抽查覆盖率低于下限", en: "yearly coverage below a floor" },
  "annual-item-overlap": {
    zh: "同一事项在本年度对同一对象重复安排",
    en: "the same item is planned twice in the year for the same entities",
  },
  "department-short": {
    zh: "部门持有效执法证的执法人员不足",
    en: "a department has too few certified inspectors",
  },
  "department-capacity": {
    zh: "部门执法人员的检查能力不足",
    en: "a department's inspectors cannot cover the planned visits",
  },
  "item-department-absent": {
    zh: "事项的实施部门未参与该任务",
    en: "the item's department takes no part in the task",
  },
  "window-on-day-off": { zh: "检查时间的起止日不是工作日", en: "the window starts or ends on a day off" },
  "window-outside-year": { zh: "检查时间不在计划年度内", en: "the window is outside the plan's year" },
  "window-outside-quarter": { zh: "检查时间不在所定季度内", en: "the window is outside its quarter" },
  "missing-window": { zh: "缺少检查时间", en: "no quarter or window" },
  "calendar-from-file": {
    zh: "工作日数据取自日历文件",
    en: "working days come from a calendar file",
  },
  "calendar-provisional": { zh: "工作日数据为暂定", en: "the working-day data is provisional" },
  "no-floor-item": { zh: "没有可适用年度下限的事项", en: "no item the national floor applies to" },
  "stale-task-file": { zh: "输出目录中有不属于本计划的任务文件", en: "a task file not of this plan" },
  "task-not-found": { zh: "找不到计划的任务文件", en: "the plan's task file was not found" },
  "no-results": { zh: "没有结果文件", en: "no results file" },
  // input strictness, results and plan warnings
  "empty-file": { zh: "输入文件为空（0 字节）", en: "the input file is empty (0 bytes)" },
  "empty-input": { zh: "检查对象名录没有任何记录", en: "the entity directory holds no records" },
  "empty-frame": {
    zh: "经范围筛选和排除后抽取范围为空",
    en: "nothing is left to draw from after scope and exclusions",
  },
  "ignored-known-column": {
    zh: "忽略列清单中列出了本应读取的已知列",
    en: "a known column is listed among the ignored columns",
  },
  "provisional-calendar": {
    zh: "日期依据的工作日数据为暂定",
    en: "a date rests on working-day data marked provisional",
  },
  "forced-inspected-this-year": {
    zh: "必查对象本年度已就同一事项接受检查",
    en: "a forced entity was already inspected for the same item this year",
  },
  "department-mismatch": {
    zh: "检查实施机关与事项的实施部门不一致",
    en: "the inspecting department is not the item's department",
  },
  "category-not-applicable": {
    zh: "该检查结果类别不适用于此抽查事项",
    en: "the result category does not apply to the item",
  },
  "contradictory-categories": { zh: "检查结果类别相互矛盾", en: "contradictory result categories" },
  "date-after-as-of": { zh: "日期晚于统计截止日", en: "the date is after the as-of date" },
  // the CLI's output folder and draw log
  "output-locked": {
    zh: "输出目录正被另一次运行占用（已加锁）",
    en: "the output folder is locked by another run",
  },
  "plan-mismatch": {
    zh: "输出目录中的计划不是所给的计划",
    en: "the output folder holds another plan",
  },
  "seed-source-mismatch": {
    zh: "种子来源与承诺文件中事先公布的不一致",
    en: "the seed source differs from the one named in the commitment",
  },
} as const satisfies Record<string, IssueCodeInfo>;

/** The closed union of issue codes (the keys of {@link ISSUE_CODES}). */
export type IssueCode = keyof typeof ISSUE_CODES;

/** Whether a string is one of the library's issue codes. */
export function isIssueCode(s: string): s is IssueCode {
  return Object.hasOwn(ISSUE_CODES, s);
}

/** The language an issue is rendered in: formal Chinese (default) or English. */
export type IssueLanguage = "zh" | "en";

/**
 * Where an issue was found: a file name as the user gave it (never resolved to an absolute path), with a
 * 1-based row (header = row 1) and a column (canonical key), or a task key path such as `sampling.rates.B`.
 */
export interface IssueLocation {
  /** File the problem was found in, as the user named it (relative paths stay relative). */
  readonly file?: string;
  /** 1-based row; the header row is row 1 (NDJSON: the line; JSON: the array index + 1). */
  readonly row?: number;
  /** Column of a tabular input, by its canonical key (or the header as written when it is unknown). */
  readonly column?: string;
  /** Key path in the task file (or another JSON document): `sampling.rates.B`, `items[0]`. */
  readonly key?: string;
}

/**
 * One expected problem, reported as data: a code literal, a location and a message in formal Chinese (English
 * available through {@link formatIssue}). Functions of this library return lists of these instead of throwing.
 */
export interface Issue extends IssueLocation {
  /** Stable machine-readable code, one of {@link ISSUE_CODES}. */
  readonly code: IssueCode;
  /** `error` stops the plan from being written; `warning` is reported and the plan still comes out. */
  readonly severity: "error" | "warning";
  /** Message in formal Chinese, for the official reading it. */
  readonly message: string;
  /** Message in English, when the source of the issue gave one (else {@link formatIssue} uses the code's title). */
  readonly messageEn?: string;
  /** The offending value, as read. */
  readonly received?: string;
}

/** The one result shape of operations that can fail in expected ways: a value, or the issues why not. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** A successful {@link Result} (with the warnings, if any). */
export function success<T>(value: T, issues: readonly Issue[] = []): Result<T> {
  return { ok: true, value, issues };
}

/** A failed {@link Result}. */
export function failure<T = never>(issues: readonly Issue[]): Result<T> {
  return { ok: false, issues };
}

/** Location and extras accepted by {@link issue}; undefined values are left out. */
export interface IssueAt {
  file?: string | undefined;
  row?: number | undefined;
  column?: string | undefined;
  key?: string | undefined;
  received?: string | undefined;
  messageEn?: string | undefined;
}

/** Build an issue (an error unless `severity` says otherwise) without undefined-valued optional keys. */
export function issue(
  code: IssueCode,
  message: string,
  at: IssueAt = {},
  severity: "error" | "warning" = "error",
): Issue {
  const out: { -readonly [K in keyof Issue]: Issue[K] } = { code, severity, message };
  if (at.file !== undefined) out.file = at.file;
  if (at.row !== undefined) out.row = at.row;
  if (at.column !== undefined) out.column = at.column;
  if (at.key !== undefined) out.key = at.key;
  if (at.received !== undefined) out.received = at.received;
  if (at.messageEn !== undefined) out.messageEn = at.messageEn;
  return out;
}

/** True when any issue of the list is an error. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

/** A key path as written in issues: `sampling.rates.B`, `items[0]`, `sampling.stratifyBy[1]`. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** The location of an issue as text (`entities.csv 第3行 列 id`, `task.json 键 sampling.rates.B`). */
export function formatLocation(i: IssueLocation, lang: IssueLanguage = "zh"): string {
  const parts: string[] = [];
  if (i.file !== undefined) parts.push(i.file);
  if (lang === "zh") {
    if (i.row !== undefined) parts.push(`第${i.row}行`);
    if (i.column !== undefined && i.column !== "") parts.push(`列 ${i.column}`);
    if (i.key !== undefined && i.key !== "") parts.push(`键 ${i.key}`);
  } else {
    if (i.row !== undefined) parts.push(`row ${i.row}`);
    if (i.column !== undefined && i.column !== "") parts.push(`column ${i.column}`);
    if (i.key !== undefined && i.key !== "") parts.push(`key ${i.key}`);
  }
  return parts.join(" ");
}

/** The message of an issue in a language: its own, or in English the code's title with the value received. */
export function issueMessage(i: Issue, lang: IssueLanguage = "zh"): string {
  if (lang === "zh") return i.message;
  if (i.messageEn !== undefined) return i.messageEn;
  const title = isIssueCode(i.code) ? ISSUE_CODES[i.code].en : i.code;
  return i.received !== undefined ? `${title}: ${JSON.stringify(i.received)}` : title;
}

/**
 * Render one issue as a single line: `entities.csv 第3行 列 id: 错误 [invalid-uscc] 统一社会信用代码校验位错误…`
 * (Chinese, default) or `entities.csv row 3 column id: error [invalid-uscc] …` (English).
 */
export function formatIssue(i: Issue, lang: IssueLanguage = "zh"): string {
  const where = formatLocation(i, lang);
  const sev =
    lang === "zh" ? (i.severity === "error" ? "错误" : "警告") : i.severity === "error" ? "error" : "warning";
  return `${where ? `${where}: ` : ""}${sev} [${i.code}] ${issueMessage(i, lang)}`;
}

/** Issues located by a task key but not yet in a file get the task file's name (as given). */
export function inFile(issues: readonly Issue[], file: string): Issue[] {
  return issues.map((i) => (i.file === undefined && i.key !== undefined ? { ...i, file } : i));
}

// The words of the generated docs/ (scripts/docs.ts): what each column, task key and plan key means, and an
// example value of each column. Keys, types, required-ness and allowed values come from the zod schemas; a key
// that has no entry here is listed with an empty description (add one, then run `npm run docs`).

/** Description and example of each input column, by `<kind>.<key>`. */
export const COLUMN_TEXT: Readonly<
  Record<string, { readonly description: string; readonly example: unknown }>
> = {
  "entities.id": {
    description:
      "统一社会信用代码: 18 characters of `0123456789ABCDEFGHJKLMNPQRTUWXY` with a valid GB 32100-2015 check digit",
    example: "913502000728319549",
  },
  "entities.name": {
    description: "Registered name",
    example: "福州福恒汽车销售有限公司",
  },
  "entities.kind": {
    description: "Kind of market subject (主体类型)",
    example: "enterprise",
  },
  "entities.region": {
    description: "Administrative division code (GB/T 2260, 6 digits) where the entity is supervised",
    example: "350200",
  },
  "entities.industry": {
    description: "Industry code (GB/T 4754), for 定向 filters and strata",
    example: "5261",
  },
  "entities.riskClass": {
    description: "Credit-risk class as the bureau names them (e.g. A–D, or A–E)",
    example: "B",
  },
  "entities.weight": {
    description: 'Risk score: a non-negative integer, needed only for πps sampling (`sampling.mode: "pps"`)',
    example: 18,
  },
  "entities.status": {
    description: "Registration status; every status but `active` is excluded from the draw",
    example: "active",
  },
  "entities.registeredOn": {
    description: "Date of establishment (成立日期)",
    example: "2012-04-06",
  },
  "entities.tags": {
    description:
      "Tags such as 经营异常名录 or 严重违法失信名单 (used by `forced.tags` and 定向 filters) (`;`-separated in CSV)",
    example: ["经营异常名录"],
  },
  "entities.address": {
    description: "住所（经营场所）: registered address, for the visit record sheets",
    example: "福州市鼓楼区五四路1号",
  },
  "entities.legalRepresentative": { description: "法定代表人（负责人、经营者）", example: "张三" },
  "inspectors.id": {
    description: "Inspector id (人员编号), unique",
    example: "FZ0001",
  },
  "inspectors.name": {
    description: "Name",
    example: "肖玲玲",
  },
  "inspectors.certificateNo": {
    description: "执法证号: required for role `inspector`, empty for experts; unique among inspectors",
    example: "闽35010000",
  },
  "inspectors.certificateExpiresOn": {
    description:
      "Last day the certificate is valid; a certificate without an expiry date is not taken as valid",
    example: "2027-12-31",
  },
  "inspectors.department": {
    description: "Department (所属部门); joint inspections take members per department",
    example: "福州市市场监督管理局",
  },
  "inspectors.unit": {
    description: "Section within the department (科室), for `teams.oneMemberPerUnit`",
    example: "产品质量科",
  },
  "inspectors.region": {
    description: "Home administrative division code (GB/T 2260), for `teams.homeRegionPrefix`",
    example: "350102",
  },
  "inspectors.specialties": {
    description:
      "Specialties (业务专长), matched against the items' required specialties (`;`-separated in CSV)",
    example: ["企业公示信息", "特种设备"],
  },
  "inspectors.role": {
    description: "`inspector` (certified 执法人员) or `expert` (专家: only on top of the certified members)",
    example: "inspector",
  },
  "inspectors.maxTasks": {
    description:
      "Personal cap on visits in this task (the lower of this and `teams.maxTasksPerInspector` applies)",
    example: 10,
  },
  "inspectors.unavailable": {
    description: "Days the inspector cannot go: dates or ranges `from~to`, `;`-separated in CSV",
    example: [
      {
        from: "2026-12-01",
        to: "2026-12-05",
      },
      {
        from: "2026-12-20",
        to: "2026-12-20",
      },
    ],
  },
  "items.id": {
    description: "Item id (事项编号), as listed in the task's `items`",
    example: "GS-001",
  },
  "items.name": {
    description: "Item name",
    example: "企业公示信息抽查",
  },
  "items.department": {
    description: "Department that carries out the item (实施部门)",
    example: "福州市市场监督管理局",
  },
  "items.basis": {
    description: "Legal basis (抽查依据)",
    example: "《企业信息公示暂行条例》第十四条",
  },
  "items.content": {
    description: "What is checked (抽查内容)",
    example: "年度报告、即时信息公示情况",
  },
  "items.method": {
    description: "How it is checked (检查方式)",
    example: "书面检查;实地核查",
  },
  "items.category": {
    description: "`general` (一般) or `key` (重点) item",
    example: "general",
  },
  "items.specialties": {
    description: "Specialties at least one team member of the department must have (`;`-separated in CSV)",
    example: ["企业公示信息"],
  },
  "conflicts.inspectorId": {
    description: "Inspector id; must be in the inspectors file",
    example: "FZ0014",
  },
  "conflicts.entityId": {
    description: "统一社会信用代码 of the entity the inspector must not inspect",
    example: "913502000728319549",
  },
  "conflicts.relation": {
    description: "Reason for recusal (回避事由)",
    example: "配偶",
  },
  "conflicts.until": {
    description: "Last day the conflict holds (empty: open-ended)",
    example: "2027-06-30",
  },
  "history.entityId": {
    description: "统一社会信用代码 of the entity inspected",
    example: "913502000728319549",
  },
  "history.itemId": {
    description: "Item id inspected",
    example: "GS-001",
  },
  "history.inspectedOn": {
    description: "Date of the inspection",
    example: "2025-09-12",
  },
  "history.inspectorIds": {
    description: "Inspectors who went (for `teams.rotationWithinDays`) (`;`-separated in CSV)",
    example: ["FZ0045", "FZ0053"],
  },
};
/** Description of each task key, by key path. */
export const TASK_TEXT: Readonly<Record<string, string>> = {
  id: "Task id; also the scope of the entity draw's tickets",
  name: "Task name, as published",
  department: "Department that runs the task (the lead department of a joint inspection)",
  items: "Ids of the inspection items (抽查事项) of the task, from the items file",
  inputs: "Input files, relative to the task file's folder",
  "inputs.entities": "Entity directory (检查对象名录库): CSV, NDJSON, JSON",
  "inputs.inspectors": "Inspector directory (执法检查人员名录库)",
  "inputs.items": "Inspection item list (随机抽查事项清单)",
  "inputs.conflicts": "Conflicts of interest (利害关系, 回避)",
  "inputs.history": "Inspection history (for exclusions and rotation)",
  "inputs.calendar": "Calendar file (`double-random/calendar@1`) for years without built-in data",
  "inputs.ignoreColumns":
    "Columns each input file may carry that are read by nobody (any other unknown column is an error)",
  "inputs.ignoreColumns.entities": "Ignored columns of the entities file",
  "inputs.ignoreColumns.inspectors": "Ignored columns of the inspectors file",
  "inputs.ignoreColumns.items": "Ignored columns of the items file",
  "inputs.ignoreColumns.conflicts": "Ignored columns of the conflicts file",
  "inputs.ignoreColumns.history": "Ignored columns of the history file",
  "sampling.allowEmptyFrame":
    "Accept an entities file without records, or a frame left empty by scope and exclusions (default false: an error)",
  "inputs.engine":
    "`duckdb`: read a CSV entity file with the embedded DuckDB (Parquet files always are); default `library`",
  "inputs.encoding": "Text encoding of the CSV inputs (default `auto`: BOM or valid UTF-8, else GB18030)",
  scope:
    '`{"mode":"undirected"}` (不定向: the whole directory) or `{"mode":"directed","filters":{…}}` (定向)',
  "scope.mode":
    "`undirected`: 不定向, the whole directory; `directed`: 定向, filtered by `scope.filters` first",
  "scope.filters=undefined": "Filters of a 定向 draw; all given filters must hold",
  "scope.filters": "Filters of a 定向 draw; all given filters must hold",
  "scope.filters.kind": "Kinds of subject to keep",
  "scope.filters.regionPrefix": "Keep entities whose region code starts with one of these (1–6 digits)",
  "scope.filters.industry": "Keep these industry codes",
  "scope.filters.industryPrefix": "Keep industry codes starting with one of these",
  "scope.filters.tags": "Keep entities with at least one of these tags",
  "scope.filters.riskClass": "Keep these risk classes",
  "scope.filters.registeredBefore": "Keep entities established before this date",
  "scope.filters.registeredAfter": "Keep entities established after this date",
  exclusions: "Exclusions besides inactive status (注销/吊销/迁出/撤销/停业 are always excluded)",
  "exclusions.sameItemWithinDays":
    "Exclude entities inspected for a task item within this many days before `schedule.start`",
  "exclusions.sameItemThisYear":
    "Exclude entities inspected for a task item this calendar year (default true)",
  "exclusions.entities": "统一社会信用代码 of entities to exclude",
  forced: "必查/重点 entities: selected with probability 1; exclusion wins over forcing",
  "forced.tags": "Entities with any of these tags are always inspected (必查)",
  "forced.entities": "统一社会信用代码 of entities always inspected",
  sampling: "The entity draw (first random)",
  "sampling.mode": "`srs` (default: stratified by rates or size) or `pps` (Pareto πps on `weight`)",
  "sampling.stratifyBy":
    "Stratum fields: `riskClass`, `region`, `region:N` (first N digits), `kind`, `industry`, `status`",
  "sampling.riskClasses": "The risk classes the task knows; an entity with another class is an error",
  "sampling.rates":
    'Rate per stratum key (full key, then the first field\'s value, then `"*"`): a number 0–1 with at most 6 decimals, or a string like `"5%"`',
  "sampling.size": "Total sample size (instead of `rates`)",
  "sampling.classWeights": "With `size`: allocation ∝ N_h·w_h by largest remainder",
  "sampling.rounding": "Rounding of N_h × rate (default `ceil`; `round` is half up)",
  "sampling.reserve": "Rate of the reserve list (递补名单) per stratum (default 0)",
  "sampling.min": "Minimum sample size per stratum",
  "sampling.max": "Maximum sample size per stratum",
  teams: "Inspector teams (second random)",
  "teams.size": "Certified inspectors per visit (default 2, at least 2)",
  "teams.maxTasksPerInspector": "Visits per inspector in this task (default 20)",
  "teams.maxTasksPerInspectorPerDay": "Visits per inspector per day (default: no cap)",
  "teams.oneMemberPerUnit": "At most one member per 科室 in a team",
  "teams.rotationWithinDays": "Exclude inspectors who inspected the entity within this many days",
  "teams.homeRegionPrefix":
    "Exclude inspectors whose region shares this many leading digits with the entity's",
  "teams.departments": "Joint inspections: certified members per participating department (at least 2)",
  "teams.singleInspectorDepartments":
    "Joint inspections: departments that send one inspector, each with the reason (stated in the plan and notice)",
  "teams.experts": "Experts added on top of the certified members (never counted in `size`)",
  schedule: "Inspection window and publication deadline",
  "schedule.start": "First day of the inspection window",
  "schedule.end": "Last day of the inspection window",
  "schedule.publishWithinWorkingDays":
    "Results are published within this many working days after the visit (default 20, 抽查办法 第12条)",
  publication: "Publication (公示) options",
  "publication.issuer": "落款单位 of the notice (default: none stated; the notice says so)",
  "publication.issuedOn": "落款日期 of the notice",
  "publication.drawnAt": '抽取时间 as it should be published (e.g. "2026年11月21日 10:00")',
  "publication.drawnHow": "抽取地点 / 方式 in words, beside the method the notice states",
  "publication.witnesses": '见证人 / 公证 (e.g. "福州市公证处公证员 某某")',
  "publication.supervisionPhone": "监督电话",
  "publication.objection": "异议 channel in words (where and until when objections are received)",
  "publication.jointDepartments": "参与 departments of a joint task, when not all are named by its items",
  "publication.riskClassLabels":
    'Public labels of the risk classes, e.g. `{"A": "低风险"}` (default for A–D: 国市监信发〔2022〕6号)',
  "publication.maskIndividualNames": "Mask natural-person names of 个体工商户 in public files (default true)",
  "publication.resultCategories": "Result categories accepted by `results` (default: the national list)",
};

/** Description of each key of a calendar file. */
export const CALENDAR_TEXT: Readonly<Record<string, string>> = {
  format: "Always `double-random/calendar@1`",
  note: "Free text, e.g. the notice the data was taken from",
  years: 'Per year (`"2027"`): its holidays and make-up working days; replaces built-in data',
  "years.*.holidays": "Days off (weekdays among them are not working days)",
  "years.*.workdays": "Make-up working days (调休上班日): weekend days that are working days",
  "years.*.through":
    "Last date the data holds for (default 31 December); later dates of the year are refused",
};

/** What each key of plan.json holds (keys of the schema without an entry here are listed without one). */
export const PLAN_TEXT: Readonly<Record<string, string>> = {
  format: "Always `double-random/plan@1`",
  algorithm: "Version of the draw algorithm (`double-random/draw@1`): decisions change only with it",
  library: "The library that wrote the plan",
  "library.name": "`double-random`",
  "library.version": "Its version",
  taskId: "The task's `id`",
  taskName: "The task's `name`",
  department: "The task's `department`",
  seed: "The public seed",
  seedSource: "Where the seed came from (e.g. a lottery draw)",
  seedDigest: "SHA-256 of the UTF-8 NFC seed, as recorded in the draw log",
  task: "The task as read (see [task.md](task.md))",
  taskFile: "The task file, relative to the plan's folder (lets `verify` find the inputs)",
  taskDigest: "SHA-256 of the task's canonical JSON without `inputs` (README: the task digest)",
  inputs: "Per input (`entities`, `inspectors`, …, `calendar`): what was read",
  "inputs.*.path": "The input file's path as named in the task (inputs read from a file)",
  "inputs.*.sha256": "SHA-256 of the file's bytes (inputs read from a file)",
  "inputs.*.rows": "Number of records",
  "inputs.*.content":
    "Content digest of the validated records: independent of format, encoding, headers and row order",
  "inputs.*.content.format": "`content@1` (README: the content digest)",
  "inputs.*.content.sha256": "SHA-256 over the sorted record digests",
  "inputs.*.content.records": "Number of records digested",
  items: "The task's inspection items, as in the items file",
  "items[].id": "Item id",
  "items[].name": "Item name",
  "items[].department": "Department carrying out the item",
  "items[].basis": "Legal basis",
  "items[].content": "What is checked",
  "items[].method": "How it is checked",
  "items[].category": "`general` or `key`",
  strata: "One entry per stratum",
  "strata[].key": "Stratum key (the `stratifyBy` values joined by `|`)",
  "strata[].population": "N_h: entities in the random frame of the stratum",
  "strata[].sampleSize": "n_h: randomly selected entities",
  "strata[].inclusionProbability": "n_h / N_h",
  "strata[].rate": "The rate applied, as written in the task",
  "strata[].reserveSize": "Length of the stratum's reserve list",
  "strata[].notSelected": "Entities of the frame neither selected nor in reserve",
  "strata[].forced": "Forced (必查) entities of the stratum",
  "strata[].ppsN": "πps: the sample size left for the key draw after the take-all units",
  "strata[].ppsW": "πps: the total weight of the units left after the take-all units",
  "strata[].takeAll": "πps: entities taken with certainty",
  selected: "The entities to inspect, by id",
  "selected[].entityId": "统一社会信用代码",
  "selected[].name": "Name (natural-person names of 个体工商户 are masked in public files when asked)",
  "selected[].kind": "Kind of subject",
  "selected[].region": "Region code",
  "selected[].riskClass": "Risk class",
  "selected[].industry": "Industry code",
  "selected[].takeAll": "πps: a take-all unit (λ ≥ 1), selected with certainty",
  "selected[].xi": "πps: the Pareto key ξ (absent for take-all units)",
  "selected[].address": "住所（经营场所）, when the directory has it",
  "selected[].legalRepresentative": "法定代表人（负责人、经营者）, when the directory has it",
  "selected[].stratum": "Stratum key",
  "selected[].ticket": "The entity's 13-hex-digit ticket",
  "selected[].inclusionProbability": "n_h / N_h, or 1 when forced",
  "selected[].reason": "`random`, the forced reason, or `replacement`",
  reserve: "The ordered reserve list (递补名单), per stratum",
  "reserve[].rank": "Position in the stratum's reserve list (1 = first to step in)",
  excluded: "Entities left out before the draw",
  "excluded.counts": "Count per reason code",
  "excluded.list": "Each excluded entity with its reason code",
  "excluded.list[].entityId": "统一社会信用代码",
  "excluded.list[].name": "Name",
  "excluded.list[].reason":
    "Reason code: `status-…` (inactive), `listed`, `inspected-within-window`, `inspected-this-year`",
  accounting: "Every input entity ends in exactly one of these counts",
  "accounting.input": "Entities read",
  "accounting.selected": "Randomly selected",
  "accounting.forced": "Forced (必查)",
  "accounting.reserve": "In a reserve list",
  "accounting.notSelected": "In the frame, neither selected nor in reserve",
  "accounting.excluded": "Excluded before the draw",
  "accounting.outOfScope": "Outside a 定向 scope",
  assignments: "The team of each selected entity",
  "assignments[].entityId": "统一社会信用代码",
  "assignments[].inspectorIds": "Certified members",
  "assignments[].expertIds": "Experts added on top",
  "assignments[].complete": "Whether the team was fully staffed",
  inspectors: "The inspectors named in the teams",
  "inspectors[].id": "Inspector id",
  "inspectors[].name": "Name",
  "inspectors[].certificateNo": "执法证号 (empty for experts)",
  "inspectors[].department": "Department",
  "inspectors[].role": "`inspector` or `expert`",
  schedule: "Visit dates and publication deadlines",
  "schedule[].entityId": "统一社会信用代码",
  "schedule[].date": "Visit date (a working day in the window)",
  "schedule[].publishBy": "The `publishWithinWorkingDays`-th working day after the visit",
  unstaffed: "Visits whose team could not be completed, with the reason",
  "unstaffed[].entityId": "统一社会信用代码",
  "unstaffed[].date": "Visit date",
  "unstaffed[].missing": "Places left empty",
  "unstaffed[].reason": "Why, in words",
  bottlenecks: "Why (the scarce inspectors, in words)",
  loads: "Visits per inspector",
  replacements: "递补 after the draw, in order (replayed by `verify`)",
  "replacements[].type": "`entity` or `inspector`",
  "replacements[].entityId": "The entity leaving, or whose team changes",
  "replacements[].replacedBy": "The entity or inspector stepping in",
  "replacements[].inspectorId": "The inspector leaving (type `inspector`)",
  "replacements[].entityName": "The replaced entity's name (for the public 递补 record)",
  "replacements[].entityKind": "The replaced entity's kind",
  "replacements[].date": "The day of the replacement, when the caller gave it",
  "replacements[].reason": "Why",
  teamsAlgorithm: "Version of the team rules and staffing (`double-random/teams@2`); absent in older plans",
  joint: "Joint inspections (联合抽查): how the teams are composed, for the notice",
  "joint.initiator": "发起部门: the task's department",
  "joint.participants": "参与部门: departments of the task's items",
  "joint.membersPerDepartment": "Certified inspectors each department sends to every team",
  "joint.singleInspectorDepartments": "Departments sending one inspector, with the reason",
  issues: "Warnings found while planning (see [issues.md](issues.md))",
  "issues[].code": "Issue code",
  "issues[].severity": "`error` or `warning`",
  "issues[].message": "Message in Chinese",
  "issues[].file": "File, as named in the task",
  "issues[].row": "Row (header = row 1)",
  "issues[].column": "Column (canonical key)",
  "issues[].key": "Task key path",
  "issues[].received": "The value read",
  "issues[].messageEn": "Message in English, when there is one",
};

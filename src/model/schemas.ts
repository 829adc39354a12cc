import { z } from "zod";
import { isIsoDate } from "./dates.js";
import { isValidUscc } from "./uscc.js";

/** 统一社会信用代码: 18 characters with a valid GB 32100 check digit. */
export const UsccSchema = z
  .string()
  .refine(isValidUscc, {
    message: "不是有效的统一社会信用代码（GB 32100-2015 校验位）",
    params: { code: "invalid-uscc" },
  })
  .meta({ description: "统一社会信用代码 (GB 32100-2015)", pattern: "^[0-9A-HJ-NPQRTUWXY]{18}$" });
/** A real calendar date `YYYY-MM-DD`. */
export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, { message: "不是有效日期（应为 YYYY-MM-DD）", params: { code: "invalid-date" } })
  .meta({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
/** A 6-digit GB/T 2260 region code. */
export const RegionSchema = z
  .string()
  .refine((s) => /^\d{6}$/.test(s), {
    message: "行政区划代码必须是6位数字",
    params: { code: "invalid-region" },
  })
  .meta({ pattern: "^\\d{6}$" });
/** A rate: a number with at most 6 fractional digits, or a decimal / percent string (`"5%"`). */
export const RateSchema = z.union(
  [
    z.number().min(0).max(1),
    z.string().regex(/^\s*\d+(\.\d{1,6})?\s*%?\s*$/, '比例须为至多6位小数的小数或百分比字符串（如 "5%"）'),
  ],
  { error: '比例须为 0 到 1 之间的数（至多6位小数）或百分比字符串（如 "5%"）' },
);
const Origin = z.object({ file: z.string(), row: z.number().int().min(1) });

/** A field's description and example (for the JSON Schemas and the generated docs/). */
const about = (description: string, example: unknown) => ({ description, examples: [example] });
const text = (description: string, example: string) => z.string().min(1).meta(about(description, example));
const date = (description: string, example: string) => IsoDateSchema.meta(about(description, example));
const list = (description: string, example: string[]) =>
  z.array(z.string().min(1)).meta(about(`${description} (\`;\`-separated in CSV)`, example));
const count = (description: string, example: number) =>
  z.number().int().min(0).meta(about(description, example));
const uscc = (description: string) => UsccSchema.meta(about(description, "913502000728319549"));
const region = (description: string) => RegionSchema.meta(about(description, "350102"));

/** Schema of a validated entity record (canonical keys). */
export const EntitySchema = z.object({
  id: uscc(
    "统一社会信用代码: 18 characters of `0123456789ABCDEFGHJKLMNPQRTUWXY` with a valid GB 32100-2015 check digit",
  ),
  name: text("Registered name", "福州福恒汽车销售有限公司"),
  kind: z
    .enum(["enterprise", "individual", "cooperative", "other"])
    .meta(about("Kind of market subject (主体类型)", "enterprise")),
  region: RegionSchema.meta(
    about("Administrative division code (GB/T 2260, 6 digits) where the entity is supervised", "350200"),
  ),
  industry: text("Industry code (GB/T 4754), for 定向 filters and strata", "5261").optional(),
  riskClass: text("Credit-risk class as the bureau names them (e.g. A–D, or A–E)", "B"),
  weight: count(
    'Risk score: a non-negative integer, needed only for πps sampling (`sampling.mode: "pps"`)',
    18,
  ).optional(),
  status: z
    .enum(["active", "deregistered", "revoked", "moved-out", "cancelled", "closed"])
    .meta(about("Registration status; every status but `active` is excluded from the draw", "active")),
  registeredOn: date("Date of establishment (成立日期)", "2012-04-06").optional(),
  tags: list("Tags such as 经营异常名录 or 严重违法失信名单 (used by `forced.tags` and 定向 filters)", [
    "经营异常名录",
  ]),
  origin: Origin.optional(),
});

/** Schema of a validated inspector record. */
export const InspectorSchema = z.object({
  id: text("Inspector id (人员编号), unique", "FZ0001"),
  name: text("Name", "肖玲玲"),
  certificateNo: text(
    "执法证号: required for role `inspector`, empty for experts; unique among inspectors",
    "闽35010000",
  ).optional(),
  certificateExpiresOn: date(
    "Last day the certificate is valid; a certificate without an expiry date is not taken as valid",
    "2027-12-31",
  ).optional(),
  department: text(
    "Department (所属部门); joint inspections take members per department",
    "福州市市场监督管理局",
  ),
  unit: text("Section within the department (科室), for `teams.oneMemberPerUnit`", "产品质量科"),
  region: region("Home administrative division code (GB/T 2260), for `teams.homeRegionPrefix`"),
  specialties: list("Specialties (业务专长), matched against the items' required specialties", [
    "企业公示信息",
    "特种设备",
  ]),
  role: z
    .enum(["inspector", "expert"])
    .meta(
      about(
        "`inspector` (certified 执法人员) or `expert` (专家: only on top of the certified members)",
        "inspector",
      ),
    ),
  maxTasks: count(
    "Personal cap on visits in this task (the lower of this and `teams.maxTasksPerInspector` applies)",
    10,
  ).optional(),
  unavailable: z.array(z.object({ from: IsoDateSchema, to: IsoDateSchema })).meta(
    about("Days the inspector cannot go: dates or ranges `from~to`, `;`-separated in CSV", [
      { from: "2026-12-01", to: "2026-12-05" },
      { from: "2026-12-20", to: "2026-12-20" },
    ]),
  ),
  origin: Origin.optional(),
});

/** Schema of a validated item (抽查事项) record. */
export const ItemSchema = z.object({
  id: text("Item id (事项编号), as listed in the task's `items`", "GS-001"),
  name: text("Item name", "企业公示信息抽查"),
  department: text("Department that carries out the item (实施部门)", "福州市市场监督管理局"),
  basis: text("Legal basis (抽查依据)", "《企业信息公示暂行条例》第十四条"),
  content: z.string().meta(about("What is checked (抽查内容)", "年度报告、即时信息公示情况")).optional(),
  method: z.string().meta(about("How it is checked (检查方式)", "书面检查;实地核查")).optional(),
  category: z.enum(["general", "key"]).meta(about("`general` (一般) or `key` (重点) item", "general")),
  specialties: list("Specialties at least one team member of the department must have", ["企业公示信息"]),
  origin: Origin.optional(),
});

/** Schema of a validated conflict (利害关系) record. */
export const ConflictSchema = z.object({
  inspectorId: text("Inspector id; must be in the inspectors file", "FZ0014"),
  entityId: uscc("统一社会信用代码 of the entity the inspector must not inspect"),
  relation: text("Reason for recusal (回避事由)", "配偶"),
  until: date("Last day the conflict holds (empty: open-ended)", "2027-06-30").optional(),
  origin: Origin.optional(),
});

/** Schema of a validated history record. */
export const HistorySchema = z.object({
  entityId: uscc("统一社会信用代码 of the entity inspected"),
  itemId: text("Item id inspected", "GS-001"),
  inspectedOn: date("Date of the inspection", "2025-09-12"),
  inspectorIds: list("Inspectors who went (for `teams.rotationWithinDays`)", ["FZ0045", "FZ0053"]),
  origin: Origin.optional(),
});

const texts = (description: string) => z.array(z.string().min(1)).meta({ description });
const FilterSchema = z
  .object({
    kind: z
      .array(z.enum(["enterprise", "individual", "cooperative", "other"]))
      .meta({ description: "Kinds of subject to keep" })
      .optional(),
    regionPrefix: z
      .array(z.string().regex(/^\d{1,6}$/))
      .meta({ description: "Keep entities whose region code starts with one of these (1–6 digits)" })
      .optional(),
    industry: texts("Keep these industry codes").optional(),
    industryPrefix: texts("Keep industry codes starting with one of these").optional(),
    tags: texts("Keep entities with at least one of these tags").optional(),
    riskClass: texts("Keep these risk classes").optional(),
    registeredBefore: IsoDateSchema.meta({
      description: "Keep entities established before this date",
    }).optional(),
    registeredAfter: IsoDateSchema.meta({
      description: "Keep entities established after this date",
    }).optional(),
  })
  .strict()
  .meta({ description: "Filters of a 定向 draw; all given filters must hold" });

const path = (description: string) => z.string().min(1).meta({ description });
const int = (min: number, description: string) => z.number().int().min(min).meta({ description });
const flag = (description: string) => z.boolean().meta({ description });

/** Schema of the task file (SPEC §4); the core keys are normative, the rest are this library's options. */
export const TaskSchema = z
  .object({
    id: path("Task id; also the scope of the entity draw's tickets"),
    name: path("Task name, as published"),
    department: path("Department that runs the task (the lead department of a joint inspection)"),
    items: z
      .array(z.string().min(1))
      .min(1)
      .meta({ description: "Ids of the inspection items (抽查事项) of the task, from the items file" }),
    inputs: z
      .object({
        entities: path("Entity directory (检查对象名录库): CSV, NDJSON, JSON"),
        inspectors: path("Inspector directory (执法检查人员名录库)"),
        items: path("Inspection item list (随机抽查事项清单)"),
        conflicts: path("Conflicts of interest (利害关系, 回避)").optional(),
        history: path("Inspection history (for exclusions and rotation)").optional(),
        calendar: path(
          "Calendar file (`double-random/calendar@1`) for years without built-in data",
        ).optional(),
        encoding: z
          .enum(["auto", "utf-8", "gb18030", "gbk"])
          .meta({
            description: "Text encoding of the CSV inputs (default `auto`: BOM or valid UTF-8, else GB18030)",
          })
          .optional(),
      })
      .strict()
      .meta({ description: "Input files, relative to the task file's folder" }),
    scope: z
      .discriminatedUnion("mode", [
        z
          .object({
            mode: z.literal("undirected").meta({ description: "`undirected`: 不定向, the whole directory" }),
          })
          .strict(),
        z
          .object({
            mode: z
              .literal("directed")
              .meta({ description: "`directed`: 定向, filtered by `scope.filters` first" }),
            filters: FilterSchema,
          })
          .strict(),
      ])
      .meta({
        description:
          '`{"mode":"undirected"}` (不定向: the whole directory) or `{"mode":"directed","filters":{…}}` (定向)',
      }),
    exclusions: z
      .object({
        sameItemWithinDays: int(
          0,
          "Exclude entities inspected for a task item within this many days before `schedule.start`",
        ).optional(),
        sameItemThisYear: flag(
          "Exclude entities inspected for a task item this calendar year (default true)",
        ).optional(),
        entities: z
          .array(z.string())
          .meta({ description: "统一社会信用代码 of entities to exclude" })
          .optional(),
      })
      .strict()
      .meta({
        description: "Exclusions besides inactive status (注销/吊销/迁出/撤销/停业 are always excluded)",
      })
      .optional(),
    forced: z
      .object({
        tags: texts("Entities with any of these tags are always inspected (必查)").optional(),
        entities: z
          .array(z.string())
          .meta({ description: "统一社会信用代码 of entities always inspected" })
          .optional(),
      })
      .strict()
      .meta({ description: "必查/重点 entities: selected with probability 1; exclusion wins over forcing" })
      .optional(),
    sampling: z
      .object({
        mode: z
          .enum(["srs", "pps"])
          .meta({
            description: "`srs` (default: stratified by rates or size) or `pps` (Pareto πps on `weight`)",
          })
          .optional(),
        stratifyBy: z.array(z.string().min(1)).meta({
          description:
            "Stratum fields: `riskClass`, `region`, `region:N` (first N digits), `kind`, `industry`, `status`",
        }),
        riskClasses: texts(
          "The risk classes the task knows; an entity with another class is an error",
        ).optional(),
        rates: z
          .record(z.string(), RateSchema)
          .meta({
            description:
              'Rate per stratum key (full key, then the first field\'s value, then `"*"`): a number 0–1 with at most 6 decimals, or a string like `"5%"`',
          })
          .optional(),
        size: int(0, "Total sample size (instead of `rates`)").optional(),
        classWeights: z
          .record(z.string(), z.number().int().min(0))
          .meta({ description: "With `size`: allocation ∝ N_h·w_h by largest remainder" })
          .optional(),
        rounding: z
          .enum(["ceil", "floor", "round"])
          .meta({ description: "Rounding of N_h × rate (default `ceil`; `round` is half up)" })
          .optional(),
        reserve: RateSchema.meta({
          description: "Rate of the reserve list (递补名单) per stratum (default 0)",
        }).optional(),
        min: int(0, "Minimum sample size per stratum").optional(),
        max: int(0, "Maximum sample size per stratum").optional(),
      })
      .strict()
      .meta({ description: "The entity draw (first random)" }),
    teams: z
      .object({
        size: int(2, "Certified inspectors per visit (default 2, at least 2)").optional(),
        maxTasksPerInspector: int(1, "Visits per inspector in this task (default 20)").optional(),
        maxTasksPerInspectorPerDay: int(1, "Visits per inspector per day (default: no cap)").optional(),
        oneMemberPerUnit: flag("At most one member per 科室 in a team").optional(),
        rotationWithinDays: int(
          0,
          "Exclude inspectors who inspected the entity within this many days",
        ).optional(),
        homeRegionPrefix: z
          .number()
          .int()
          .min(2)
          .max(6)
          .meta({
            description: "Exclude inspectors whose region shares this many leading digits with the entity's",
          })
          .optional(),
        departments: z
          .record(z.string(), z.number().int().min(1))
          .meta({ description: "Joint inspections: members per participating department" })
          .optional(),
        experts: int(0, "Experts added on top of the certified members (never counted in `size`)").optional(),
      })
      .strict()
      .meta({ description: "Inspector teams (second random)" })
      .optional(),
    schedule: z
      .object({
        start: IsoDateSchema.meta({ description: "First day of the inspection window" }),
        end: IsoDateSchema.meta({ description: "Last day of the inspection window" }),
        publishWithinWorkingDays: int(
          1,
          "Results are published within this many working days after the visit (default 20, 抽查办法 第12条)",
        ).optional(),
      })
      .strict()
      .meta({ description: "Inspection window and publication deadline" }),
    publication: z
      .object({
        maskIndividualNames: flag(
          "Mask natural-person names of 个体工商户 in public files (default true)",
        ).optional(),
        resultCategories: texts(
          "Result categories accepted by `results` (default: the national list)",
        ).optional(),
      })
      .strict()
      .meta({ description: "Publication (公示) options" })
      .optional(),
  })
  .strict();

/** A task file as read (SPEC §4). */
export type Task = z.infer<typeof TaskSchema>;
/** A `scope.filters` object of a 定向 task. */
export type ScopeFilters = z.infer<typeof FilterSchema>;

/** The default result categories (SPEC §1), multi-select. */
export const DEFAULT_RESULT_CATEGORIES: readonly string[] = [
  "未发现问题",
  "未按规定公示应当公示的信息",
  "公示信息隐瞒真实情况、弄虚作假",
  "通过登记的住所（经营场所）无法联系",
  "不配合检查情节严重",
  "未发现开展本次抽查涉及的经营活动",
  "发现问题已责令改正",
  "发现问题待后续处理",
  "已关闭停业或正在组织清算",
  "已注销",
  "已被吊销营业执照",
];

/** JSON Schemas of the inputs and the task file, generated from the zod schemas (for non-TypeScript backends). */
export function inputJsonSchemas(): Record<string, unknown> {
  const opts = { io: "input" as const, unrepresentable: "any" as const };
  return {
    task: z.toJSONSchema(TaskSchema, opts),
    entity: z.toJSONSchema(EntitySchema, opts),
    inspector: z.toJSONSchema(InspectorSchema, opts),
    item: z.toJSONSchema(ItemSchema, opts),
    conflict: z.toJSONSchema(ConflictSchema, opts),
    history: z.toJSONSchema(HistorySchema, opts),
  };
}

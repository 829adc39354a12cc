import { z } from "zod";
import { isIsoDate } from "./dates.js";
import { isValidUscc } from "./uscc.js";

/** 统一社会信用代码: 18 characters with a valid GB 32100 check digit. */
export const UsccSchema = z
  .string()
  .refine(isValidUscc, { message: "不是有效的统一社会信用代码（GB 32100-2015 校验位）" })
  .meta({ description: "统一社会信用代码 (GB 32100-2015)", pattern: "^[0-9A-HJ-NPQRTUWXY]{18}$" });
/** A real calendar date `YYYY-MM-DD`. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isIsoDate, { message: "不是有效日期" });
/** A 6-digit GB/T 2260 region code. */
export const RegionSchema = z.string().regex(/^\d{6}$/, "行政区划代码必须是6位数字");
/** A rate: a number with at most 6 fractional digits, or a decimal / percent string (`"5%"`). */
export const RateSchema = z.union([
  z.number().min(0).max(1),
  z.string().regex(/^\s*\d+(\.\d{1,6})?\s*%?\s*$/, "比例须为小数或百分比字符串"),
]);
const Origin = z.object({ file: z.string(), row: z.number().int().min(1) });

/** Schema of a validated entity record (canonical keys). */
export const EntitySchema = z.object({
  id: UsccSchema,
  name: z.string().min(1),
  kind: z.enum(["enterprise", "individual", "cooperative", "other"]),
  region: RegionSchema,
  industry: z.string().min(1).optional(),
  riskClass: z.string().min(1),
  weight: z.number().int().min(0).optional(),
  status: z.enum(["active", "deregistered", "revoked", "moved-out", "cancelled", "closed"]),
  registeredOn: IsoDateSchema.optional(),
  tags: z.array(z.string().min(1)),
  /** 住所（经营场所）. */
  address: z.string().min(1).optional(),
  /** 法定代表人（负责人、经营者）. */
  legalRepresentative: z.string().min(1).optional(),
  origin: Origin.optional(),
});

/** Schema of a validated inspector record. */
export const InspectorSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  certificateNo: z.string().min(1).optional(),
  certificateExpiresOn: IsoDateSchema.optional(),
  department: z.string().min(1),
  unit: z.string().min(1),
  region: RegionSchema,
  specialties: z.array(z.string().min(1)),
  role: z.enum(["inspector", "expert"]),
  maxTasks: z.number().int().min(0).optional(),
  unavailable: z.array(z.object({ from: IsoDateSchema, to: IsoDateSchema })),
  origin: Origin.optional(),
});

/** Schema of a validated item (抽查事项) record. */
export const ItemSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  department: z.string().min(1),
  basis: z.string().min(1),
  content: z.string().optional(),
  method: z.string().optional(),
  category: z.enum(["general", "key"]),
  specialties: z.array(z.string().min(1)),
  origin: Origin.optional(),
});

/** Schema of a validated conflict (利害关系) record. */
export const ConflictSchema = z.object({
  inspectorId: z.string().min(1),
  entityId: UsccSchema,
  relation: z.string().min(1),
  until: IsoDateSchema.optional(),
  origin: Origin.optional(),
});

/** Schema of a validated history record. */
export const HistorySchema = z.object({
  entityId: UsccSchema,
  itemId: z.string().min(1),
  inspectedOn: IsoDateSchema,
  inspectorIds: z.array(z.string().min(1)),
  origin: Origin.optional(),
});

const FilterSchema = z
  .object({
    kind: z.array(z.enum(["enterprise", "individual", "cooperative", "other"])).optional(),
    regionPrefix: z.array(z.string().regex(/^\d{1,6}$/)).optional(),
    industry: z.array(z.string().min(1)).optional(),
    industryPrefix: z.array(z.string().min(1)).optional(),
    tags: z.array(z.string().min(1)).optional(),
    riskClass: z.array(z.string().min(1)).optional(),
    registeredBefore: IsoDateSchema.optional(),
    registeredAfter: IsoDateSchema.optional(),
  })
  .strict();

/** A PostgreSQL connection URL without a password (the password comes from PGPASSWORD or ~/.pgpass). */
const DatabaseUrlSchema = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "连接串须以 postgresql:// 开头")
  .refine(
    (u) => {
      try {
        const url = new URL(u);
        return url.password === "" && ![...url.searchParams.keys()].some((k) => /pass/i.test(k));
      } catch {
        return false;
      }
    },
    { message: "连接串无效，或含有密码：密码不得写入任务文件，请通过环境变量 PGPASSWORD 或 ~/.pgpass 提供" },
  );

/** The entity input (SPEC §4): a file path (CSV, NDJSON, JSON, Parquet), or a PostgreSQL table or query. */
export const EntityInputSchema = z.union([
  z.string().min(1),
  z
    .object({
      url: DatabaseUrlSchema,
      table: z.string().regex(/^[^.\s"]+(\.[^.\s"]+)?$/, "表名须为 name 或 schema.name"),
    })
    .strict(),
  z.object({ url: DatabaseUrlSchema, query: z.string().min(1) }).strict(),
]);

/** Schema of the task file (SPEC §4); the core keys are normative, the rest are this library's options. */
export const TaskSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    department: z.string().min(1),
    items: z.array(z.string().min(1)).min(1),
    inputs: z
      .object({
        entities: EntityInputSchema,
        inspectors: z.string().min(1),
        items: z.string().min(1),
        conflicts: z.string().min(1).optional(),
        history: z.string().min(1).optional(),
        calendar: z.string().min(1).optional(),
        encoding: z.enum(["auto", "utf-8", "gb18030", "gbk"]).optional(),
        /** `duckdb`: read a CSV entity file with the embedded DuckDB (Parquet files always are). */
        engine: z.enum(["library", "duckdb"]).optional(),
      })
      .strict(),
    scope: z.discriminatedUnion("mode", [
      z.object({ mode: z.literal("undirected") }).strict(),
      z.object({ mode: z.literal("directed"), filters: FilterSchema }).strict(),
    ]),
    exclusions: z
      .object({
        sameItemWithinDays: z.number().int().min(0).optional(),
        sameItemThisYear: z.boolean().optional(),
        entities: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    forced: z
      .object({
        tags: z.array(z.string().min(1)).optional(),
        entities: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    sampling: z
      .object({
        mode: z.enum(["srs", "pps"]).optional(),
        stratifyBy: z.array(z.string().min(1)),
        riskClasses: z.array(z.string().min(1)).optional(),
        rates: z.record(z.string(), RateSchema).optional(),
        size: z.number().int().min(0).optional(),
        classWeights: z.record(z.string(), z.number().int().min(0)).optional(),
        rounding: z.enum(["ceil", "floor", "round"]).optional(),
        reserve: RateSchema.optional(),
        min: z.number().int().min(0).optional(),
        max: z.number().int().min(0).optional(),
      })
      .strict(),
    teams: z
      .object({
        size: z.number().int().min(2).optional(),
        maxTasksPerInspector: z.number().int().min(1).optional(),
        maxTasksPerInspectorPerDay: z.number().int().min(1).optional(),
        oneMemberPerUnit: z.boolean().optional(),
        rotationWithinDays: z.number().int().min(0).optional(),
        homeRegionPrefix: z.number().int().min(2).max(6).optional(),
        /** 联合抽查: certified inspectors each department sends to every team [2]. */
        departments: z.record(z.string(), z.number().int().min(1)).optional(),
        /** 联合抽查: departments that may send one inspector, each with the reason stated in the plan and notice. */
        singleInspectorDepartments: z.record(z.string(), z.string().regex(/\S/, "须写明理由")).optional(),
        experts: z.number().int().min(0).optional(),
      })
      .strict()
      .superRefine((t, ctx) => {
        // 抽查办法 第9条; 行政处罚法 第42条: two certified inspectors per department unless the task says why
        for (const [d, n] of Object.entries(t.departments ?? {})) {
          const single = t.singleInspectorDepartments?.[d] !== undefined;
          if (n < 2 && !single)
            ctx.addIssue({
              code: "custom",
              path: ["departments", d],
              message: `联合抽查中每个部门每组至少派出两名执法人员（企业公示信息抽查办法 第9条）；${d}只派一名须在 teams.singleInspectorDepartments 中写明理由`,
            });
          if (n >= 2 && single)
            ctx.addIssue({
              code: "custom",
              path: ["singleInspectorDepartments", d],
              message: `${d}按 teams.departments 每组派出 ${n} 名，与 teams.singleInspectorDepartments（只派一名）矛盾`,
            });
        }
      })
      .optional(),
    schedule: z
      .object({
        start: IsoDateSchema,
        end: IsoDateSchema,
        publishWithinWorkingDays: z.number().int().min(1).optional(),
      })
      .strict(),
    publication: z
      .object({
        maskIndividualNames: z.boolean().optional(),
        resultCategories: z.array(z.string().min(1)).optional(),
        /** 落款单位 of the notice (default: none stated; the notice says so). */
        issuer: z.string().min(1).optional(),
        /** 落款日期 of the notice, `YYYY-MM-DD`. */
        issuedOn: IsoDateSchema.optional(),
        /** 抽取时间 as it should be published (e.g. "2026年11月21日 10:00"). */
        drawnAt: z.string().min(1).optional(),
        /** 抽取地点 / 方式 in words, beside the method the notice states. */
        drawnHow: z.string().min(1).optional(),
        /** 见证人 / 公证 (e.g. "福州市公证处公证员 某某"). */
        witnesses: z.array(z.string().min(1)).optional(),
        /** 监督电话. */
        supervisionPhone: z.string().min(1).optional(),
        /** 异议 channel in words (where and until when objections are received). */
        objection: z.string().min(1).optional(),
        /** 参与 departments of a joint task, when not all are named by its items. */
        jointDepartments: z.array(z.string().min(1)).optional(),
        /** Public labels of the risk classes, e.g. { "A": "低风险" } (default for A–D: 国市监信发〔2022〕6号). */
        riskClassLabels: z.record(z.string(), z.string().min(1)).optional(),
      })
      .strict()
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

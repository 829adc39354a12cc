import { z } from "zod";
import { IsoDateSchema, RateSchema, TaskSchema } from "../model/schemas.js";

const Shape = TaskSchema.shape;
const FiltersSchema = Shape.scope.options[1].shape.filters;

/** Which coverage groups a floor is checked over: the whole population, each risk class, each region. */
export const FLOOR_GROUPS = ["total", "riskClass", "region"] as const;

/** Schema of a coverage floor (年度抽查比例下限) of an annual plan. */
export const FloorSchema = z
  .object({
    /** Name shown in the plan, e.g. "全国下限（企业公示信息抽查办法第七条）". */
    label: z.string().min(1),
    /** Legal basis, shown beside the label. */
    basis: z.string().min(1).optional(),
    /** Items whose planned inspections count toward the floor (an entity counts once a year). */
    items: z.array(z.string().min(1)).min(1),
    /** The minimum share of the population to be inspected in the year. */
    rate: RateSchema,
    /** Groups the floor is checked over [all three]. */
    over: z.array(z.enum(FLOOR_GROUPS)).min(1).optional(),
    /** Which tasks count: all, only 不定向 or only 定向 ones [any]. For `directed` the population is the union of their scopes. */
    mode: z.enum(["any", "undirected", "directed"]).optional(),
    /** Narrows the population (the denominator): active entities matching these filters (same keys as a task's 定向 filters). */
    population: FiltersSchema.optional(),
  })
  .strict();

/** Schema of one task of an annual plan; becomes a task file (SPEC §4) before its draw. */
export const AnnualTaskSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    items: z.array(z.string().min(1)).min(1),
    /** 发起部门 (lead, draws the entities; default: the plan's department) and 参与部门 (joint inspections). */
    departments: z
      .object({
        lead: z.string().min(1).optional(),
        participants: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
    /** Quarter 1–4: the window defaults to the quarter's first to last working day. */
    quarter: z.number().int().min(1).max(4).optional(),
    /** The window of the visits (inside the quarter when both are given). */
    window: z.object({ start: IsoDateSchema, end: IsoDateSchema }).strict().optional(),
    /** 频次 as published, e.g. "每年1次" [每年1次]. */
    frequency: z.string().min(1).optional(),
    scope: Shape.scope,
    sampling: Shape.sampling,
    exclusions: Shape.exclusions,
    forced: Shape.forced,
    teams: Shape.teams,
    publication: Shape.publication,
    publishWithinWorkingDays: z.number().int().min(1).optional(),
  })
  .strict();

/** Schema of an annual plan file (`double-random/annual@1`). */
export const AnnualSchema = z
  .object({
    format: z.literal("double-random/annual@1"),
    year: z.number().int().min(2000).max(2100),
    /** Title of the plan, e.g. "福州市市场监督管理局2027年度双随机抽查工作计划". */
    name: z.string().min(1),
    /** The bureau that files the plan (检查主体; default 发起部门 of every task). */
    department: z.string().min(1),
    /** The higher bureau it is filed with (备案机关), shown on the document. */
    filedWith: z.string().min(1).optional(),
    /** The directory inputs (relative to the annual file), as in a task file. */
    inputs: Shape.inputs,
    /** Coverage floors; absent: the national 3% for items named “…公示信息…” (see docs/annual.md). */
    floors: z.array(FloorSchema).optional(),
    /** Defaults merged into every task (a task's own key wins, key by key). */
    defaults: z
      .object({
        exclusions: Shape.exclusions,
        forced: Shape.forced,
        teams: Shape.teams,
        publication: Shape.publication,
        publishWithinWorkingDays: z.number().int().min(1).optional(),
        /** Certified inspectors each department supplies to a joint team [2]. */
        perDepartment: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
    tasks: z.array(AnnualTaskSchema).min(1),
  })
  .strict();

/** An annual plan file as read. */
export type Annual = z.infer<typeof AnnualSchema>;
/** One task of an annual plan. */
export type AnnualTask = z.infer<typeof AnnualTaskSchema>;
/** One coverage floor. */
export type Floor = z.infer<typeof FloorSchema>;

/** The JSON Schema of the annual plan file, generated from {@link AnnualSchema}. */
export function annualJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(AnnualSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

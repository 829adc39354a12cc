import { z } from "zod";
import { TaskSchema } from "../model/schemas.js";

const IssueSchema = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  message: z.string(),
  file: z.string().optional(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  key: z.string().optional(),
  received: z.string().optional(),
  messageEn: z.string().optional(),
});
const Summary = {
  entityId: z.string(),
  name: z.string(),
  kind: z.enum(["enterprise", "individual", "cooperative", "other"]),
  region: z.string(),
  riskClass: z.string(),
  industry: z.string().optional(),
};
const Ticket = z.string().regex(/^[0-9a-f]{13}$/);
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
/** One input: the path and bytes digest when it was a file, the record count, and the content digest. */
const InputDigest = z.object({
  /** The file as the task names it (file inputs only). */
  path: z.string().optional(),
  /** SHA-256 of the file's bytes (file inputs only). */
  sha256: Sha256Hex.optional(),
  rows: z.number().int(),
  /** The content digest of the validated records (content@1, see the README); absent in plans made before it. */
  content: z
    .object({ format: z.literal("content@1"), sha256: Sha256Hex, records: z.number().int() })
    .optional(),
});

/** Schema of `plan.json` (`double-random/plan@1`); the SPEC §8 core keys are normative. */
export const PlanSchema = z.object({
  format: z.literal("double-random/plan@1"),
  algorithm: z.string(),
  library: z.object({ name: z.literal("double-random"), version: z.string() }),
  taskId: z.string(),
  taskName: z.string(),
  department: z.string(),
  seed: z.string(),
  seedSource: z.string(),
  /** SHA-256 of the UTF-8 NFC seed: what the draw log records. */
  seedDigest: z.string(),
  task: TaskSchema,
  /** The task file, relative to the plan's folder (lets `verify` find the inputs). */
  taskFile: z.string().optional(),
  /** SHA-256 of the canonical JSON of `task` (before content digests: of the task file's bytes). */
  taskDigest: z.string(),
  inputs: z.record(z.string(), InputDigest),
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      department: z.string(),
      basis: z.string(),
      content: z.string().optional(),
      method: z.string().optional(),
      category: z.enum(["general", "key"]),
      /** Result categories that apply to the item, when the items file declares them. */
      resultCategories: z.array(z.string()).optional(),
    }),
  ),
  strata: z.array(
    z.object({
      key: z.string(),
      population: z.number().int(),
      sampleSize: z.number().int(),
      inclusionProbability: z.number().min(0).max(1),
      rate: z.string().optional(),
      reserveSize: z.number().int(),
      notSelected: z.number().int(),
      forced: z.number().int(),
      takeAll: z.number().int().optional(),
      /** πps: the sample size left for the key draw after the take-all units. */
      ppsN: z.number().int().optional(),
      /** πps: the total weight of the units left after the take-all units. */
      ppsW: z.number().int().optional(),
    }),
  ),
  selected: z.array(
    z.object({
      ...Summary,
      stratum: z.string(),
      ticket: Ticket,
      inclusionProbability: z.number().min(0).max(1),
      reason: z.string(),
      /** πps: a take-all unit (λ ≥ 1), selected with certainty. */
      takeAll: z.boolean().optional(),
      /** πps: the Pareto key ξ (absent for take-all units). */
      xi: z.number().optional(),
      address: z.string().optional(),
      legalRepresentative: z.string().optional(),
    }),
  ),
  reserve: z.array(
    z.object({
      ...Summary,
      stratum: z.string(),
      ticket: Ticket,
      rank: z.number().int().min(1),
      xi: z.number().optional(),
    }),
  ),
  excluded: z.object({
    counts: z.record(z.string(), z.number().int()),
    list: z.array(z.object({ entityId: z.string(), name: z.string(), reason: z.string() })),
  }),
  accounting: z.object({
    input: z.number().int(),
    selected: z.number().int(),
    forced: z.number().int(),
    reserve: z.number().int(),
    notSelected: z.number().int(),
    excluded: z.number().int(),
    outOfScope: z.number().int(),
  }),
  /** Version of the team rules and staffing (`double-random/teams@2`); absent in plans made before it. */
  teamsAlgorithm: z.string().optional(),
  /** 联合抽查: 发起 and 参与 departments and the certified inspectors each sends to every team. */
  joint: z
    .object({
      initiator: z.string(),
      participants: z.array(z.string()),
      membersPerDepartment: z.record(z.string(), z.number().int()),
      singleInspectorDepartments: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  assignments: z.array(
    z.object({
      entityId: z.string(),
      inspectorIds: z.array(z.string()),
      expertIds: z.array(z.string()),
      complete: z.boolean(),
    }),
  ),
  inspectors: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      certificateNo: z.string(),
      department: z.string(),
      role: z.string(),
    }),
  ),
  schedule: z.array(z.object({ entityId: z.string(), date: z.string(), publishBy: z.string() })),
  unstaffed: z.array(
    z.object({ entityId: z.string(), date: z.string(), missing: z.number().int(), reason: z.string() }),
  ),
  bottlenecks: z.array(z.string()),
  loads: z.record(z.string(), z.number().int()),
  replacements: z.array(
    z.object({
      type: z.enum(["entity", "inspector"]),
      entityId: z.string(),
      replacedBy: z.string(),
      inspectorId: z.string().optional(),
      reason: z.string(),
      /** The replaced entity's name and kind (for the public 递补 record). */
      entityName: z.string().optional(),
      entityKind: z.string().optional(),
      /** The day of the replacement, `YYYY-MM-DD`, when the caller gave it. */
      date: z.string().optional(),
      /**
       * The category published in the public 递补 record (one of the public categories, e.g. 依法回避), when the
       * caller gave it; otherwise the notice infers one from the private reason.
       */
      publicCategory: z.string().optional(),
    }),
  ),
  issues: z.array(IssueSchema),
});

/** A plan (`plan.json`). */
export type Plan = z.infer<typeof PlanSchema>;

/** The JSON Schema of `plan.json`, generated from {@link PlanSchema}. */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PlanSchema, { io: "output", unrepresentable: "any" }) as Record<string, unknown>;
}

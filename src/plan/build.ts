// The root entry's one call: a finished, verifiable plan from a task as parsed, a seed and records in memory.
import type { RecordKind } from "../model/records.js";
import { type Task, TaskSchema } from "../model/schemas.js";
import type { Entity } from "../model/types.js";
import { type CalendarFile, CalendarFileSchema, WorkingCalendar } from "../schedule/calendar.js";
import { hasErrors, type Issue, issue } from "../util/issue.js";
import { type Records, validateRecords } from "./records.js";
import { type PlanOutcome, type PlanSources, planFromSources } from "./sources.js";

/** What {@link buildPlan} takes: the task as parsed from its file, the seed, and the records in memory. */
export interface PlanInput {
  /** The task, as parsed from a task file (`JSON.parse`); validated here. */
  readonly task: unknown;
  /** The public seed (any text; normalised to NFC for the tickets). */
  readonly seed: string;
  /** Where the seed came from, in words (e.g. the lottery draw); recorded in the plan. */
  readonly seedSource?: string;
  /** The directory of entities (检查对象名录库): objects with the canonical keys (`id`, `name`, `kind`, …). */
  readonly entities: Records;
  /** The directory of inspectors (执法检查人员名录库). */
  readonly inspectors: Records;
  /** The inspection items (抽查事项清单). */
  readonly items: Records;
  /** Conflicts of interest (回避), when there are any. */
  readonly conflicts?: Records;
  /** Inspection history, when there is any. */
  readonly history?: Records;
  /** A calendar (`{ "format": "double-random/calendar@1", "years": … }`) for years the built-in data lacks. */
  readonly calendar?: unknown;
}

/** Validated sources ready for the pipeline, or the issues that stop them. */
export type PreparedInput =
  | { readonly ok: true; readonly sources: PlanSources & ValidatedRecords; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** The validated entities of a {@link PlanInput} (the other records are in the sources themselves). */
interface ValidatedRecords {
  readonly entityRecords: readonly Entity[];
}

/** Issues of a document that failed a zod schema, located at `file` and the key path. */
function schemaIssues(
  file: string,
  err: { issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[] },
): Issue[] {
  return err.issues.map((z) =>
    issue(`invalid-${z.code.replaceAll("_", "-")}`, `${z.path.join(".") || "（根）"}：${z.message}`, {
      file,
      column: z.path.map(String).join(".") || "$",
    }),
  );
}

/**
 * Validate the task, the records and the calendar of a {@link PlanInput} (no draw yet).
 * @throws {TypeError} when `seed` is not a string (a programming error, not bad data)
 */
export async function prepareInput(input: PlanInput, seed = input.seed): Promise<PreparedInput> {
  if (typeof seed !== "string") throw new TypeError("buildPlan: seed must be a string");
  const issues: Issue[] = [];
  const t = TaskSchema.safeParse(input.task);
  if (!t.success) issues.push(...schemaIssues("task", t.error));
  let calendar = WorkingCalendar.builtIn();
  let calendarYears: CalendarFile["years"] | undefined;
  if (input.calendar !== undefined) {
    const c = CalendarFileSchema.safeParse(input.calendar);
    if (!c.success) issues.push(...schemaIssues("calendar", c.error));
    else {
      calendarYears = c.data.years;
      calendar = calendar.withYears(c.data.years, "calendar");
    }
  }
  const load = async <K extends RecordKind>(kind: K, records: Records | undefined) => {
    if (records === undefined) return undefined;
    const r = await validateRecords(kind, records);
    issues.push(...r.issues);
    return r.records;
  };
  const entityRecords = (await load("entities", input.entities)) ?? [];
  const inspectors = (await load("inspectors", input.inspectors)) ?? [];
  const items = (await load("items", input.items)) ?? [];
  const conflicts = await load("conflicts", input.conflicts);
  const history = await load("history", input.history);
  if (!t.success || hasErrors(issues)) return { ok: false, issues };
  const task: Task = t.data;
  const sources: PlanSources & ValidatedRecords = {
    task,
    seed,
    seedSource: input.seedSource ?? "",
    entities: () => entityRecords,
    entityRecords,
    inspectors,
    items,
    calendar,
    readingIssues: () => issues,
    // inputs not given are not recorded (an empty list given is)
    ...(conflicts !== undefined ? { conflicts } : {}),
    ...(history !== undefined ? { history } : {}),
    ...(calendarYears !== undefined ? { calendarYears } : {}),
  };
  return { ok: true, sources, issues };
}

/**
 * Build a finished, verifiable plan in one call: the entity draw (first random), visit dates, teams (second
 * random) and publication deadlines, with the task digest, the content digest of every input and the issues.
 * No file system, no clock: the seed is the only randomness. `double-random verify plan.json --task task.json`
 * accepts the plan when the task's input files hold the same records, in any format, encoding or row order.
 * @returns `{ ok: true, plan, complete }` (`complete: false` when some visit could not be staffed: the plan names
 * the bottleneck), or `{ ok: false, issues }` with every problem found
 * @throws {TypeError} when `seed` is not a string
 * @example
 * import { buildPlan } from "double-random";
 * const r = await buildPlan({ task, seed: "2026-11-21 双色球第2026135期", entities, inspectors, items });
 * if (r.ok) console.log(r.plan.selected.length, r.plan.inputs.entities?.content?.sha256);
 * else for (const i of r.issues) console.error(i.code, i.message);
 */
export async function buildPlan(input: PlanInput): Promise<PlanOutcome> {
  const p = await prepareInput(input);
  if (!p.ok) return p;
  return planFromSources(p.sources);
}

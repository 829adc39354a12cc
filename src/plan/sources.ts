// The pipeline from validated sources to a finished plan: draw (first random), visit dates, teams (second
// random), publication deadlines, and the plan's digests (task, content of every input) and issues. The root
// entry's buildPlan (build.ts) and the file edge (src/io, the CLI) both come here.
import { type ContentDigest, calendarRecords, contentDigest, type StreamHash } from "../content/digest.js";
import { tableContentDigest } from "../content/table-digest.js";
import { drawConfigFromTask } from "../draw/config.js";
import { drawEntities, type EntitySource, type FirstPassRunner } from "../draw/draw.js";
import { checkReferences } from "../model/references.js";
import type { Task } from "../model/schemas.js";
import { type ConflictInput, ConflictTable, type HistoryInput, HistoryTable } from "../model/tables.js";
import type { Inspector, Item } from "../model/types.js";
import { randomness } from "../random/randomness.js";
import { ALGORITHM_VERSION, seedKey } from "../random/ticket.js";
import type { CalendarFile, WorkingCalendar } from "../schedule/calendar.js";
import { spreadVisitDays } from "../schedule/dates.js";
import { publicationDeadline, publishWithinWorkingDays } from "../schedule/deadline.js";
import { jointComposition } from "../teams/joint.js";
import { TEAMS_ALGORITHM_VERSION } from "../teams/rules.js";
import { staffTaskColumns } from "../teams/staff.js";
import { hasErrors, type Issue, issue } from "../util/issue.js";
import { sortByKey } from "../util/sort.js";
import { LIBRARY_VERSION } from "../version.js";
import { hex, taskDigest } from "./canonical.js";
import { noteVisitPositions } from "./order.js";
import type { Plan } from "./schema.js";
import { planChecks } from "./warnings.js";

/**
 * Everything a plan is computed from, validated: the task, the seed, the records (entities as a re-readable
 * stream) and the calendar. The edges read and validate; {@link planFromSources} only computes.
 */
export interface PlanSources {
  readonly task: Task;
  readonly seed: string;
  readonly seedSource?: string;
  readonly entities: EntitySource;
  readonly inspectors: readonly Inspector[];
  readonly items: readonly Item[];
  /** Recorded in the plan's `inputs` when given (an empty list too): records, or a table as read from a file. */
  readonly conflicts?: ConflictInput;
  /** Recorded in the plan's `inputs` when given (an empty list too): records, or a table as read from a file. */
  readonly history?: HistoryInput;
  readonly calendar: WorkingCalendar;
  /** The years of the user calendar `calendar` was made with, when there is one: recorded by content. */
  readonly calendarYears?: CalendarFile["years"];
  /**
   * Issues found while reading the inputs, asked for once the draw has read the entities (a streaming reader
   * finds them as it goes); they come first in the plan's issues, and an error among them blocks the plan.
   */
  readonly readingIssues?: () => readonly Issue[];
  /** Called as each step ends (the CLI's `--timings` reads the clock here; the core never does). */
  readonly onStep?: (step: "draw" | "schedule" | "teams" | "plan") => void;
  /** Runs the draw's first pass elsewhere (see {@link drawEntities}), e.g. with tickets hashed on a worker thread. */
  readonly firstPass?: FirstPassRunner;
  /**
   * A fresh SHA-256 for the long messages of the content digests (e.g. node:crypto's, at the edge): the same
   * digests, sooner. Absent: the library's own.
   */
  readonly contentHash?: () => StreamHash;
}

/** The outcome of building a plan: a finished plan (possibly with unstaffed tasks), or the blocking issues. */
export type PlanOutcome =
  | { readonly ok: true; readonly plan: Plan; readonly complete: boolean; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** SHA-256 (hex) of the UTF-8 NFC seed, i.e. the seed key K — what the draw log records instead of the seed. */
export function seedDigest(seed: string): string {
  return hex(seedKey(seed).bytes);
}

/**
 * The whole pipeline from validated sources: draw (first random), visit dates, teams (second random),
 * publication deadlines, and the finished plan with its task digest, the content digest of every input and
 * the issues. Pure: the seed is the only randomness and no clock is read.
 * @returns the plan, `complete: false` when some task could not be staffed; or the issues that block it
 */
export async function planFromSources(input: PlanSources): Promise<PlanOutcome> {
  const { task } = input;
  const issues: Issue[] = [];
  const cfg = drawConfigFromTask(task);
  if (!cfg.ok) return { ok: false, issues: cfg.issues };
  // records given as arrays go into columns once, for every step that reads them (a file's come that way)
  const conflicts = ConflictTable.of(input.conflicts ?? []);
  const history = HistoryTable.of(input.history ?? []);
  issues.push(
    ...checkReferences({
      taskItems: task.items,
      inspectors: input.inspectors,
      items: input.items,
      conflicts,
      history,
    }),
  );
  if (task.schedule.end < task.schedule.start) {
    issues.push(
      issue("invalid-window", `检查时间窗口结束日 ${task.schedule.end} 早于开始日 ${task.schedule.start}`, {
        key: "schedule.end",
      }),
    );
  }
  const wd = input.calendar.workingDaysBetween(task.schedule.start, task.schedule.end);
  if (!wd.ok) issues.push(...wd.issues);
  else if (wd.value.length === 0) {
    issues.push(
      issue("empty-window", `检查时间窗口 ${task.schedule.start}~${task.schedule.end} 内没有工作日`, {
        key: "schedule",
      }),
    );
  }
  if (hasErrors(issues)) return { ok: false, issues: [...(input.readingIssues?.() ?? []), ...issues] };
  const workingDays = wd.ok ? wd.value : [];

  const random = randomness(input.seed, task.id);
  const drawn = await drawEntities(input.entities, { random, config: cfg.value, history }, input.firstPass);
  const reading = input.readingIssues?.() ?? [];
  issues.unshift(...reading);
  issues.push(...drawn.issues);
  if (!drawn.ok || hasErrors(reading)) return { ok: false, issues };
  const draw = drawn.value;
  input.onStep?.("draw");

  // the visit day of each selected entity, by its position in the draw (ids are distinct: the draw refuses
  // duplicates), then the positions in entity id order: the order of the schedule and of the teams
  const selected = draw.selected;
  const ids = selected.map((s) => s.entityId);
  const day = spreadVisitDays(random, ids, workingDays.length);
  input.onStep?.("schedule");
  const byId = sortByKey(Array.from(ids.keys()), (k) => ids[k]!);
  // the tasks in columns, gathered from compact arrays (at scale, objects per task and reading the selected in
  // id order cost more than the staffing's own work)
  const regions = selected.map((s) => s.region);
  const staffing = staffTaskColumns({
    random,
    tasks: {
      entityIds: byId.map((k) => ids[k]!),
      regions: byId.map((k) => regions[k]!),
      dates: byId.map((k) => workingDays[day[k]!]!),
      itemIds: () => task.items,
    },
    inspectors: input.inspectors,
    items: input.items,
    conflicts,
    history,
    rules: task.teams ?? {},
  });
  issues.push(...staffing.issues);
  input.onStep?.("teams");

  const N = publishWithinWorkingDays(task);
  const schedule: Plan["schedule"] = [];
  const deadlines = new Map<string, string>(); // few distinct visit dates: compute each deadline once
  for (const k of byId) {
    const s = selected[k]!;
    const date = workingDays[day[k]!]!;
    let publishBy = deadlines.get(date);
    if (publishBy === undefined) {
      const by = publicationDeadline(input.calendar, date, N);
      if (!by.ok) {
        issues.push(...by.issues);
        return { ok: false, issues };
      }
      publishBy = by.value;
      deadlines.set(date, publishBy);
    }
    schedule.push({ entityId: s.entityId, date, publishBy });
  }
  const checked = planChecks({
    task,
    calendar: input.calendar,
    draw,
    schedule,
    history,
    items: input.items,
  });
  issues.push(...checked);
  if (hasErrors(checked)) return { ok: false, issues };
  const joint = jointComposition(task, input.items);
  // the teams' own arrays (made by staffTeams for this plan only): no second copy of a million teams
  const assignments: Plan["assignments"] = [];
  for (let k = 0; k < staffing.teams.length; k++) {
    const t = staffing.teams[k]!;
    assignments.push({
      entityId: t.entityId,
      inspectorIds: t.inspectorIds as string[],
      expertIds: t.expertIds as string[],
      complete: t.complete,
    });
  }
  const taskItems = new Set(task.items);
  const plan: Plan = {
    format: "double-random/plan@1",
    algorithm: ALGORITHM_VERSION,
    library: { name: "double-random", version: LIBRARY_VERSION },
    taskId: task.id,
    taskName: task.name,
    department: task.department,
    seed: input.seed,
    seedSource: input.seedSource ?? "",
    seedDigest: hex(random.key.bytes),
    task,
    taskDigest: taskDigest(task),
    inputs: inputDigests(input, draw.content, conflicts, history),
    items: input.items
      .filter((i) => taskItems.has(i.id))
      .map((i) => {
        const o: Plan["items"][number] = {
          id: i.id,
          name: i.name,
          department: i.department,
          basis: i.basis,
          category: i.category,
        };
        if (i.content !== undefined) o.content = i.content;
        if (i.method !== undefined) o.method = i.method;
        if (i.resultCategories !== undefined) o.resultCategories = [...i.resultCategories];
        return o;
      }),
    // the draw's own records (made for this plan only, not kept elsewhere): no copies of 170k objects
    strata: draw.strata.map((s) => ({ ...s })),
    selected: [...draw.selected],
    reserve: [...draw.reserve],
    excluded: {
      counts: { ...draw.excluded.counts } as Record<string, number>,
      list: [...draw.excluded.list],
    },
    accounting: { ...draw.accounting },
    teamsAlgorithm: TEAMS_ALGORITHM_VERSION,
    ...(joint !== undefined ? { joint: structuredClone(joint) as NonNullable<Plan["joint"]> } : {}),
    assignments,
    // the inspectors the teams name: those with a load (ids are distinct, checked above; reading the members of
    // a million teams for them cost ~0.6 s of cache misses at 10M)
    inspectors: input.inspectors
      .filter((i) => (staffing.loads[i.id] ?? 0) > 0)
      .map((i) => ({
        id: i.id,
        name: i.name,
        certificateNo: i.certificateNo ?? "",
        department: i.department,
        role: i.role,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    schedule,
    unstaffed: staffing.unstaffed.map((u) => ({ ...u })),
    bottlenecks: [...staffing.bottlenecks],
    loads: { ...staffing.loads },
    replacements: [],
    issues: issues.map((i) => ({ ...i })),
  };
  noteVisitPositions(plan, byId); // schedule[j] is of selected[byId[j]]: the publication files look it up
  input.onStep?.("plan");
  return { ok: true, plan, complete: staffing.unstaffed.length === 0, issues };
}

/**
 * The content digest of every input given, as the plan's `inputs` records it (the edge adds file facts). The
 * conflicts and the history are digested from their columns (`conflicts`, `history`: the tables of
 * `input.conflicts` and `input.history`), without remaking their records.
 */
function inputDigests(
  input: PlanSources,
  entities: ContentDigest,
  conflicts: ConflictTable,
  history: HistoryTable,
): Plan["inputs"] {
  const entry = (content: ContentDigest) => ({ rows: content.records, content: { ...content } });
  const out: Plan["inputs"] = {
    entities: entry(entities),
    inspectors: entry(contentDigest("inspectors", input.inspectors)),
    items: entry(contentDigest("items", input.items)),
  };
  const hash = input.contentHash;
  if (input.conflicts !== undefined)
    out.conflicts = entry(tableContentDigest("conflicts", conflicts, hash?.()));
  if (input.history !== undefined) out.history = entry(tableContentDigest("history", history, hash?.()));
  if (input.calendarYears !== undefined)
    out.calendar = entry(contentDigest("calendar", calendarRecords(input.calendarYears)));
  return out;
}

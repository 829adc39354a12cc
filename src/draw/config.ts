import { type ExactRate, parseRate, type Rounding } from "../model/decimal.js";
import type { ScopeFilters, Task } from "../model/schemas.js";
import { type Issue, issue, type Result, success } from "../util/issue.js";

/** Fields an entity can be stratified by. `region:N` means the first N digits of the region code. */
export const STRATIFY_FIELDS = ["riskClass", "region", "kind", "industry", "status"] as const;

/** A validated, normalised description of the entity draw (built from a task by {@link drawConfigFromTask}). */
export interface DrawConfig {
  /** Ticket scope of the entity draw: the task id (SPEC §5.1). */
  readonly taskId: string;
  readonly itemIds: readonly string[];
  readonly filters?: ScopeFilters;
  /** Reference date for history exclusions (the schedule start). */
  readonly referenceDate: string;
  readonly sameItemWithinDays?: number;
  readonly sameItemThisYear: boolean;
  readonly excludedIds: ReadonlySet<string>;
  readonly forcedTags: readonly string[];
  readonly forcedIds: ReadonlySet<string>;
  readonly mode: "srs" | "pps";
  /** The risk classes in use (any names, any number); an entity with another class is an error. */
  readonly riskClasses?: readonly string[];
  readonly stratifyBy: readonly {
    readonly field: (typeof STRATIFY_FIELDS)[number];
    readonly prefix?: number;
  }[];
  readonly rates?: ReadonlyMap<string, ExactRate>;
  readonly size?: number;
  readonly classWeights?: Readonly<Record<string, number>>;
  readonly rounding: Rounding;
  readonly reserve: ExactRate;
  readonly min?: number;
  readonly max?: number;
}

/**
 * Validate the sampling part of a task and normalise it. Problems (a rate above 1 or negative, an unknown
 * stratification field, neither rates nor size…) come back as issues located in the task file.
 */
export function drawConfigFromTask(task: Task, file?: string): Result<DrawConfig> {
  const issues: Issue[] = [];
  const s = task.sampling;
  const stratifyBy: { field: (typeof STRATIFY_FIELDS)[number]; prefix?: number }[] = [];
  s.stratifyBy.forEach((f, i) => {
    const m = /^([A-Za-z]+)(?::(\d))?$/.exec(f);
    const field = m?.[1] as (typeof STRATIFY_FIELDS)[number] | undefined;
    if (
      !m ||
      field === undefined ||
      !STRATIFY_FIELDS.includes(field) ||
      (m[2] !== undefined && field !== "region")
    ) {
      issues.push(
        issue(
          "unknown-field",
          `分层字段“${f}”未知，可用：${STRATIFY_FIELDS.join("、")}，或 region:N（区划代码前N位）`,
          { file, key: `sampling.stratifyBy[${i}]`, received: f },
        ),
      );
      return;
    }
    stratifyBy.push(m[2] !== undefined ? { field, prefix: Number(m[2]) } : { field });
  });
  let rates: Map<string, ExactRate> | undefined;
  if (s.rates) {
    rates = new Map();
    for (const [k, v] of Object.entries(s.rates)) {
      const r = parseRate(v);
      if (typeof r === "string") {
        issues.push(issue("invalid-rate", r, { file, key: `sampling.rates.${k}`, received: String(v) }));
      } else rates.set(k, r);
    }
  }
  const reserve = parseRate(s.reserve ?? 0);
  if (typeof reserve === "string") {
    issues.push(
      issue("invalid-rate", reserve, { file, key: "sampling.reserve", received: String(s.reserve) }),
    );
  }
  if (s.size === undefined && s.rates === undefined) {
    issues.push(
      issue("missing-rates", "须给出 sampling.rates（各层比例）或 sampling.size（总样本量）", {
        file,
        key: "sampling",
      }),
    );
  }
  if (s.size !== undefined && s.rates !== undefined) {
    issues.push(
      issue("conflicting-sizes", "sampling.rates 与 sampling.size 只能二选一", { file, key: "sampling" }),
    );
  }
  if (s.min !== undefined && s.max !== undefined && s.min > s.max) {
    issues.push(
      issue("invalid-bounds", `每层最小样本量 ${s.min} 大于最大样本量 ${s.max}`, {
        file,
        key: "sampling.min",
      }),
    );
  }
  const ex = task.exclusions ?? {};
  if (issues.length > 0 || typeof reserve === "string") return { ok: false, issues };
  const config: { -readonly [K in keyof DrawConfig]: DrawConfig[K] } = {
    taskId: task.id,
    itemIds: task.items,
    referenceDate: task.schedule.start,
    sameItemThisYear: ex.sameItemThisYear ?? true,
    excludedIds: new Set(ex.entities ?? []),
    forcedTags: task.forced?.tags ?? [],
    forcedIds: new Set(task.forced?.entities ?? []),
    mode: s.mode ?? "srs",
    stratifyBy,
    rounding: s.rounding ?? "ceil",
    reserve,
  };
  if (task.scope.mode === "directed") config.filters = task.scope.filters;
  if (ex.sameItemWithinDays !== undefined) config.sameItemWithinDays = ex.sameItemWithinDays;
  if (rates) config.rates = rates;
  if (s.size !== undefined) config.size = s.size;
  if (s.classWeights) config.classWeights = s.classWeights;
  if (s.riskClasses) config.riskClasses = s.riskClasses;
  if (s.min !== undefined) config.min = s.min;
  if (s.max !== undefined) config.max = s.max;
  return success(config);
}

import { type DrawConfig, drawConfigFromTask } from "../draw/config.js";
import { DrawPass, drawEntities, inScope, type StratumResult, stratumKey } from "../draw/draw.js";
import type { Task } from "../model/schemas.js";
import type { HistoryInput } from "../model/tables.js";
import type { Entity } from "../model/types.js";
import { randomness } from "../random/randomness.js";
import type { Issue } from "../util/issue.js";

/**
 * The seed the projection draws with. Sample sizes, forced and excluded entities do not depend on the seed
 * (SPEC §5.2–5.4), so the projected counts are the draw's own; only which entities are drawn does.
 */
export const PROJECTION_SEED = "double-random/annual-projection";

/** The configuration of a successful {@link drawConfigFromTask} (as `config`, or `value` in the one Result shape). */
export function drawConfigOf(r: { readonly ok: true }): DrawConfig {
  const x = r as { readonly config?: DrawConfig; readonly value?: DrawConfig };
  return (x.config ?? x.value)!;
}

/** What a task will draw, known before the seed: per stratum and per entity. */
export interface TaskProjection {
  readonly taskId: string;
  readonly items: readonly string[];
  readonly mode: "undirected" | "directed";
  readonly strata: readonly StratumResult[];
  /** Entities drawn in total (random + forced): exact, whatever the seed. */
  readonly sampleSize: number;
  readonly forced: number;
  /** Per entity (same order as the input): probability of being drawn (1 for forced, 0 outside the frame). */
  readonly probability: Float64Array;
  /** Per entity: stratum index in `strata` for frame entities, -1 for forced, -2 outside the frame. */
  readonly stratumIndex: Int32Array;
  /** Per entity: in the task's scope (定向 filters), whatever its status. */
  readonly inScope: Uint8Array;
}

/**
 * Project a task's draw over a directory held in memory: the exact sample size per stratum (the draw's own
 * computation, run with {@link PROJECTION_SEED}) and each entity's inclusion probability.
 * @returns the projection, or the issues that would stop the draw (a stratum without a rate, …)
 */
export async function projectTask(
  task: Task,
  entities: readonly Entity[],
  history: HistoryInput,
  file = "annual.json",
): Promise<{ ok: true; projection: TaskProjection } | { ok: false; issues: Issue[] }> {
  const cfg = drawConfigFromTask(task, file);
  if (!cfg.ok) return { ok: false, issues: [...cfg.issues] };
  const config = drawConfigOf(cfg);
  const options = { random: randomness(PROJECTION_SEED, task.id), config, history };
  const drawn = await drawEntities(() => entities, options);
  if (!drawn.ok) return { ok: false, issues: drawn.issues };
  const strata = drawn.value.strata;
  const index = new Map(strata.map((s, i) => [s.key, i]));
  const pass = new DrawPass(options);
  const probability = new Float64Array(entities.length);
  const stratumIndex = new Int32Array(entities.length);
  const scope = new Uint8Array(entities.length);
  const filters = config.filters;
  entities.forEach((e, i) => {
    scope[i] = filters === undefined || inScope(e, filters) ? 1 : 0;
    const d = pass.decide(e, pass.machine.value(e.id));
    if (d.kind === "forced") {
      probability[i] = 1;
      stratumIndex[i] = -1;
    } else if (d.kind === "frame") {
      const k = index.get(stratumKey(e, config))!;
      const s = strata[k]!;
      probability[i] = s.population === 0 ? 0 : s.sampleSize / s.population;
      stratumIndex[i] = k;
    } else stratumIndex[i] = -2;
  });
  return {
    ok: true,
    projection: {
      taskId: task.id,
      items: task.items,
      mode: task.scope.mode,
      strata,
      sampleSize: drawn.value.accounting.selected,
      forced: drawn.value.accounting.forced,
      probability,
      stratumIndex,
      inScope: scope,
    },
  };
}

import type { DrawConfig } from "../../src/draw/config.js";
import { drawConfigFromTask } from "../../src/draw/config.js";
import type { DrawResult } from "../../src/draw/draw.js";
import { drawEntities } from "../../src/draw/draw.js";
import { type Task, TaskSchema } from "../../src/model/schemas.js";
import type { Entity, HistoryRecord } from "../../src/model/types.js";
import { randomness } from "../../src/random/randomness.js";

/** A minimal valid task with sampling overrides. */
export function task(over: Partial<Task> & { sampling?: Task["sampling"] } = {}): Task {
  return TaskSchema.parse({
    id: "T-2026-001",
    name: "测试任务",
    department: "测试局",
    items: ["GS-001"],
    inputs: { entities: "e.csv", inspectors: "i.csv", items: "it.csv" },
    scope: { mode: "undirected" },
    sampling: { stratifyBy: ["riskClass"], rates: { A: 0.1, B: "20%", C: 0.5 }, reserve: 0.5 },
    schedule: { start: "2026-12-01", end: "2026-12-31" },
    ...over,
  });
}

export function config(over: Partial<Task> = {}): DrawConfig {
  const c = drawConfigFromTask(task(over));
  if (!c.ok) throw new Error(JSON.stringify(c.issues));
  return c.config;
}

/** Draw synchronously-sourced entities and fail loudly on issues. */
export async function draw(
  entities: readonly Entity[],
  seed: string,
  cfg: DrawConfig,
  history: readonly HistoryRecord[] = [],
): Promise<DrawResult> {
  const r = await drawEntities(() => entities, {
    random: randomness(seed, cfg.taskId),
    config: cfg,
    history,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { planFromFiles } from "../../src/io/plan-files.js";
import { loadRecords } from "../../src/io/read.js";
import type { Entity } from "../../src/model/types.js";
import { buildPlan, type PlanInput } from "../../src/plan/build.js";
import { taskDigest } from "../../src/plan/canonical.js";
import type { Plan } from "../../src/plan/schema.js";
import { verifyPlan } from "../../src/plan/verify.js";

const SEED = "2026-11-21 双色球第2026135期 03 07 12 19 25 31 + 09";
const strip = <T extends { origin?: unknown }>(r: T) => {
  const { origin: _, ...rest } = r;
  return rest;
};

describe("buildPlan: one call, a finished plan", () => {
  let input: PlanInput;
  let fromFiles: Plan;
  beforeAll(async () => {
    const load = async (kind: "entities" | "inspectors" | "items" | "conflicts" | "history") =>
      (await loadRecords(kind, `seeds/${kind}.csv`)).records.map(strip);
    input = {
      task: JSON.parse(readFileSync("seeds/task.json", "utf8")),
      seed: SEED,
      seedSource: "公开开奖号码",
      entities: await load("entities"),
      inspectors: await load("inspectors"),
      items: await load("items"),
      conflicts: await load("conflicts"),
      history: await load("history"),
      calendar: JSON.parse(readFileSync("seeds/calendar-2027.json", "utf8")),
    };
    const f = await planFromFiles("seeds/task.json", { seed: SEED, seedSource: "公开开奖号码" });
    if (!f.ok) throw new Error(JSON.stringify(f.issues));
    fromFiles = f.plan;
  });

  it("gives the plan of the file path, digests included (the files add only their path and bytes digest)", async () => {
    const r = await buildPlan(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { inputs, issues, ...rest } = r.plan;
    const { inputs: fileInputs, issues: _fileIssues, ...fileRest } = fromFiles;
    expect(rest).toEqual(fileRest);
    expect(r.plan.taskDigest).toBe(taskDigest(r.plan.task));
    for (const [kind, f] of Object.entries(fileInputs)) {
      expect(inputs[kind]).toEqual({ rows: f.rows, content: f.content });
      expect(f.path).toBe((r.plan.task.inputs as unknown as Record<string, string>)[kind]);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("lists exactly the inspectors its teams name, experts and unstaffed teams included", async () => {
    // Arrange: experts on top, and loads so tight that some tasks cannot be staffed
    const task = structuredClone(input.task) as PlanInput["task"] & { teams: Record<string, unknown> };
    const tight = { ...task, teams: { ...task.teams, experts: 1, maxTasksPerInspector: 1 } };
    for (const t of [task, tight]) {
      // Act
      const r = await buildPlan({ ...input, task: t });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      // Assert
      const named = new Set(r.plan.assignments.flatMap((a) => [...a.inspectorIds, ...(a.expertIds ?? [])]));
      expect(r.plan.inspectors.map((i) => i.id)).toEqual([...named].sort());
    }
    const r = await buildPlan({ ...input, task: tight });
    expect(r.ok && r.plan.unstaffed.length > 0 && r.plan.assignments.some((a) => a.expertIds?.length)).toBe(
      true,
    );
  });

  it("takes iterables and async iterables, in any order, with the same result", async () => {
    const a = await buildPlan(input);
    const es = [...(input.entities as Entity[])].reverse();
    const b = await buildPlan({
      ...input,
      entities: (async function* () {
        yield* es;
      })(),
      inspectors: new Set(input.inspectors as object[]),
    });
    expect(b).toEqual(a);
  });

  it("verifyPlan: verified with the same records; a changed record is a difference of the input's content", async () => {
    const r = await buildPlan(input);
    if (!r.ok) throw new Error("no plan");
    const v = await verifyPlan(r.plan, { ...input, entities: [...(input.entities as Entity[])].reverse() });
    expect(v).toEqual({ ok: true, verified: true, differences: [] });
    const verifiedFromFiles = await verifyPlan(fromFiles, input);
    expect(verifiedFromFiles.ok && verifiedFromFiles.verified).toBe(true);
    const es = input.entities as Entity[];
    const changed = [{ ...es[0]!, name: `${es[0]!.name}（更名）` }, ...es.slice(1)];
    const w = await verifyPlan(r.plan, { ...input, entities: changed });
    expect(w.ok && w.verified).toBe(false);
    expect(w.ok && w.differences[0]?.path).toBe("inputs.entities.content.sha256");
  });

  it("returns every problem of the records as located issues, and no plan", async () => {
    const es = input.entities as Entity[];
    const r = await buildPlan({
      ...input,
      entities: [...es.slice(0, 2), { ...es[2]!, id: "91350100M000100Y44" }, { ...es[3]!, status: "不明" }],
    });
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.code, i.file, i.row, i.column])).toEqual([
      ["invalid-uscc", "entities", 3, "id"],
      ["invalid-value", "entities", 4, "status"],
    ]);
  });

  it("returns the task's problems located at its keys, and throws only on a seed that is not text", async () => {
    const r = await buildPlan({
      ...input,
      task: { ...(input.task as object), schedule: { start: "2026-12-01" } },
    });
    expect(r.ok).toBe(false);
    expect(r.issues.some((i) => i.key === "schedule.end")).toBe(true);
    await expect(buildPlan({ ...input, seed: 42 as unknown as string })).rejects.toThrow(TypeError);
  });
});

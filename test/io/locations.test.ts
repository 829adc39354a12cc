// Error locations are uniform: the file name as the user gave it (never resolved to an absolute path), with the
// row and column of a tabular input, or the key path of the task file.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInputs, readTask } from "../../src/io/task.js";
import { formatIssue, type Issue } from "../../src/util/issue.js";

/** The parts of the task file the tests edit. */
interface TaskJson {
  sampling: { rates: Record<string, unknown> };
  teams: Record<string, unknown>;
  inputs: Record<string, unknown>;
}

function taskDir(edit: (t: TaskJson) => void = () => {}): { dir: string; rel: string } {
  const dir = mkdtempSync(join(tmpdir(), "dr-loc-"));
  for (const f of [
    "entities.csv",
    "inspectors.csv",
    "items.csv",
    "conflicts.csv",
    "history.csv",
    "calendar-2027.json",
  ])
    writeFileSync(join(dir, f), readFileSync(join("seeds", f)));
  const t = JSON.parse(readFileSync("seeds/task.json", "utf8"));
  edit(t);
  writeFileSync(join(dir, "task.json"), JSON.stringify(t));
  return { dir, rel: relative(process.cwd(), join(dir, "task.json")) };
}
/** No message or location names the absolute folder (beyond the task file's name as given). */
function noAbsolute(issues: readonly Issue[], dir: string, given = "\u0000"): void {
  for (const i of issues) {
    expect(formatIssue(i).replaceAll(given, "<task>")).not.toContain(dir);
    expect(formatIssue(i, "en").replaceAll(given, "<task>")).not.toContain(dir);
  }
}

describe("locations of task file problems", () => {
  it("a missing task file is named as given", async () => {
    const r = await readTask("no/such/task.json");
    expect(r.ok).toBe(false);
    expect(r.issues).toMatchObject([{ code: "file-not-found", file: "no/such/task.json" }]);
    expect(r.issues[0]?.message).toContain("no/such/task.json");
  });
  it("malformed JSON names the file as given", async () => {
    const { dir, rel } = taskDir();
    writeFileSync(join(dir, "task.json"), "{ not json");
    const r = await readTask(rel);
    expect(r.issues).toMatchObject([{ code: "invalid-json", file: rel }]);
    noAbsolute(r.issues, dir, rel);
  });
  it("a bad value names the file as given and the key path, never a column", async () => {
    const { dir, rel } = taskDir((t) => {
      t.sampling.rates.B = "五成";
      t.teams.sise = 3;
    });
    const r = await readTask(rel);
    expect(r.issues.map((i) => [i.file, i.key, i.column, i.code])).toEqual([
      [rel, "sampling.rates.B", undefined, "invalid-format"],
      [rel, "teams.sise", undefined, "unknown-key"],
    ]);
    expect(formatIssue(r.issues[0]!)).toMatch(
      new RegExp(`^${rel.replaceAll(".", "\\.")} 键 sampling\\.rates\\.B: 错误 \\[invalid-format\\]`),
    );
    noAbsolute(r.issues, dir, rel);
  });
});

describe("locations of input file problems", () => {
  const load = async (edit: (t: TaskJson) => void) => {
    const { dir, rel } = taskDir(edit);
    const t = await readTask(rel);
    if (!t.ok) throw new Error(JSON.stringify(t.issues));
    return { dir, inputs: await loadInputs(t.value) };
  };
  it("a missing input file is named as the task names it, not by its absolute path", async () => {
    const { dir, inputs } = await load((t) => {
      t.inputs.inspectors = "people/nope.csv";
      t.inputs.calendar = "nope-2027.json";
    });
    expect(inputs.issues.map((i) => [i.code, i.file])).toEqual([
      ["file-not-found", "people/nope.csv"],
      ["file-not-found", "nope-2027.json"],
    ]);
    for (const i of inputs.issues) expect(i.message).toContain(i.file);
    noAbsolute(inputs.issues, dir);
  });
  it("a missing entity file too", async () => {
    const { dir, inputs } = await load((t) => {
      t.inputs.entities = "gone.csv";
    });
    for await (const _ of inputs.entities());
    const issues = inputs.entityIssues.list();
    expect(issues.map((i) => [i.code, i.file])).toEqual([["file-not-found", "gone.csv"]]);
    noAbsolute(issues, dir);
  });
  it("a bad calendar file: its name as in the task, and the key path inside it", async () => {
    const { dir, rel } = taskDir();
    writeFileSync(
      join(dir, "calendar-2027.json"),
      JSON.stringify({
        format: "double-random/calendar@1",
        years: { "2027": { holidays: ["2027-02-30"], workdays: [] } },
      }),
    );
    const t = await readTask(rel);
    if (!t.ok) throw new Error("task");
    const inputs = await loadInputs(t.value);
    expect(inputs.issues.map((i) => [i.code, i.file, i.key])).toEqual([
      ["invalid-date", "calendar-2027.json", "years.2027.holidays[0]"],
    ]);
    writeFileSync(join(dir, "calendar-2027.json"), "{");
    const again = await loadInputs(t.value);
    expect(again.issues.map((i) => [i.code, i.file])).toEqual([["invalid-json", "calendar-2027.json"]]);
    noAbsolute([...inputs.issues, ...again.issues], dir);
  });
  it("a bad row: file as named, row and column", async () => {
    const { dir, rel } = taskDir();
    const lines = readFileSync(join(dir, "inspectors.csv"), "utf8").split("\n");
    lines[2] = lines[2]!.replace(/,(inspector|expert),/, ",boss,");
    writeFileSync(join(dir, "inspectors.csv"), lines.join("\n"));
    const t = await readTask(rel);
    if (!t.ok) throw new Error("task");
    const inputs = await loadInputs(t.value);
    expect(inputs.issues.map((i) => [i.code, i.file, i.row, i.column])).toEqual([
      ["invalid-value", "inspectors.csv", 3, "role"],
    ]);
    noAbsolute(inputs.issues, dir);
  });
});

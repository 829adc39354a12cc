import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoCopy, run } from "./helpers.js";

const SEED = ["--seed", "columns e2e"];
type TaskJson = { inputs: Record<string, unknown>; sampling: Record<string, unknown>; [k: string]: unknown };
const editTask = (dir: string, edit: (t: TaskJson) => void) => {
  const p = join(dir, "seeds/task.json");
  const t = JSON.parse(readFileSync(p, "utf8"));
  edit(t);
  writeFileSync(p, JSON.stringify(t, null, 2));
};

describe("nothing dropped without a word (built CLI)", () => {
  it("refuses a misspelled column (`tag` for `tags`) with a did-you-mean, exit 2, and writes no plan", () => {
    const dir = demoCopy();
    const p = join(dir, "seeds/entities.csv");
    const text = readFileSync(p, "utf8");
    writeFileSync(p, text.replace(/^(.*),tags(\r?\n)/, "$1,tag$2"));
    const r = run(["draw", "seeds/task.json", ...SEED, "--out", "plan"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/entities\.csv 第1行 列 tag: 错误 \[unknown-column\].*您是否指“tags”/);
    expect(r.stderr).toContain("inputs.ignoreColumns.entities");
    expect(existsSync(join(dir, "plan/plan.json"))).toBe(false);
  });
  it("refuses an unknown extra column unless the task lists it as ignored", () => {
    const dir = demoCopy();
    const p = join(dir, "seeds/inspectors.csv");
    const lines = readFileSync(p, "utf8").split(/(?<=\n)/);
    writeFileSync(
      p,
      lines.map((l, i) => l.replace(/\r?\n$/, (nl) => (i === 0 ? `,备注${nl}` : `,${nl}`))).join(""),
    );
    const r = run(["draw", "seeds/task.json", ...SEED, "--out", "plan"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/inspectors\.csv 第1行 列 备注: 错误 \[unknown-column\]/);
    editTask(dir, (t) => {
      t.inputs.ignoreColumns = { inspectors: ["备注"] };
    });
    const ok = run(["draw", "seeds/task.json", ...SEED, "--out", "plan"], dir);
    expect(ok.code, ok.stderr).toBe(0);
  });
  it("refuses a 0-byte and a header-only entities file, and an empty frame, unless the task allows it", () => {
    const dir = demoCopy();
    const p = join(dir, "seeds/entities.csv");
    const header = readFileSync(p, "utf8").split("\n")[0]!;
    writeFileSync(p, "");
    const zero = run(["draw", "seeds/task.json", ...SEED, "--out", "p0"], dir);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("[empty-file]");
    writeFileSync(p, `${header}\n`);
    const only = run(["draw", "seeds/task.json", ...SEED, "--out", "p1"], dir);
    expect(only.code).toBe(2);
    expect(only.stderr).toContain("[empty-input]");
    editTask(dir, (t) => {
      t.sampling.allowEmptyFrame = true;
    });
    const allowed = run(["draw", "seeds/task.json", ...SEED, "--out", "p2"], dir);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "p2/plan.json"), "utf8")).selected).toEqual([]);
  });
  it("refuses a directed scope that leaves nothing to draw", () => {
    const dir = demoCopy();
    editTask(dir, (t) => {
      t.scope = { mode: "directed", filters: { regionPrefix: ["11"] } };
      t.forced = {};
    });
    const r = run(["draw", "seeds/task.json", ...SEED, "--out", "plan"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[empty-frame\].*不在定向范围内 \d+ 户/);
  });
});

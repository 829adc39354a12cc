// The CLI prints every problem at a uniform location: the file as the user named it, then the row and column of
// an input, or the task key — and never an absolute path.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoCopy, run } from "./helpers.js";

const editTask = (dir: string, edit: (t: { sampling: { rates: Record<string, unknown> } }) => void) => {
  const p = join(dir, "seeds/task.json");
  const t = JSON.parse(readFileSync(p, "utf8"));
  edit(t);
  writeFileSync(p, JSON.stringify(t));
};

describe("CLI issue locations", () => {
  it("a task value the schema refuses: the task file as given and the key, in Chinese, with the library's code", () => {
    const dir = demoCopy();
    editTask(dir, (t) => {
      t.sampling.rates.B = true;
    });
    const r = run(["draw", "seeds/task.json", "--seed", "s", "--out", "plan"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("seeds/task.json 键 sampling.rates.B: 错误 [invalid-value] 比例须为");
    expect(r.stderr).not.toMatch(/invalid-invalid|Invalid input/);
    expect(r.stderr).not.toContain(dir);
  });
  it("a task problem found while planning (a stratum without a rate) also names the task file and the key", () => {
    const dir = demoCopy();
    editTask(dir, (t) => {
      delete t.sampling.rates.D;
    });
    const r = run(["draw", "seeds/task.json", "--seed", "s", "--out", "plan"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^seeds\/task\.json 键 sampling\.rates: 错误 \[stratum-without-rate\] /m);
    expect(r.stderr).not.toContain(dir);
  });
  it("a missing input file is named as the task names it", () => {
    const dir = demoCopy();
    const p = join(dir, "seeds/task.json");
    writeFileSync(p, readFileSync(p, "utf8").replace('"inspectors.csv"', '"people.csv"'));
    const r = run(["draw", "seeds/task.json", "--seed", "s", "--out", "plan"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^people\.csv: 错误 \[file-not-found\] 找不到文件：people\.csv$/m);
    expect(r.stderr).not.toContain(dir);
  });
});

describe("CLI locations when a plan names its task file", () => {
  it("verify names the recorded task file relative to where it was run, not by an absolute path", () => {
    const dir = demoCopy();
    const d = run(["draw", "seeds/task.json", "--seed", "s", "--out", "out/q4"], dir);
    expect(d.code, d.stderr).toBe(0);
    const p = join(dir, "seeds/task.json");
    writeFileSync(p, `${readFileSync(p, "utf8")},`);
    const v = run(["verify", "out/q4/plan.json"], dir);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/^seeds\/task\.json: 错误 \[invalid-json\] 任务文件不是有效的 JSON/m);
    expect(v.stderr).not.toContain(dir);
  });
});

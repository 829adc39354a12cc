// The public 递补 record shows a category, never the private reason: chosen by the official with
// `replace --category`, or inferred from the reason (and the CLI says which). Built CLI on the demo data.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { demoCopy, run } from "./helpers.js";

const json = (p: string) => JSON.parse(readFileSync(p, "utf8"));

describe("replace --category (built CLI, demo data)", () => {
  let dir: string;
  let plan: { selected: { entityId: string; stratum: string }[]; reserve: { stratum: string }[] };
  beforeAll(() => {
    dir = demoCopy();
    const d = run(["draw", "seeds/task.json", "--seed", "category", "--out", "plan"], dir);
    expect(d.code, d.stderr).toBe(0);
    plan = json(join(dir, "plan/plan.json"));
  }, 120_000);

  const withReserve = () => {
    const strata = new Set(plan.reserve.map((r) => r.stratum));
    return plan.selected.filter((s) => strata.has(s.stratum)).map((s) => s.entityId);
  };

  it("publishes the category the official chose, keeps the reason internal, records it, and verify passes", () => {
    const [a, b] = withReserve();
    // a reason whose words suggest 依法回避; the official says it is 其他法定情形
    const reason = "经研究与其负责人存在利害关系的说法不实，因其他法定情形调整";
    const r = run(
      ["replace", "plan/plan.json", "--entity", a!, "--reason", reason, "--category", "其他法定情形"],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("公示的递补类别：其他法定情形\n");
    // without --category the inferred one is shown as inferred
    const s = run(["replace", "plan/plan.json", "--entity", b!, "--reason", "企业已注销"], dir);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain("公示的递补类别：已注销（按原因推定；可用 --category 指定）");
    const p = json(join(dir, "plan/plan.json"));
    const entities = p.replacements.filter((x: { type: string }) => x.type === "entity");
    expect(entities[0]).toMatchObject({ entityId: a, reason, publicCategory: "其他法定情形" });
    expect(entities[1].publicCategory).toBeUndefined();
    const notice = readFileSync(join(dir, "plan/public/notice.md"), "utf8");
    const row = notice.split("\n").find((l) => l.includes(`（${a}）`) && l.startsWith("|"));
    expect(row).toContain("其他法定情形");
    expect(row).not.toContain("依法回避");
    expect(notice).not.toContain(reason);
    expect(notice.split("\n").find((l) => l.includes(`（${b}）`) && l.startsWith("|"))).toContain("已注销");
    const v = run(["verify", "plan/plan.json"], dir);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it("refuses a category outside the public list (exit 2, the list named) and on an inspector replacement", () => {
    const [, , c] = withReserve();
    const before = readFileSync(join(dir, "plan/plan.json"));
    const r = run(
      ["replace", "plan/plan.json", "--entity", c!, "--reason", "x", "--category", "涉嫌违法"],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--category");
    expect(r.stderr).toContain("依法回避");
    const i = run(
      [
        "replace",
        "plan/plan.json",
        "--inspector",
        "X",
        "--entity",
        c!,
        "--reason",
        "x",
        "--category",
        "依法回避",
      ],
      dir,
    );
    expect(i.code).toBe(2);
    expect(readFileSync(join(dir, "plan/plan.json")).equals(before)).toBe(true);
  });
});

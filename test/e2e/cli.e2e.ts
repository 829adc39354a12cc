import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { addHostileEntity, demoCopy, HOSTILE_NAME, run } from "./helpers.js";

const json = (p: string) => JSON.parse(readFileSync(p, "utf8"));
/** The task's draw log (beside the task file of a demo copy `dir`). */
const log = (dir: string) =>
  readFileSync(join(dir, "seeds/draw-log.ndjson"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("CLI end to end on the demo data", () => {
  let dir: string;
  let out: string;
  beforeAll(() => {
    dir = demoCopy();
    out = join(dir, "plan");
    const c = run(
      ["commit", "seeds/task.json", "--seed-source", "公开开奖号码", "--out", "commitment.json"],
      dir,
    );
    expect(c.code, c.stderr).toBe(0);
    const d = run(
      [
        "draw",
        "seeds/task.json",
        "--seed",
        "2026-12-01 双色球 03 07 12",
        "--seed-source",
        "公开开奖号码",
        "--commitment",
        "commitment.json",
        "--out",
        "plan",
      ],
      dir,
    );
    expect(d.code, d.stderr + d.stdout).toBe(0);
  });

  it("commit → draw → verify: the plan verifies (exit 0)", () => {
    const v = run(["verify", "plan/plan.json"], dir);
    expect(v.stdout).toContain("验证通过");
    expect(v.code).toBe(0);
    const v2 = run(["verify", "plan/plan.json", "--task", "seeds/task.json"], dir);
    expect(v2.code).toBe(0);
  });

  it("writes the normative plan keys, the files beside it, and a plan that validates against the shipped schema", () => {
    const plan = json(join(out, "plan.json"));
    for (const k of [
      "format",
      "taskId",
      "seed",
      "seedSource",
      "inputs",
      "strata",
      "selected",
      "reserve",
      "excluded",
      "assignments",
      "schedule",
      "issues",
    ]) {
      expect(plan).toHaveProperty(k);
    }
    expect(plan.format).toBe("double-random/plan@1");
    expect(plan.inputs.entities.rows).toBe(2400);
    expect(plan.inputs.entities.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.selected[0]).toHaveProperty("ticket");
    expect(
      plan.schedule.every(
        (s: { date: string; publishBy: string }) =>
          s.date >= "2026-12-01" && s.date <= "2026-12-31" && s.publishBy > s.date,
      ),
    ).toBe(true);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(json(join(out, "plan.schema.json")));
    expect(validate(plan), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    for (const f of [
      "public/selected.csv",
      "public/selected.xlsx",
      "public/verify.html",
      "internal/teams.csv",
      "internal/schedule.csv",
      "internal/reserve.csv",
      "public/notice.md",
      "public/notice.html",
    ]) {
      expect(existsSync(join(out, f))).toBe(true);
    }
    expect(readFileSync(join(out, "public/selected.csv"), "utf8").startsWith("\uFEFF")).toBe(true);
    const teams = readFileSync(join(out, "internal/teams.csv"), "utf8");
    expect(teams).toMatch(/闽\d{8}/); // 执法证号 printed
    expect(readFileSync(join(out, "public/notice.html"), "utf8")).not.toMatch(
      /<(script|link|img)\b|https?:\/\//,
    );
  });

  it("a tampered plan fails verify (exit 1) with the first differences in plain words", () => {
    const plan = json(join(out, "plan.json"));
    plan.selected[0].ticket = "0000000000000";
    const p = join(dir, "tampered.json");
    writeFileSync(p, JSON.stringify(plan));
    const v = run(["verify", p, "--task", "seeds/task.json"], dir);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("selected[0].ticket");
  });

  it("a second draw without --force is refused (exit 2) and logged", () => {
    const before = log(dir).length;
    const d = run(["draw", "seeds/task.json", "--seed", "another seed", "--out", "plan"], dir);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain("--force");
    const entries = log(dir);
    expect(entries).toHaveLength(before + 2);
    expect(entries.at(-2)).toMatchObject({ event: "attempt", taskId: "SJ-2026-Q4-001" });
    expect(entries.at(-1)).toMatchObject({ outcome: "refused-existing-plan", attempt: entries.at(-2).seq });
    expect(entries.at(-2).seedSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entries)).not.toContain("another seed");
  });

  it("replace an entity, then an inspector: only those change, and verify still passes", () => {
    const before = json(join(out, "plan.json"));
    const target = before.selected.find((s: { reason: string }) => s.reason === "random");
    const r1 = run(
      ["replace", "plan/plan.json", "--entity", target.entityId, "--reason", "经核实已停业"],
      dir,
    );
    expect(r1.code, r1.stderr).toBe(0);
    const after = json(join(out, "plan.json"));
    const incoming = after.replacements[0].replacedBy;
    expect(after.selected.map((s: { entityId: string }) => s.entityId)).not.toContain(target.entityId);
    expect(after.selected.map((s: { entityId: string }) => s.entityId)).toContain(incoming);
    expect(before.reserve.find((r: { stratum: string }) => r.stratum === target.stratum).entityId).toBe(
      incoming,
    );
    const team = after.assignments.find((a: { entityId: string }) => a.entityId === incoming);
    const member = team.inspectorIds[0];
    const r2 = run(
      [
        "replace",
        "plan/plan.json",
        "--inspector",
        member,
        "--entity",
        incoming,
        "--reason",
        "与该对象负责人系亲属",
      ],
      dir,
    );
    expect(r2.code, r2.stderr).toBe(0);
    const final = json(join(out, "plan.json"));
    const others = (p: typeof final) =>
      p.assignments.filter((a: { entityId: string }) => a.entityId !== incoming);
    expect(others(final)).toEqual(others(after));
    expect(
      final.assignments.find((a: { entityId: string }) => a.entityId === incoming).inspectorIds,
    ).not.toContain(member);
    const v = run(["verify", "plan/plan.json"], dir);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it("a changed input fails draw --commitment (exit 2, naming the file) and verify (exit 2)", () => {
    const p = join(dir, "seeds/history.csv");
    writeFileSync(p, `${readFileSync(p, "utf8")}913502000728319549,GS-001,2026-01-05,FZ0001\n`);
    const d = run(
      ["draw", "seeds/task.json", "--seed", "x", "--commitment", "commitment.json", "--out", "plan2"],
      dir,
    );
    expect(d.code).toBe(2);
    expect(d.stderr).toContain("history.csv");
    expect(existsSync(join(dir, "plan2/plan.json"))).toBe(false);
    expect(log(dir).at(-1)).toMatchObject({ outcome: "refused-commitment-mismatch" });
    const v = run(["verify", "plan/plan.json"], dir);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain("history.csv");
  });

  it("publish re-renders notices and CSV", () => {
    const p = run(["publish", "plan/plan.json", "--format", "md", "--out", "pub"], dir);
    expect(p.code).toBe(0);
    expect(readFileSync(join(dir, "pub/public/notice.md"), "utf8")).toContain("验证信息");
    expect(existsSync(join(dir, "pub/public/notice.html"))).toBe(false);
  });

  it("results: valid results are published with deadlines; bad rows are located errors (exit 2)", () => {
    const plan = json(join(out, "plan.json"));
    const [a, b] = plan.selected;
    const good = join(dir, "results.csv");
    writeFileSync(
      good,
      `统一社会信用代码,事项编号,检查结果,检查结束日期,备注\n${a.entityId},GS-001,未发现问题,2026-12-10,\n${b.entityId},GS-001,未按规定公示应当公示的信息;发现问题已责令改正,2026-12-11,已整改\n`,
    );
    const r = run(["results", "plan/plan.json", "results.csv", "--as-of", "2027-02-01", "--out", "res"], dir);
    expect(r.code, r.stderr).toBe(0);
    const pub = readFileSync(
      join(dir, "res/public/results/福州市市场监督管理局/results-publication.csv"),
      "utf8",
    );
    expect(pub).toContain("未发现问题");
    expect(readFileSync(join(dir, "res/internal/results-deadlines.csv"), "utf8")).toContain("已逾期");
    const bad = join(dir, "bad-results.csv");
    writeFileSync(
      bad,
      `entityId,itemId,categories,finishedOn\n913502000728319549,GS-001,未发现问题,2026-12-10\n${a.entityId},GS-001,查无此类,2026-12-10\n${a.entityId},GS-001,未发现问题,2027-03-01\n`,
    );
    const r2 = run(["results", "plan/plan.json", "bad-results.csv"], dir);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/bad-results\.csv 第2行 列 entityId.*unknown-entity/);
    expect(r2.stderr).toMatch(/第3行 列 categories.*unknown-category/);
    expect(r2.stderr).toMatch(/第4行 列 finishedOn.*date-outside-window/);
  });

  it("--help works for every command, in Chinese and English", () => {
    for (const c of ["commit", "draw", "verify", "replace", "publish", "results"]) {
      const h = run([c, "--help"], dir);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain(`double-random ${c}`);
      expect(h.stdout).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(run(["bogus"], dir).code).toBe(2);
    expect(run(["draw", "seeds/task.json"], dir).code).toBe(2);
    // -h and --help in any position; no arguments is a usage error on stderr
    for (const c of ["commit", "draw", "verify", "replace", "publish", "results"])
      for (const args of [
        [c, "-h"],
        [c, "x.json", "--bogus", "-h"],
        [c, "--out", "o", "--help"],
      ]) {
        const h = run(args, dir);
        expect(h.code, args.join(" ")).toBe(0);
        expect(h.stdout).toContain(`double-random ${c}`);
      }
    const none = run([], dir);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("用法");
    const unknown = run(["draw", "seeds/task.json", "--sed", "x"], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("未知选项 / unknown option: --sed");
  });
});

describe("the draw log is the task's, not the output folder's", () => {
  it("a draw into a fresh --out is logged in the same chain, and verify counts every attempt of the task", () => {
    const dir = demoCopy();
    expect(run(["draw", "seeds/task.json", "--seed", "a", "--out", "out/a"], dir).code).toBe(0);
    expect(run(["draw", "seeds/task.json", "--seed", "b", "--out", "out/b"], dir).code).toBe(0);
    const entries = log(dir);
    expect(entries.filter((e) => e.event === "attempt")).toHaveLength(2);
    const v = run(["verify", "out/b/plan.json"], dir);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/链完整：共 4 条，本任务 SJ-2026-Q4-001 尝试抽取 2 次，其中写出计划 2 次/);
    // the folder's copy is the chain up to its own attempt
    expect(readFileSync(join(dir, "out/b/draw-log.ndjson"), "utf8").trim().split("\n")).toHaveLength(3);
  });

  it("DOUBLE_RANDOM_LOG (or --log) names a bureau-wide log instead", () => {
    const dir = demoCopy();
    const bureau = join(dir, "bureau-log.ndjson");
    const d = spawnSync(
      process.execPath,
      [resolve("dist/cli.js"), "draw", "seeds/task.json", "--seed", "a", "--out", "out/a"],
      { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "1", DOUBLE_RANDOM_LOG: bureau } },
    );
    expect(d.status, d.stderr).toBe(0);
    expect(existsSync(join(dir, "seeds/draw-log.ndjson"))).toBe(false);
    expect(readFileSync(bureau, "utf8")).toContain('"event":"attempt"');
    expect(run(["verify", "out/a/plan.json", "--log", bureau], dir).stdout).toMatch(/尝试抽取 1 次/);
  });
});

describe("CLI on bad input and infeasible staffing", () => {
  it("refuses bad input with located messages (exit 2) and writes no plan", () => {
    const dir = demoCopy();
    const t = join(dir, "seeds/task.json");
    const task = json(t);
    task.sampling.rates.A = 1.5;
    task.sampling.stratifyBy = ["riskClass", "colour"];
    writeFileSync(t, JSON.stringify(task));
    const d = run(["draw", "seeds/task.json", "--seed", "s", "--out", "plan"], dir);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/sampling\.rates\.A/);
    expect(existsSync(join(dir, "plan/plan.json"))).toBe(false);
    expect(d.stderr).not.toMatch(/at .*\.js:\d+/); // no stack traces
  });

  it("reports a bad entity row with file, row and column (exit 2)", () => {
    const dir = demoCopy();
    const p = join(dir, "seeds/entities.csv");
    const lines = readFileSync(p, "utf8").split("\n");
    const line = lines[5]!; // row 6 (the header is row 1)
    lines[5] = `${line.slice(0, 17)}${line[17] === "0" ? "1" : "0"}${line.slice(18)}`; // break the check digit
    writeFileSync(p, lines.join("\n"));
    const d = run(["draw", "seeds/task.json", "--seed", "s", "--out", "plan"], dir);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/entities\.csv 第6行 列 id: 错误 \[invalid-uscc\]/);
  });

  it("an unstaffable plan is still written, names the bottleneck and exits 1", () => {
    const dir = demoCopy();
    const t = join(dir, "seeds/task.json");
    const task = json(t);
    task.teams.maxTasksPerInspector = 3;
    writeFileSync(t, JSON.stringify(task));
    const d = run(["draw", "seeds/task.json", "--seed", "s", "--out", "plan"], dir);
    expect(d.code).toBe(1);
    expect(d.stdout).toMatch(/只有 \d+ 名符合条件的人员可派，共 \d+ 个名额/);
    const plan = json(join(dir, "plan/plan.json"));
    expect(plan.unstaffed.length).toBeGreaterThan(0);
    expect(log(dir).at(-1).outcome).toBe("written-unstaffed");
  });

  it("a hostile entity name is inert in every output", () => {
    const dir = demoCopy();
    addHostileEntity(dir);
    const d = run(["draw", "seeds/task.json", "--seed", "s", "--out", "plan"], dir);
    expect(d.code, d.stderr).toBe(0);
    const csv = readFileSync(join(dir, "plan/public/selected.csv"), "utf8");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")<script>alert(1)</script>"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const html = readFileSync(join(dir, "plan/public/notice.html"), "utf8");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const md = readFileSync(join(dir, "plan/public/notice.md"), "utf8");
    expect(md).not.toContain("<script>");
    expect(
      json(join(dir, "plan/plan.json")).selected.some((s: { name: string }) => s.name === HOSTILE_NAME),
    ).toBe(true);
  });

  it("runs on generated data of another size", () => {
    const dir = demoCopy();
    const g = spawnGen(dir);
    expect(g, "generator").toBe(0);
    const d = run(["draw", "gen/task.json", "--seed", "s", "--out", "plan"], dir);
    expect([0, 1]).toContain(d.code);
    const plan = json(join(dir, "plan/plan.json"));
    expect(plan.accounting.input).toBe(6000);
    expect(run(["verify", "plan/plan.json"], dir).code).toBe(0);
  });
});

function spawnGen(dir: string): number {
  const r = spawnSync(
    process.execPath,
    [
      resolve("node_modules/tsx/dist/cli.mjs"),
      resolve("examples/generate-seeds.ts"),
      join(dir, "gen"),
      "--entities",
      "6000",
      "--inspectors",
      "120",
    ],
    { encoding: "utf8" },
  );
  return r.status ?? -1;
}

describe("the built package", () => {
  it("loads with require() (CJS) and import() (ESM), with the calendar data bundled", () => {
    const cjs = spawnSync(
      process.execPath,
      [
        "-e",
        "const m = require('double-random'); process.stdout.write(m.ticketOf('demo', 'T-2026-001', '913502000728319549') + ' ' + require('double-random/advanced').BUILT_IN_YEARS.at(-1))",
      ],
      { encoding: "utf8" },
    );
    expect(cjs.stdout).toBe("9dc3cb8fefab3 2026");
    const esm = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        "const m = await import('double-random'); const io = await import('double-random/io'); process.stdout.write(typeof m.buildPlan + ' ' + typeof io.readTask)",
      ],
      { encoding: "utf8" },
    );
    expect(esm.stdout).toBe("function function");
  });
});

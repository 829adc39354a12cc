import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { TaskSchema } from "../../src/model/schemas.js";
import { parseWith, zodIssues, zodParseParams } from "../../src/model/zod-issues.js";
import {
  formatIssue,
  ISSUE_CODES,
  type Issue,
  type IssueCode,
  inFile,
  isIssueCode,
  issue,
  keyPath,
} from "../../src/util/issue.js";

const seedTask = (): Record<string, unknown> => JSON.parse(readFileSync("seeds/task.json", "utf8"));

describe("issue codes are a closed union", () => {
  it("an unknown code does not compile, a known one does", () => {
    expectTypeOf<"invalid-uscc">().toExtend<IssueCode>();
    expectTypeOf<"no-such-code">().not.toExtend<IssueCode>();
    // @ts-expect-error an unknown code is a type error
    issue("no-such-code", "x");
    expect(isIssueCode("invalid-uscc")).toBe(true);
    expect(isIssueCode("invalid-invalid-type")).toBe(false);
  });
  it("every code has a Chinese and an English title", () => {
    for (const [code, t] of Object.entries(ISSUE_CODES)) {
      expect(code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(t.en).toMatch(/^[a-z]/);
    }
  });
  it("every code literal used in src is in the union (grep)", async () => {
    const { execFileSync } = await import("node:child_process");
    const out = execFileSync("grep", ["-rhoE", String.raw`issue\(\s*"[a-z0-9-]+"`, "src"], {
      encoding: "utf8",
    });
    const used = [...out.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(20);
    for (const c of used) expect(isIssueCode(c), c).toBe(true);
  });
});

describe("the core names task keys and fields, never CLI flags", () => {
  it("no string outside src/cli mentions a --flag (except the verify command printed in the notice)", async () => {
    const { execFileSync } = await import("node:child_process");
    let out = "";
    try {
      out = execFileSync("grep", ["-rnE", "[\"'`][^\"'`]*--[a-z][^\"'`]*[\"'`]", "src", "--include=*.ts"], {
        encoding: "utf8",
      });
    } catch {
      // grep exits 1 when nothing matches
    }
    const hits = out
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("src/cli/"))
      .filter((l) => !/^\S+:\d+:\s*(\/\/|\/?\*)/.test(l)) // comments
      .filter((l) => !l.includes("double-random verify plan.json --task"));
    expect(hits).toEqual([]);
  });
});

describe("formatIssue", () => {
  const i = issue("invalid-uscc", "统一社会信用代码校验位错误：X", {
    file: "entities.csv",
    row: 3,
    column: "id",
    received: "X",
  });
  it("renders Chinese by default, with file as given, row and column", () => {
    expect(formatIssue(i)).toBe(
      "entities.csv 第3行 列 id: 错误 [invalid-uscc] 统一社会信用代码校验位错误：X",
    );
  });
  it("renders English: the code's title and the value received when no English message was given", () => {
    expect(formatIssue(i, "en")).toBe(
      'entities.csv row 3 column id: error [invalid-uscc] invalid unified social credit code (GB 32100-2015): "X"',
    );
  });
  it("names task keys as keys, and inFile adds the task file to key-located issues only", () => {
    const k = issue("invalid-rate", "比例无效", { key: "sampling.rates.B" }, "warning");
    expect(formatIssue(k)).toBe("键 sampling.rates.B: 警告 [invalid-rate] 比例无效");
    const [a, b] = inFile([k, i], "seeds/task.json");
    expect(formatIssue(a!, "en")).toBe(
      "seeds/task.json key sampling.rates.B: warning [invalid-rate] invalid rate",
    );
    expect(b).toBe(i);
  });
  it("keyPath writes object keys with dots and array indices in brackets", () => {
    expect(keyPath(["sampling", "rates", "B"])).toBe("sampling.rates.B");
    expect(keyPath(["items", 0])).toBe("items[0]");
    expect(keyPath(["sampling", "stratifyBy", 1, "x"])).toBe("sampling.stratifyBy[1].x");
    expect(keyPath([])).toBe("");
  });
});

describe("row problems in English", () => {
  it("every problem of an input row has an English message beside the Chinese one", async () => {
    const { toEntity, toInspector } = await import("../../src/model/records.js");
    const e = toEntity(
      {
        id: "91350100M000100Y44",
        name: " x",
        kind: "firm",
        region: "3501",
        riskClass: "",
        status: "active",
        weight: "-1",
        registeredOn: "2026-02-30",
        tags: "a;;b",
      },
      "e.csv",
      2,
    );
    const i = toInspector(
      {
        id: "P1",
        name: "n",
        department: "d",
        unit: "u",
        region: "350102",
        role: "inspector",
        unavailable: "2026-12-05~2026-12-01",
      },
      "i.csv",
      3,
    );
    const all = [...e.issues, ...i.issues];
    expect(new Set(all.map((x) => x.code))).toEqual(
      new Set([
        "invalid-uscc",
        "whitespace",
        "invalid-value",
        "invalid-region",
        "missing-value",
        "invalid-integer",
        "invalid-date",
        "invalid-list",
        "invalid-date-range",
      ]),
    );
    for (const x of all) {
      expect(x.messageEn, x.code).toBeDefined();
      // (the accepted values of an enumerated column include their Chinese names)
      expect(formatIssue(x, "en").split("; accepted:")[0], x.code).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe("task validation through zod: library codes, key paths, Chinese and English", () => {
  const bad = () => {
    const t = seedTask() as {
      sampling: { rates: Record<string, unknown> };
      teams: Record<string, unknown>;
      schedule: Record<string, unknown>;
      inputs: Record<string, unknown>;
      name?: unknown;
      scope: unknown;
    };
    t.sampling.rates.B = true;
    t.sampling.rates.C = 1.5;
    t.teams = { ...t.teams, sise: 2, size: 1 };
    t.scope = { mode: "sideways" };
    delete t.name;
    t.schedule.start = "2026-02-30";
    t.inputs.encoding = "latin1";
    return t;
  };
  const byKey = (issues: readonly Issue[]) => Object.fromEntries(issues.map((i) => [i.key, i]));

  it("maps each problem to the library's code at its task key, never `invalid-invalid-*`", () => {
    const r = parseWith(TaskSchema, bad(), "task.json");
    expect(r.ok).toBe(false);
    const m = byKey(r.issues);
    expect(m.name?.code).toBe("missing-value");
    expect(m["sampling.rates.B"]?.code).toBe("invalid-value");
    expect(m["sampling.rates.C"]?.code).toBe("out-of-range");
    expect(m["teams.size"]?.code).toBe("out-of-range");
    expect(m["teams.sise"]?.code).toBe("unknown-key");
    expect(m["scope.mode"]?.code).toBe("invalid-value");
    expect(m["schedule.start"]?.code).toBe("invalid-date");
    expect(m["inputs.encoding"]?.code).toBe("invalid-value");
    for (const i of r.issues) {
      expect(isIssueCode(i.code)).toBe(true);
      expect(i.file).toBe("task.json");
      expect(i.column).toBeUndefined();
    }
  });
  it("writes messages in Chinese (no English zod text) and has English beside them", () => {
    const r = parseWith(TaskSchema, bad(), "task.json");
    const m = byKey(r.issues);
    for (const i of r.issues) {
      expect(i.message, i.key).toMatch(/[\u4e00-\u9fff]/);
      expect(i.message, i.key).not.toMatch(/Invalid|expected|received/i);
      expect(formatIssue(i, "en"), i.key).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(m["teams.size"]?.message).toBe("须不小于 2");
    expect(m["inputs.encoding"]?.message).toContain("gb18030");
    expect(m["teams.sise"]?.message).toContain("sise");
    expect(m.name?.messageEn).toBe("a required key is missing");
    expect(m["schedule.start"]?.received).toBe("2026-02-30");
  });
  it("never echoes the credentials of a URL it refuses", () => {
    const r = parseWith(
      z.string().refine(() => false),
      "postgresql://user:s3cret@db.example:5432/x",
    );
    expect(JSON.stringify(r.issues)).not.toContain("s3cret");
    expect(r.issues[0]?.received).toBe("postgresql://***@db.example:5432/x");
  });
  it("leaves zod's global configuration alone", () => {
    const r = z.number().safeParse("x");
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]?.message).toMatch(/expected number/);
    const s = z.number().safeParse("x", zodParseParams);
    if (!s.success)
      expect(zodIssues(undefined, s.error)[0]).toMatchObject({ code: "invalid-type", key: "$" });
  });
  it("buildPlan with a task in memory: the same codes and key paths, no file invented", async () => {
    const { buildPlan } = await import("../../src/index.js");
    const task = bad();
    const r = await buildPlan({ task, seed: "s", entities: [], inspectors: [], items: [] });
    expect(r.ok).toBe(false);
    const m = byKey(r.issues);
    expect(m["sampling.rates.C"]).toMatchObject({ code: "out-of-range", message: "须不大于 1" });
    expect(m["teams.sise"]?.code).toBe("unknown-key");
    for (const i of r.issues.filter((x) => x.key !== undefined)) expect(i.file).toBeUndefined();
  });
  it("accepts the demo task", async () => {
    const r = parseWith(TaskSchema, JSON.parse(await readFile(join("seeds", "task.json"), "utf8")));
    expect(r.ok).toBe(true);
  });
});

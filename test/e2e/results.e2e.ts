import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { basename, join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { maskPersonalName } from "../../src/publish/mask.js";
import { CLI, demoCopy } from "./helpers.js";

const json = (p: string) => JSON.parse(readFileSync(p, "utf8"));
const HEADER = "统一社会信用代码,事项编号,检查结果,检查完成日期,备注";

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "1", ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under a folder, recursively, as path → text. */
function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) {
      const p = join(e.parentPath, e.name);
      out.set(p, readFileSync(p, "utf8"));
    }
  return out;
}

describe("results end to end (built CLI, demo data)", () => {
  let dir: string;
  let plan: {
    selected: { entityId: string; name: string; kind: string }[];
    schedule: { entityId: string; date: string }[];
    items: { id: string; department: string }[];
  };
  beforeAll(() => {
    dir = demoCopy();
    const d = run(["draw", "seeds/task.json", "--seed", "results e2e", "--out", "plan"], dir);
    expect(d.code, d.stderr).toBe(0);
    plan = json(join(dir, "plan/plan.json"));
    drawOut = d.stdout;
  });
  let drawOut = "";

  it("the draw warns that the 2027 deadlines rest on the provisional calendar file (plan.issues and the terminal)", () => {
    const issues = json(join(dir, "plan/plan.json")).issues as { code: string; message: string }[];
    const w = issues.find((i) => i.code === "provisional-calendar");
    expect(w?.message).toContain("calendar-2027.json");
    expect(drawOut).toContain(`注意：${w!.message}`);
    expect(readFileSync(join(dir, "plan/internal/warnings.txt"), "utf8")).toContain(`注意：${w!.message}`);
  });
  const dateOf = (id: string) => plan.schedule.find((s) => s.entityId === id)!.date;

  it("publishes under public/results/<机关>/ with individuals masked, follow-ups and deadlines under internal/", () => {
    const ex = spawnSync(
      process.execPath,
      [resolve("examples/make-results.mjs"), "plan/plan.json", "results.csv", "40"],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect(ex.status, ex.stderr).toBe(0);
    // make sure individuals with a maskable personal name are among the results
    const people = plan.selected.filter(
      (s) => s.kind === "individual" && maskPersonalName(s.name) !== s.name,
    );
    const extra = people
      .filter((p) => !readFileSync(join(dir, "results.csv"), "utf8").includes(p.entityId))
      .map((p) => `${p.entityId},GS-001,未发现问题,${dateOf(p.entityId)},福州市市场监督管理局,`);
    writeFileSync(
      join(dir, "results.csv"),
      `${readFileSync(join(dir, "results.csv"), "utf8")}${extra.join("\n")}\n`,
    );
    const r = run(["results", "plan/plan.json", "results.csv", "--as-of", "2027-01-20"], dir);
    expect(r.code, r.stderr).toBe(0);
    const dept = "福州市市场监督管理局";
    const pub = join(dir, "plan/public/results", dept);
    for (const f of [
      "results-notice.md",
      "results-notice.html",
      "results-publication.csv",
      "results-publication.xlsx",
    ])
      expect(existsSync(join(pub, f)), f).toBe(true);
    expect(readFileSync(join(pub, "results-notice.md"), "utf8")).toContain(
      "# 福州市市场监督管理局2026年第四季度企业公示信息随机抽查结果公示",
    );
    const publicFiles = new Map(
      [...filesUnder(join(dir, "plan/public/results"))].filter(([f]) => !f.endsWith(".xlsx")),
    );
    expect(people.length).toBeGreaterThan(0);
    for (const p of people)
      for (const [f, text] of publicFiles) {
        expect(text, `${f} names ${p.name}`).not.toContain(p.name);
        if (f.endsWith(".csv")) expect(text).toContain(maskPersonalName(p.name));
      }
    const internal = readFileSync(join(dir, "plan/internal/results-deadlines.csv"), "utf8");
    expect(internal).toContain(people[0]!.name);
    expect(readFileSync(join(dir, "plan/internal/results-followups.csv"), "utf8")).toContain("经营异常名录");
    expect(existsSync(join(dir, "plan/internal/results.xlsx"))).toBe(true);
    expect(readFileSync(join(pub, "results-publication.csv"), "utf8").split("\r\n")[0]).toBe(
      "\uFEFF统一社会信用代码,名称,抽查任务,抽查事项,检查实施机关,检查完成日期,检查结果",
    );
    expect(r.stderr).toContain("provisional-calendar");
  });

  it("writes the results as a new version of the output folder: in its manifest, verified, replacing an earlier run's set, never into a locked folder", () => {
    const before = realpathSync(join(dir, "plan"));
    const a = plan.selected[0]!;
    writeFileSync(
      join(dir, "one-a.csv"),
      `${HEADER}\n${a.entityId},GS-001,未发现问题,${dateOf(a.entityId)},\n`,
    );
    const r = run(["results", "plan/plan.json", "one-a.csv", "--as-of", "2027-01-20"], dir);
    expect(r.code, r.stderr).toBe(0);
    const after = realpathSync(join(dir, "plan"));
    expect(after).not.toBe(before);
    // the new version lists the results in its manifest, and verify checks them
    const sums = readFileSync(join(after, "SHA256SUMS"), "utf8");
    expect(sums).toMatch(/ {2}public\/results\/.+\/results-publication\.csv$/m);
    expect(sums).toMatch(/ {2}internal\/results-deadlines\.csv$/m);
    expect(sums).toMatch(/ {2}plan\.json$/m);
    const v = run(["verify", "plan/plan.json"], dir);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/抽取时写出的 \d+ 个文件逐字节未变/);
    // so does a re-publication into the folder itself; a drawn version whose manifest was altered is caught
    expect(run(["publish", "plan/plan.json"], dir).code).toBe(0);
    expect(run(["verify", "plan/plan.json"], dir).code).toBe(0);
    const drawn = readdirSync(join(dir, ".plan.versions")).filter((n) => n.includes("-draw-"));
    expect(drawn).toHaveLength(1);
    const drawnSums = join(dir, ".plan.versions", drawn[0]!, "SHA256SUMS");
    const sumsBefore = readFileSync(drawnSums);
    writeFileSync(drawnSums, Buffer.concat([sumsBefore, Buffer.from(`${"0".repeat(64)}  extra.txt\n`)]));
    const bad = run(["verify", "plan/plan.json"], dir);
    writeFileSync(drawnSums, sumsBefore);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain("清单已被改动");
    // a later version forged without some drawn files (and their manifest lines) is caught
    const cur = realpathSync(join(dir, "plan"));
    const forged = join(dir, ".plan.versions", "29990101T000000Z-publish-1");
    cpSync(cur, forged, { recursive: true });
    rmSync(join(forged, "public/selected.csv"));
    const forgedSums = readFileSync(join(forged, "SHA256SUMS"), "utf8");
    writeFileSync(
      join(forged, "SHA256SUMS"),
      forgedSums
        .split("\n")
        .filter((l) => !l.endsWith("  public/selected.csv"))
        .join("\n"),
    );
    const link = join(dir, "plan");
    rmSync(link);
    symlinkSync(join(".plan.versions", "29990101T000000Z-publish-1"), link);
    const f = run(["verify", "plan/plan.json"], dir);
    rmSync(link);
    symlinkSync(join(".plan.versions", basename(cur)), link);
    expect(f.code).toBe(1);
    expect(f.stdout + f.stderr).toContain("public/selected.csv");
    // the results of one plan are refused in another plan's folder; a version folder given as --out stands for
    // its output folder
    expect(run(["draw", "seeds/task.json", "--seed", "other plan", "--out", "other"], dir).code).toBe(0);
    const otherBefore = realpathSync(join(dir, "other"));
    const mix = run(
      ["results", "plan/plan.json", "one-a.csv", "--as-of", "2027-01-20", "--out", "other"],
      dir,
    );
    expect(mix.code).toBe(2);
    expect(mix.stderr).toContain("plan-mismatch");
    expect(realpathSync(join(dir, "other"))).toBe(otherBefore);
    const inPlace = run(
      ["results", "plan/plan.json", "one-a.csv", "--as-of", "2027-01-20", "--out", cur],
      dir,
    );
    expect(inPlace.code, inPlace.stderr).toBe(0);
    expect(realpathSync(join(dir, "plan"))).not.toBe(cur);
    expect(run(["verify", "plan/plan.json"], dir).code).toBe(0);
    // a second run replaces the whole set: a department folder of the first run that the second does not
    // write is not carried over
    mkdirSync(join(after, "public/results/旧机关"), { recursive: true });
    writeFileSync(join(after, "public/results/旧机关/results-notice.md"), "stale\n");
    const again = run(["results", "plan/plan.json", "one-a.csv", "--as-of", "2027-01-20"], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(dir, "plan/public/results/旧机关"))).toBe(false);
    expect(existsSync(join(dir, "plan/internal/results-deadlines.csv"))).toBe(true);
    // a folder locked by a live process: refused, nothing written
    const lock = join(dir, ".plan.versions/lock");
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, host: hostname(), time: "2027-01-20T01:00:00.000Z" }),
    );
    const current = realpathSync(join(dir, "plan"));
    const locked = run(["results", "plan/plan.json", "one-a.csv", "--as-of", "2027-01-20"], dir);
    rmSync(lock);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain("output-locked");
    expect(realpathSync(join(dir, "plan"))).toBe(current);
  });

  it("refuses contradictory, inapplicable and future results, a bad --as-of and unknown columns (exit 2)", () => {
    const [a, b, c] = plan.selected;
    const bad = [
      HEADER,
      `${a!.entityId},GS-001,未发现问题;发现问题待后续处理,${dateOf(a!.entityId)},`,
      `${b!.entityId},GS-001,已注销;不配合检查情节严重,${dateOf(b!.entityId)},`,
      `${c!.entityId},GS-001,未发现问题,${dateOf(c!.entityId)},`,
    ].join("\n");
    writeFileSync(join(dir, "bad.csv"), `${bad}\n`);
    const r = run(["results", "plan/plan.json", "bad.csv", "--as-of", "2026-11-30"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv 第2行 列 categories.*contradictory-categories/);
    expect(r.stderr).toMatch(/bad\.csv 第3行 列 categories.*contradictory-categories/);
    expect(r.stderr).toMatch(/bad\.csv 第4行 列 finishedOn.*date-after-as-of/);
    const x = run(["results", "plan/plan.json", "bad.csv", "--as-of", "2027-13-01"], dir);
    expect(x.code).toBe(2);
    expect(x.stderr).toContain("--as-of");
    writeFileSync(
      join(dir, "cols.csv"),
      `${HEADER},检查结论\n${a!.entityId},GS-001,未发现问题,${dateOf(a!.entityId)},,\n`,
    );
    const u = run(["results", "plan/plan.json", "cols.csv", "--as-of", "2027-01-20"], dir);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/cols\.csv 第1行 列 检查结论.*unknown-column.*您是否指“检查结果”/);
  });

  it("defaults --as-of to the date in Beijing (injected clock), not the UTC date", () => {
    const a = plan.selected.find((s) => dateOf(s.entityId) > "2026-12-01")!;
    const day = dateOf(a.entityId);
    writeFileSync(join(dir, "one.csv"), `${HEADER}\n${a.entityId},GS-001,未发现问题,${day},\n`);
    // 17:00 UTC the day before is 01:00 in Beijing on the day: the result is accepted
    const prev = new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 3600_000).toISOString();
    const ok = run(["results", "plan/plan.json", "one.csv"], dir, { DOUBLE_RANDOM_NOW: prev });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`截至 ${day}`);
    // 15:00 UTC the day before is 23:00 in Beijing the day before: a result of the day is still in the future
    const early = new Date(Date.parse(`${day}T00:00:00Z`) - 9 * 3600_000).toISOString();
    const no = run(["results", "plan/plan.json", "one.csv"], dir, { DOUBLE_RANDOM_NOW: early });
    expect(no.code).toBe(2);
    expect(no.stderr).toContain("date-after-as-of");
  });

  it("publishes a joint task's results per department", () => {
    const d = run(["draw", "seeds/task-joint.json", "--seed", "joint results", "--out", "joint"], dir);
    expect([0, 1], d.stderr).toContain(d.code);
    const joint = json(join(dir, "joint/plan.json")) as typeof plan;
    const [a, b] = joint.selected;
    const when = (id: string) => joint.schedule.find((s) => s.entityId === id)!.date;
    writeFileSync(
      join(dir, "joint.csv"),
      [
        "统一社会信用代码,事项编号,检查结果,检查完成日期,检查实施机关",
        `${a!.entityId},GS-001,未发现问题,${when(a!.entityId)},福州市市场监督管理局`,
        `${a!.entityId},AQ-001,发现问题待后续处理,${when(a!.entityId)},福州市应急管理局`,
        `${b!.entityId},AQ-001,未发现问题,${when(b!.entityId)},`,
      ].join("\n"),
    );
    const r = run(["results", "joint/plan.json", "joint.csv", "--as-of", "2027-01-20"], dir);
    expect(r.code, r.stderr).toBe(0);
    const samr = readFileSync(
      join(dir, "joint/public/results/福州市市场监督管理局/results-publication.csv"),
      "utf8",
    );
    const yj = readFileSync(
      join(dir, "joint/public/results/福州市应急管理局/results-publication.csv"),
      "utf8",
    );
    expect(samr).toContain(a!.entityId);
    expect(samr).not.toContain("应急管理局");
    expect(yj).toContain(b!.entityId);
    expect(yj.trim().split("\r\n")).toHaveLength(3);
    // the 安全生产 item admits no 公示信息 category, and each department records only its own items
    writeFileSync(
      join(dir, "joint-bad.csv"),
      [
        "统一社会信用代码,事项编号,检查结果,检查完成日期,检查实施机关",
        `${a!.entityId},AQ-001,未按规定公示应当公示的信息,${when(a!.entityId)},`,
        `${b!.entityId},GS-001,未发现问题,${when(b!.entityId)},福州市应急管理局`,
      ].join("\n"),
    );
    const x = run(["results", "joint/plan.json", "joint-bad.csv", "--as-of", "2027-01-20"], dir);
    expect(x.code).toBe(2);
    expect(x.stderr).toMatch(/第2行 列 categories.*category-not-applicable/);
    expect(x.stderr).toMatch(/第3行 列 department.*department-mismatch/);
  });
});

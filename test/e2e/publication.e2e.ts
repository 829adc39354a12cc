import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { maskPersonalName } from "../../src/publish/mask.js";
import { demoCopy, run } from "./helpers.js";

/** Every file under a folder, relative paths. */
function filesUnder(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (d.isDirectory()) out.push(...filesUnder(join(dir, d.name), `${prefix}${d.name}/`));
    else out.push(`${prefix}${d.name}`);
  }
  return out.sort();
}

/** The text of a published file; an .xlsx is unzipped (every entry). */
function textOf(path: string): string {
  if (path.endsWith(".xlsx"))
    return execFileSync("unzip", ["-p", path], { encoding: "utf8", maxBuffer: 1 << 28 });
  return readFileSync(path, "utf8");
}

/** Cells of a worksheet's XML as rows of [ref, type, text] (a small parser independent of exceljs). */
function sheetCells(xml: string): { ref: string; type: string; text: string }[][] {
  const rows: { ref: string; type: string; text: string }[][] = [];
  const xmlText = (s: string) =>
    s
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&quot;", '"')
      .replaceAll("&apos;", "'")
      .replaceAll("&amp;", "&");
  for (const row of xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells: { ref: string; type: string; text: string }[] = [];
    for (const c of row[1]!.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const inner = c[3] ?? "";
      const type = / t="(\w+)"/.exec(c[2] ?? "")?.[1];
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1] ?? /<t[^>]*>([\s\S]*?)<\/t>/.exec(inner)?.[1] ?? "";
      cells.push({ ref: c[1]!, type: type ?? "n", text: xmlText(v) });
    }
    rows.push(cells);
  }
  return rows;
}

interface PlanLike {
  task: { schedule: { start: string; end: string } };
  selected: { entityId: string; name: string; kind: string; riskClass: string; stratum: string }[];
  reserve: { entityId: string; name: string; kind: string }[];
  schedule: { entityId: string; date: string; publishBy: string }[];
  inspectors: { id: string; name: string; certificateNo: string }[];
  assignments: { entityId: string; inspectorIds: string[]; expertIds: string[] }[];
}

describe("public/ and internal/ of a demo draw", () => {
  let dir = "";
  let before: PlanLike;
  let plan: PlanLike;
  let replaced = "";
  const REASON = "与负责人系亲属（私密事由）";
  const PUBLICATION = {
    issuer: "某市市场监督管理局（公章）",
    issuedOn: "2026-11-25",
    drawnAt: "2026年11月24日 10:00",
    witnesses: ["某市公证处公证员 某某"],
    supervisionPhone: "0591-12345",
    objection: "对抽取结果有异议的，可自公示之日起5个工作日内向实施部门书面提出。",
  };
  beforeAll(() => {
    dir = demoCopy();
    const t = join(dir, "seeds/task.json");
    const task = JSON.parse(readFileSync(t, "utf8"));
    task.publication = { ...task.publication, ...PUBLICATION };
    writeFileSync(t, JSON.stringify(task, null, 2));
    const d = run(["draw", "seeds/task.json", "--seed", "public-check", "--out", "plan"], dir);
    expect(d.code, d.stderr).toBe(0);
    before = JSON.parse(readFileSync(join(dir, "plan/plan.json"), "utf8"));
    // publish re-renders every file from plan.json alone, byte for byte
    const p = run(["publish", "plan/plan.json", "--out", "again"], dir);
    expect(p.code, p.stderr).toBe(0);
    for (const f of [...filesUnder(join(dir, "plan/public")).map((x) => `public/${x}`)])
      expect(readFileSync(join(dir, "again", f)).equals(readFileSync(join(dir, "plan", f))), f).toBe(true);
    for (const f of [...filesUnder(join(dir, "plan/internal")).map((x) => `internal/${x}`)])
      expect(readFileSync(join(dir, "again", f)).equals(readFileSync(join(dir, "plan", f))), f).toBe(true);
    // an entity replaced with a private reason, from a stratum that has a reserve
    const withReserve = new Set(before.reserve.map((r) => (r as unknown as { stratum: string }).stratum));
    replaced = before.selected.find((s) => withReserve.has(s.stratum))!.entityId;
    const r = run(["replace", "plan/plan.json", "--entity", replaced, "--reason", REASON], dir);
    expect(r.code, r.stderr).toBe(0);
    plan = JSON.parse(readFileSync(join(dir, "plan/plan.json"), "utf8"));
  }, 180_000);

  it("writes the normative layout", () => {
    const pub = filesUnder(join(dir, "plan/public"));
    expect(pub).toEqual(
      expect.arrayContaining(["notice.html", "notice.md", "verify.html", "selected.csv", "selected.xlsx"]),
    );
    const internal = filesUnder(join(dir, "plan/internal"));
    expect(internal).toEqual(
      expect.arrayContaining(["teams.csv", "schedule.csv", "reserve.csv", "record-sheets.html", "plan.xlsx"]),
    );
  });

  it("publishes no visit date, deadline, inspector, certificate, recusal reason, class or unmasked name", () => {
    const window = new Set([plan.task.schedule.start, plan.task.schedule.end]);
    const forbidden = new Set<string>();
    for (const s of [...plan.schedule, ...before.schedule]) {
      for (const d of [s.date, s.publishBy]) if (!window.has(d)) forbidden.add(d);
    }
    for (const i of plan.inspectors) {
      forbidden.add(i.name);
      if (i.certificateNo) forbidden.add(i.certificateNo);
    }
    const conflicts = readFileSync(join(dir, "seeds/conflicts.csv"), "utf8").trim().split(/\r?\n/).slice(1);
    for (const line of conflicts) forbidden.add(line.split(",")[2]!);
    forbidden.add(REASON);
    for (const e of [...plan.selected, ...plan.reserve, ...before.selected])
      if (e.kind === "individual" && maskPersonalName(e.name) !== e.name) forbidden.add(e.name);
    expect(forbidden.size).toBeGreaterThan(10);
    const classOf = new Map(plan.selected.map((s) => [s.entityId, s]));
    for (const f of filesUnder(join(dir, "plan/public"))) {
      const text = textOf(join(dir, "plan/public", f));
      for (const w of forbidden) expect(text.includes(w), `${f} holds “${w}”`).toBe(false);
      // no line naming a selected entity also names its class or stratum
      for (const line of text.split(/\r?\n|<\/tr>|<\/row>/)) {
        for (const m of line.matchAll(/[0-9A-HJ-NPQRTUWXY]{18}/g)) {
          const s = classOf.get(m[0]);
          if (!s) continue;
          expect(line.includes(`${s.riskClass}类`), `${f}: ${line}`).toBe(false);
          expect(/信用风险|入样概率|检查日期|截止日/.test(line), `${f}: ${line}`).toBe(false);
        }
      }
    }
    // the internal pack does hold them
    const internal = readFileSync(join(dir, "plan/internal/replacements.csv"), "utf8");
    expect(internal).toContain(REASON);
  });

  it("fills the notice from the task's publication keys: 落款, 抽取时间, witnesses, 监督电话, 异议", () => {
    const md = readFileSync(join(dir, "plan/public/notice.md"), "utf8");
    const html = readFileSync(join(dir, "plan/public/notice.html"), "utf8");
    for (const text of [
      PUBLICATION.issuer,
      "2026年11月25日",
      PUBLICATION.drawnAt,
      PUBLICATION.witnesses[0]!,
      PUBLICATION.supervisionPhone,
      PUBLICATION.objection,
      "国发〔2019〕5号",
    ]) {
      expect(md).toContain(text);
      expect(html).toContain(text);
    }
    expect(md).not.toContain("未载明");
  });

  it("records the replacement in public terms and keeps counts current", () => {
    const md = readFileSync(join(dir, "plan/public/notice.md"), "utf8");
    expect(md).toContain("递补记录");
    expect(md).toContain(replaced);
    expect(md).toContain("依法回避");
    expect(md).toContain(`递补名单 ${plan.reserve.length} 户`);
    expect(plan.reserve.length).toBe(before.reserve.length - 1);
  });

  it("writes workbooks whose code cells are text equal to the plan's (read without exceljs)", () => {
    const pub = join(dir, "plan/public/selected.xlsx");
    const rows = sheetCells(
      execFileSync("unzip", ["-p", pub, "xl/worksheets/sheet1.xml"], { encoding: "utf8" }),
    );
    expect(rows[0]!.map((c) => c.text)).toEqual(["序号", "名称", "统一社会信用代码", "抽查事项", "实施机关"]);
    const codes = rows.slice(1).map((r) => r[2]!);
    expect(codes.every((c) => c.type === "str" || c.type === "inlineStr" || c.type === "s")).toBe(true);
    expect(codes.map((c) => c.text).sort()).toEqual(plan.selected.map((s) => s.entityId).sort());
    expect(execFileSync("unzip", ["-p", pub, "xl/worksheets/sheet1.xml"], { encoding: "utf8" })).toContain(
      'state="frozen"',
    );
    const internal = join(dir, "plan/internal/plan.xlsx");
    const irows = sheetCells(
      execFileSync("unzip", ["-p", internal, "xl/worksheets/sheet1.xml"], { encoding: "utf8" }),
    );
    expect(irows[0]![1]!.text).toBe("统一社会信用代码");
    expect(irows.slice(1).map((r) => r[1]!.text)).toEqual(plan.selected.map((s) => s.entityId));
    expect(irows.slice(1).every((r) => r[1]!.type !== "n")).toBe(true);
    // every zip entry dated from the plan, never the clock
    const list = execFileSync("unzip", ["-l", internal], { encoding: "utf8" });
    for (const line of list.split("\n").filter((l) => /\d{4}-\d{2}-\d{2}/.test(l)))
      expect(line).toContain(plan.task.schedule.start);
  });

  it("carries one record sheet per visit with the team's certificates", () => {
    const html = readFileSync(join(dir, "plan/internal/record-sheets.html"), "utf8");
    // the visits as data (one array per visit), rendered by the page (see browser.e2e.ts)
    const data = JSON.parse(
      /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html)![1]!,
    );
    expect(data.visits.map((v: string[]) => v[1])).toEqual(plan.assignments.map((a) => a.entityId));
    expect(html).toContain("回避告知");
    expect(html).toContain(plan.inspectors[0]!.certificateNo);
  });
});

describe("a πps draw's publication", () => {
  it("states the ξ method, labels λ approximate, marks take-all units and publishes n, W and the ξ cut-off", () => {
    const dir = demoCopy();
    const t = join(dir, "seeds/task.json");
    const task = JSON.parse(readFileSync(t, "utf8"));
    task.sampling = { mode: "pps", stratifyBy: [], size: 30, reserve: 0.1 };
    delete task.forced;
    writeFileSync(t, JSON.stringify(task, null, 2));
    // one active entity of overwhelming weight: λ ≥ 1, a take-all unit
    const p = join(dir, "seeds/entities.csv");
    const lines = readFileSync(p, "utf8").split("\n");
    const history = readFileSync(join(dir, "seeds/history.csv"), "utf8");
    const k = lines.findIndex((l, i) => i > 0 && l.includes(",存续,") && !history.includes(l.split(",")[0]!));
    const cells = lines[k]!.split(",");
    cells[6] = "100000000";
    lines[k] = cells.join(",");
    writeFileSync(p, lines.join("\n"));
    const heavy = cells[0]!;
    const d = run(["draw", "seeds/task.json", "--seed", "pps-public", "--out", "plan"], dir);
    expect(d.code, d.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, "plan/plan.json"), "utf8"));
    const h = plan.selected.find((s: { entityId: string }) => s.entityId === heavy);
    expect(h.reason).toBe("random");
    expect(h.takeAll).toBe(true);
    expect(h.xi).toBeUndefined();
    expect(h.inclusionProbability).toBe(1);
    const others = plan.selected.filter(
      (s: { takeAll?: boolean; reason: string }) => !s.takeAll && s.reason === "random",
    );
    expect(others.every((s: { xi?: number }) => typeof s.xi === "number")).toBe(true);
    expect(plan.strata[0].takeAll).toBeGreaterThanOrEqual(1);
    expect(plan.strata[0].ppsN).toBe(plan.strata[0].sampleSize - plan.strata[0].takeAll);
    const md = readFileSync(join(dir, "plan/public/notice.md"), "utf8");
    expect(md).not.toContain("按抽取号从小到大");
    expect(md).toContain("近似入样概率");
    expect(md).toContain("截止排序键 ξ");
    expect(md).toContain(String(plan.strata[0].ppsW));
    expect(md).not.toContain("入样比例");
    const internal = readFileSync(join(dir, "plan/internal/selected.csv"), "utf8");
    expect(internal).toContain("近似入样概率（λ）");
    expect(internal).toContain("必入样（λ≥1）");
  });
});

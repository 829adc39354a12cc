import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoCopy, run } from "./helpers.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
];

describe("double-random annual and stats (built CLI)", () => {
  it("the demo annual plan writes its documents and task files that draw and verify", () => {
    const dir = demoCopy();
    const a = run(["annual", "seeds/annual-2027.json", "--out", "annual"], dir);
    expect(a.code, a.stderr).toBe(0);
    for (const f of ["annual-plan.html", "annual-plan.xlsx", "annual-plan.json", "annual.schema.json"])
      expect(existsSync(join(dir, "annual", f))).toBe(true);
    const annual = JSON.parse(readFileSync(join(dir, "seeds/annual-2027.json"), "utf8"));
    const files = readdirSync(join(dir, "annual/tasks")).sort();
    expect(files).toHaveLength(annual.tasks.length);
    const plan = JSON.parse(readFileSync(join(dir, "annual/annual-plan.json"), "utf8"));
    for (const f of files) {
      const task = JSON.parse(readFileSync(join(dir, "annual/tasks", f), "utf8"));
      const out = `draws/${task.id}`;
      const d = run(["draw", `annual/tasks/${f}`, "--seed", `annual-e2e-${task.id}`, "--out", out], dir);
      expect(d.code, `${f}: ${d.stdout}${d.stderr}`).toBe(0);
      const drawn = JSON.parse(readFileSync(join(dir, out, "plan.json"), "utf8"));
      // the annual plan's 数量 is what the draw took, whatever the seed
      expect(drawn.selected.length).toBe(
        plan.lines.find((l: { taskId: string }) => l.taskId === task.id).count,
      );
      const v = run(["verify", join(out, "plan.json")], dir);
      expect(v.code, v.stdout + v.stderr).toBe(0);
    }
    // year-end statistics over every draw, against the filed annual plan
    const st = run(
      [
        "stats",
        ...files.map((f) => `draws/${f.replace(/\.json$/, "")}/plan.json`),
        "--annual",
        "annual/annual-plan.json",
        "--out",
        "stats",
        "--as-of",
        "2027-12-31",
      ],
      dir,
    );
    expect(st.code, st.stderr).toBe(0);
    const stats = JSON.parse(readFileSync(join(dir, "stats/stats.json"), "utf8"));
    for (const c of stats.completion) expect(c.drawn).toBe(c.planned);
  }, 300_000);

  it("the 备案 document prints on A4 landscape without overflow, offline, with no script", async () => {
    const dir = demoCopy();
    const a = run(["annual", "seeds/annual-2027.json", "--out", "annual"], dir);
    expect(a.code, a.stderr).toBe(0);
    expect(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`).toBe(true);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    try {
      // 273 mm of printable width (A4 landscape, 12 mm margins as the page sets) at 96 px per inch
      const page = await browser.newPage({ viewport: { width: Math.floor((273 / 25.4) * 96), height: 800 } });
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.emulateMedia({ media: "print" });
      await page.goto(`file://${join(dir, "annual/annual-plan.html")}`);
      const [scroll, client] = (await page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]",
      )) as [number, number];
      expect(scroll).toBeLessThanOrEqual(client);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is checked
      const text = await page.innerText("body");
      for (const h of ["检查主体", "事项", "依据", "比例", "频次", "计划时间", "发起部门", "参与部门"])
        expect(text).toContain(h);
      expect(await page.locator("script").count()).toBe(0);
      expect(requests).toEqual([`file://${join(dir, "annual/annual-plan.html")}`]);
      const pdf = join(dir, "annual/annual-plan.pdf");
      await page.pdf({ path: pdf, preferCSSPageSize: true });
      const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
      expect(info.status, info.stderr).toBe(0);
      const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info.stdout);
      expect(size && Math.round(Number(size[1])) === 842 && Math.round(Number(size[2])) === 595).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("a plan at 1% of class A exits 2, names the shortfall and writes nothing", () => {
    const dir = demoCopy();
    const p = join(dir, "seeds/annual-2027.json");
    const annual = JSON.parse(readFileSync(p, "utf8"));
    for (const t of annual.tasks) if (t.items.includes("GS-001")) t.sampling.rates.A = "1%";
    writeFileSync(p, JSON.stringify(annual, null, 2));
    const a = run(["annual", "seeds/annual-2027.json", "--out", "annual"], dir);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/coverage-below-floor.*信用风险A类.*缺 \d+ 户/);
    expect(existsSync(join(dir, "annual/annual-plan.json"))).toBe(false);
  });

  it("stats over the demo plan and its example results: HTML charts render offline, xlsx keeps codes as text", async () => {
    const dir = demoCopy();
    const d = run(["draw", "seeds/task.json", "--seed", "stats-e2e", "--out", "q4"], dir);
    expect(d.code, d.stderr).toBe(0);
    const mk = spawnSync(
      process.execPath,
      [join(process.cwd(), "examples/make-results.mjs"), "q4/plan.json", "q4/results.csv"],
      { cwd: dir, encoding: "utf8" },
    );
    expect(mk.status, mk.stderr).toBe(0);
    const s = run(["stats", "q4/plan.json", "--out", "stats", "--as-of", "2027-03-31"], dir);
    expect(s.code, s.stderr).toBe(0);
    expect(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`).toBe(true);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(`file://${join(dir, "stats/stats.html")}`);
      const charts = page.locator("svg.chart");
      expect(await charts.count()).toBe(5);
      for (let i = 0; i < 5; i++) {
        const box = await charts.nth(i).boundingBox();
        expect(box && box.width > 300 && box.height > 40).toBe(true);
      }
      // bars are drawn with a width: some bar of every chart is visible
      const widths = await page.$$eval("svg.chart", (svgs) =>
        svgs.map((svg) =>
          Math.max(0, ...[...svg.querySelectorAll("rect.bar")].map((r) => r.getBoundingClientRect().width)),
        ),
      );
      expect(widths.every((w) => w > 0)).toBe(true);
      expect(await page.locator("script").count()).toBe(0);
      expect(requests.every((u) => u.startsWith("file://"))).toBe(true);
      expect(requests).toHaveLength(1);
    } finally {
      await browser.close();
    }
    // --results with a publication date column: on time, late, and the rest overdue
    const plan0 = JSON.parse(readFileSync(join(dir, "q4/plan.json"), "utf8"));
    const sched = new Map(plan0.schedule.map((x: { entityId: string }) => [x.entityId, x]));
    const rows = plan0.selected.slice(0, 3).map((x: { entityId: string }, k: number) => {
      const w = sched.get(x.entityId) as { date: string; publishBy: string };
      return [x.entityId, plan0.items[0].id, "未发现问题", w.date, k === 2 ? "2099-01-01" : w.publishBy].join(
        ",",
      );
    });
    writeFileSync(
      join(dir, "other-results.csv"),
      `统一社会信用代码,事项编号,检查结果,检查结束日期,公示日期\n${rows.join("\n")}\n`,
    );
    const s2 = run(
      ["stats", "q4/plan.json", "--results", "other-results.csv", "--out", "stats2", "--as-of", "2099-12-31"],
      dir,
    );
    expect(s2.code, s2.stderr).toBe(0);
    const st = JSON.parse(readFileSync(join(dir, "stats2/stats.json"), "utf8"));
    expect(st.publication).toMatchObject({ onTime: 2, late: 1, undated: 0, pending: 0 });
    expect(st.publication.overdue).toBe(plan0.selected.length * plan0.items.length - 3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "stats/stats.xlsx"));
    const plan = JSON.parse(readFileSync(join(dir, "q4/plan.json"), "utf8"));
    const tasks = wb.getWorksheet("抽查任务")!;
    expect(tasks.getRow(2).getCell(1).value).toBe(plan.taskId);
    const regions = wb.getWorksheet("按行政区划")!;
    const codes = regions.getColumn(1).values.slice(2);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((v) => typeof v === "string")).toBe(true);
  }, 180_000);
});

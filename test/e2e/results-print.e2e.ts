import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoCopy, run } from "./helpers.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"];

describe("the results notice in a real browser", () => {
  it("prints on A4 pages, no code or date split across lines, nothing loaded from the network", async () => {
    expect(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`).toBe(true);
    const dir = demoCopy();
    const d = run(["draw", "seeds/task.json", "--seed", "results print", "--out", "plan"], dir);
    expect(d.code, d.stderr).toBe(0);
    const ex = spawnSync(
      process.execPath,
      [resolve("examples/make-results.mjs"), "plan/plan.json", "r.csv", "80"],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect(ex.status, ex.stderr).toBe(0);
    const r = run(["results", "plan/plan.json", "r.csv", "--as-of", "2027-01-20"], dir);
    expect(r.code, r.stderr).toBe(0);
    const html = join(dir, "plan/public/results/福州市市场监督管理局/results-notice.html");
    const rows = readFileSync(join(dir, "r.csv"), "utf8").trim().split("\n").length - 1;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (q) => requests.push(q.url()));
      await page.goto(`file://${html}`);
      await page.emulateMedia({ media: "print" });
      expect(await page.locator("tbody tr").count()).toBe(rows);
      // every code and date cell on one line
      // (a script string: the test is type-checked without the DOM library)
      const split = await page.evaluate<number>(`
        [...document.querySelectorAll("td.nowrap")].filter((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].map((x) => Math.round(x.top))).size > 1;
        }).length`);
      expect(await page.locator("td.nowrap").count()).toBe(rows * 3);
      expect(split).toBe(0);
      const pdf = join(dir, "results-notice.pdf");
      await page.pdf({ path: pdf, preferCSSPageSize: true });
      const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
      expect(info).toMatch(/Page size:.*\(A4\)/);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(Math.ceil(rows / 15) + 1); // a sensible count: ≥ 15 rows a page
      expect(requests.every((u) => u.startsWith("file://"))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

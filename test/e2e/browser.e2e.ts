import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addHostileEntity, demoCopy, HOSTILE_NAME, run } from "./helpers.js";

// Debian's chromium, installed by .ci/run when missing (no browser download).
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

describe("the HTML notice in a real browser", () => {
  it("shows title, counts and a hostile name as text; screenshot saved", async () => {
    expect(
      existsSync(CHROMIUM),
      `Chromium not found at ${CHROMIUM}: run .ci/run or apt-get install chromium`,
    ).toBe(true);
    const dir = demoCopy();
    addHostileEntity(dir);
    const d = run(["draw", "seeds/task.json", "--seed", "browser", "--out", "plan"], dir);
    expect(d.code, d.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, "plan/plan.json"), "utf8"));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      let dialogs = 0;
      page.on("dialog", async (dlg) => {
        dialogs++;
        await dlg.dismiss();
      });
      await page.goto(`file://${join(dir, "plan/notice.html")}`);
      const title = await page.title();
      expect(title).toBe(`${plan.department}关于${plan.taskName}计划的公示`);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered, visible text is what is checked
      const text = await page.innerText("body");
      expect(text).toContain(`共抽取 ${plan.accounting.selected} 户`);
      expect(text).toContain(HOSTILE_NAME); // shown literally, as text
      expect(await page.locator("script").count()).toBe(0);
      expect(dialogs).toBe(0);
      expect(requests.every((u) => u.startsWith("file://"))).toBe(true);
      const shots = resolve("test/.tmp");
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, "notice.png"), fullPage: false });
      expect(existsSync(join(shots, "notice.png"))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

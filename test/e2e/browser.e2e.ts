import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { TICKET_VECTORS } from "../helpers.js";
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

describe("the HTML notice and the record sheets in a real browser", () => {
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
      await page.goto(`file://${join(dir, "plan/public/notice.html")}`);
      const title = await page.title();
      expect(title).toBe(`${plan.department}关于${plan.taskName}计划的公示`);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered, visible text is what is checked
      const text = await page.innerText("body");
      expect(text).toContain(`抽取抽查对象 ${plan.selected.length} 户`);
      expect(text).toContain(HOSTILE_NAME); // shown literally, as text
      expect(await page.locator("script").count()).toBe(0);
      expect(dialogs).toBe(0);
      expect(requests.every((u) => u.startsWith("file://"))).toBe(true);
      const shots = resolve("test/.tmp");
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, "notice.png"), fullPage: false });
      expect(existsSync(join(shots, "notice.png"))).toBe(true);
      // printed: A4 pages, a sensible count, no credit code broken across lines
      const pdf = join(shots, "notice.pdf");
      await page.pdf({ path: pdf, format: "A4" });
      const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
      expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+|Page size:\s+595\.\d+ x 842\.\d+/);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(pages).toBeLessThanOrEqual(Math.ceil(plan.selected.length / 20) + 4);
      const layout = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
      const broken = plan.selected.filter((s: { entityId: string }) => !layout.includes(s.entityId));
      expect(broken, "credit codes split across lines").toEqual([]);
      expect(layout).toMatch(new RegExp(`第\\s*1\\s*页\\s*共\\s*${pages}\\s*页`));
      // the internal record sheets: rendered on the page from its data, one A4 page per visit, all of them or
      // the visits chosen on the page (a date, an inspector); the hostile name shown as text
      const pdfPages = async (name: string) => {
        const pdf = join(dir, `${name}.pdf`);
        await page.pdf({ path: pdf, format: "A4" });
        const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
        expect(info).toMatch(/Page size:\s+595\.\d+ x 84[12]\.\d+/);
        return Number(/Pages:\s+(\d+)/.exec(info)![1]);
      };
      await page.goto(`file://${join(dir, "plan/internal/record-sheets.html")}#all`);
      expect(await page.locator("#sheets .sheet").count()).toBe(plan.assignments.length);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered, visible text is what is checked
      const sheets = await page.innerText("#sheets");
      expect(sheets).toContain(HOSTILE_NAME);
      const first = plan.assignments[0]!;
      const firstMember = plan.inspectors.find((i: { id: string }) => i.id === first.inspectorIds[0]);
      expect(sheets).toContain(first.entityId);
      expect(sheets).toContain(firstMember.certificateNo);
      expect(sheets).toContain("回避告知");
      expect(await pdfPages("sheets-all")).toBe(plan.assignments.length);
      const day = plan.schedule[0].date;
      const onDay = plan.schedule.filter((s: { date: string }) => s.date === day).length;
      await page.selectOption("#scope", `date:${day}`);
      await expect.poll(() => page.locator("#sheets .sheet").count()).toBe(onDay);
      expect(await pdfPages("sheets-day")).toBe(onDay);
      const who = first.inspectorIds[0];
      const theirs = plan.assignments.filter(
        (a: { inspectorIds: string[]; expertIds: string[] }) =>
          a.inspectorIds.includes(who) || a.expertIds.includes(who),
      ).length;
      await page.selectOption("#scope", `person:${who}`);
      await expect.poll(() => page.locator("#sheets .sheet").count()).toBe(theirs);
      expect(await pdfPages("sheets-person")).toBe(theirs);
      expect(dialogs).toBe(0);
      expect(requests.every((u) => u.startsWith("file://"))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

/** SPEC §5.1 in Node, to compare with the page's WebCrypto. */
function specTicket(seed: string, scope: string, id: string): string {
  const k = createHash("sha256").update(seed.normalize("NFC"), "utf8").digest();
  return createHash("sha256")
    .update(Buffer.concat([k, Buffer.from(scope, "utf8"), Buffer.from([0]), Buffer.from(id, "utf8")]))
    .digest("hex")
    .slice(0, 13);
}

describe("public/verify.html in a real browser", () => {
  it("computes SPEC §5 tickets offline and tells selected, reserve and not drawn apart", async () => {
    const dir = demoCopy();
    const d = run(["draw", "seeds/task.json", "--seed", "verify-page", "--out", "plan"], dir);
    expect(d.code, d.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, "plan/plan.json"), "utf8"));
    const drawn = new Set<string>([
      ...plan.selected.map((s: { entityId: string }) => s.entityId),
      ...plan.reserve.map((s: { entityId: string }) => s.entityId),
    ]);
    const ids = readFileSync(join(dir, "seeds/entities.csv"), "utf8")
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(",")[0]!);
    const excluded = new Set(plan.excluded.list.map((x: { entityId: string }) => x.entityId));
    const unselected = ids.find((id) => !drawn.has(id) && !excluded.has(id))!;
    const cases: [string, string][] = [
      [plan.selected.find((s: { reason: string }) => s.reason === "random").entityId, "selected"],
      [plan.reserve[0].entityId, "reserve"],
      [unselected, "not-drawn"],
    ];
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(`file://${join(dir, "plan/public/verify.html")}`);
      const vectors = TICKET_VECTORS;
      for (const [seed, scope, id, want] of vectors) {
        const got = await page.evaluate(
          ([a, b, c]) =>
            (globalThis as unknown as { drTicket: (...x: string[]) => Promise<string> }).drTicket(a!, b!, c!),
          [seed, scope, id],
        );
        expect(got, `${seed} · ${scope} · ${id}`).toBe(want);
      }
      for (const [id, status] of cases) {
        await page.fill("#entity-id", id);
        await expect.poll(() => page.getAttribute("#result", "data-status")).toBe(status);
        // biome-ignore lint/performance/useDomNodeTextContent: the visible text is what is checked
        const text = await page.innerText("#result");
        expect(text).toContain(specTicket(plan.seed, plan.taskId, id));
        expect(text).toContain({ selected: "已抽中", reserve: "递补名单", "not-drawn": "未抽中" }[status]);
      }
      expect(requests.every((u) => u.startsWith("file://"))).toBe(true);
      expect(requests.every((u) => u.startsWith("file://"))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 180_000);
});

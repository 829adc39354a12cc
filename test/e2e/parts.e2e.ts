// A big entity CSV file read in two parts at once (dist/part-worker.js reads the second half): the draw, the
// issues and their rows must be exactly those of one thread reading the whole file; a middle line end inside a
// quoted cell, or a worker that fails, must leave the file to one thread, with nothing reported twice.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { drawEntities, randomness } from "../../dist/advanced.js";
import { firstPassInParts, IssueCollector, type PartsFacts, readRecords } from "../../dist/io.js";
import { config } from "../draw/fixtures.js";
import { makeUscc } from "../helpers.js";
import { demoCopy, gbkEncode, run } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "dr-parts-"));
const cfg = config({
  sampling: { stratifyBy: ["riskClass"], rates: { A: 0.1, B: "20%", C: 0.5 }, reserve: 0.5 },
});
const SEED = "parts-seed";

/** Rows with everything that could shift rows between the parts — empty lines, quoted records over two lines,
 * short rows, bad check digits, CRLF line ends — early and late in the file. */
function oddFile(n: number, quotedAt: readonly number[] = [11, n - 40]): string {
  const lines = ["名称,统一社会信用代码,主体类型,行政区划代码,信用风险分类,登记状态,标签"];
  for (let i = 1; i <= n; i++) {
    const id = makeUscc(i);
    const risk = "ABC"[i % 3]!;
    if (i === 7 || i === n - 30) lines.push("");
    if (quotedAt.includes(i)) lines.push(`"甲,乙""丙""\n第二行",${id},enterprise,350102,${risk},active,`);
    else if (i === 13 || i === n - 20) lines.push(`短行,${id},enterprise`);
    else if (i === 17 || i === n - 10)
      lines.push(`坏校验位,${id.slice(0, 17)}${id[17] === "0" ? "1" : "0"},enterprise,350102,A,active,`);
    else lines.push(`企业${i},${id},enterprise,350102,${risk},active,${i % 5 === 0 ? "重点;食品" : ""}`);
  }
  return lines.map((l, i) => (i % 4 === 0 ? `${l}\r` : l)).join("\n");
}

function write(name: string, text: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** The plain draw (one thread) and the draw in parts, with their issues and the parts' facts. */
async function both(path: string) {
  const options = { random: randomness(SEED, cfg.taskId), config: cfg };
  const plainIssues = new IssueCollector();
  const plain = await drawEntities(() => readRecords("entities", path, plainIssues), options);
  const partIssues = new IssueCollector();
  let facts: PartsFacts | undefined;
  const runner = firstPassInParts(
    { path, encoding: "auto", displayName: "entities.csv", minBytes: 0 },
    partIssues,
    (f) => {
      facts = f;
    },
  );
  const fallbackIssues = new IssueCollector();
  const parts = await drawEntities(
    () => readRecords("entities", path, fallbackIssues, { displayName: "entities.csv" }),
    options,
    runner,
  );
  return { plain, plainIssues, parts, partIssues, fallbackIssues, facts };
}

describe("an entity file read in two parts at once", () => {
  it("gives exactly the draw, issues and rows of one thread", async () => {
    const path = write("odd.csv", oddFile(4000));
    const r = await both(path);
    expect(r.facts).toBeDefined(); // the parts were used
    expect(r.facts!.sameBytes).toBe(true);
    expect(r.facts!.sha256).toBe(createHash("sha256").update(readFileSync(path)).digest("hex"));
    expect(r.plain.ok).toBe(true);
    expect(r.parts).toEqual(r.plain);
    // the reading issues, in row order with the file's rows, the same as one thread's (file named as given)
    const plainList = r.plainIssues.list().map((i) => ({ ...i, file: "entities.csv" }));
    expect(r.partIssues.list()).toEqual(plainList);
    expect(r.fallbackIssues.list()).toEqual([]);
    const rows = r.partIssues.list().map((i) => i.row);
    expect(rows.some((row) => row! > 2000)).toBe(true); // issues of the second part, at their rows
    expect(rows).toEqual([...rows].sort((a, b) => a! - b!));
    // entities of both parts are drawn
    const late = new Set(Array.from({ length: 1000 }, (_, i) => makeUscc(3000 + i)));
    expect(r.plain.ok && r.plain.value.selected.filter((s) => late.has(s.entityId)).length).toBeGreaterThan(
      0,
    );
    expect(r.facts!.rows).toBe(r.plain.ok ? r.plain.value.content.records : -1);
  });

  it("leaves the file to one thread when the middle line end lies inside a quoted cell", async () => {
    // a quoted cell of many lines from before the middle of the file to well past it (the parts meet a little
    // after the middle: this thread reads a little more than the worker)
    const base = oddFile(4000, []).split("\n");
    const half = Buffer.byteLength(base.join("\n")) / 2;
    let at = 0;
    for (let bytes = 0; bytes < half - 20_000; at++) bytes += Buffer.byteLength(base[at]!) + 1;
    const id = makeUscc(999_999);
    base.splice(at, 0, `"长${"\n第二行".repeat(12000)}",${id},enterprise,350102,A,active,`);
    const path = write("quoted-middle.csv", base.join("\n"));
    const size = readFileSync(path).length;
    const text = readFileSync(path, "utf8");
    const start = text.indexOf(`"长`);
    expect(Buffer.byteLength(text.slice(0, start))).toBeLessThan(size / 2);
    expect(Buffer.byteLength(text.slice(0, text.indexOf(`",${id}`)))).toBeGreaterThan(size * 0.6);
    const r = await both(path);
    expect(r.facts).toBeUndefined(); // not used
    expect(r.partIssues.list()).toEqual([]); // nothing of the parts reported
    expect(r.parts).toEqual(r.plain);
    expect(r.fallbackIssues.list()).toEqual(
      r.plainIssues.list().map((i) => ({ ...i, file: "entities.csv" })),
    );
  });

  it("works on a GB18030 file", async () => {
    const text = oddFile(1500);
    const gbk = gbkEncode(text);
    const path = write("gbk.csv", gbk);
    const r = await both(path);
    expect(r.facts).toBeDefined();
    expect(r.parts).toEqual(r.plain);
    expect(r.partIssues.list()).toEqual(r.plainIssues.list().map((i) => ({ ...i, file: "entities.csv" })));
  });

  it("gives the CLI the same plan, byte for byte, as one thread", () => {
    const a = demoCopy();
    const b = demoCopy();
    const one = run(["draw", "seeds/task.json", "--seed", "parts", "--out", "out"], a);
    const env = { ...process.env, DOUBLE_RANDOM_PART_BYTES: "1" };
    const two = run(["draw", "seeds/task.json", "--seed", "parts", "--out", "out"], b, env);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(readFileSync(join(b, "out/plan.json"), "utf8")).toBe(
      readFileSync(join(a, "out/plan.json"), "utf8"),
    );
  });
});

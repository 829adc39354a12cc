// Tickets hashed on a worker thread (dist/ticket-worker.js) while the main thread reads the entity file: the
// first pass must be exactly the plain one, the worker must really provide the values, and a worker that
// read other bytes must be caught.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { drawEntities, randomness, seedKey, TicketMachine } from "../../dist/advanced.js";
import type { Entity } from "../../dist/index.js";
import { firstPassWithRowTickets, IssueCollector, RowTickets, readRecords } from "../../dist/io.js";
import { config } from "../draw/fixtures.js";
import { makeUscc } from "../helpers.js";
import { CLI, demoCopy, gbkEncode, run } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "dr-tickets-"));
const cfg = config({
  sampling: { stratifyBy: ["riskClass"], rates: { A: 0.1, B: "20%", C: 0.5 }, reserve: 0.5 },
});
const SEED = "worker-seed";

/** A file with the id in the second column, an empty line, a quoted record spanning two lines, a short row,
 * a bad check digit and CRLF line ends in part: everything that could shift rows between the threads. */
function oddFile(n: number): string {
  const lines = ["名称,统一社会信用代码,主体类型,行政区划代码,信用风险分类,登记状态,标签"];
  for (let i = 1; i <= n; i++) {
    const id = makeUscc(i);
    const risk = "ABC"[i % 3]!;
    if (i === 7) lines.push("");
    if (i === 11) lines.push(`"甲,乙""丙""\n第二行",${id},enterprise,350102,${risk},active,`);
    else if (i === 13) lines.push(`短行,${id},enterprise`);
    else if (i === 17)
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

function sourceOf(path: string) {
  return () => readRecords("entities", path, new IssueCollector());
}

async function all(path: string): Promise<Entity[]> {
  const out: Entity[] = [];
  for await (const e of sourceOf(path)()) out.push(e);
  return out;
}

describe("tickets on a worker thread", () => {
  it("give exactly the plain draw, with the values really computed by the worker", async () => {
    const path = write("odd.csv", oddFile(3000));
    let digest: string | undefined | null = null;
    const options = { random: randomness(SEED, cfg.taskId), config: cfg };
    const plain = await drawEntities(sourceOf(path), options);
    const worker = await drawEntities(
      sourceOf(path),
      options,
      firstPassWithRowTickets(sourceOf(path), { path, encoding: "auto" }, (d) => {
        digest = d;
      }),
    );
    expect(plain.ok).toBe(true);
    expect(worker).toEqual(plain);
    expect(digest).toBe(createHash("sha256").update(readFileSync(path)).digest("hex"));

    // the worker's own values, row by row: present for every record without quotes, equal to the main thread's
    const rows = RowTickets.start({ path, encoding: "auto", key: seedKey(SEED).bytes, taskId: cfg.taskId });
    expect(rows).toBeDefined();
    try {
      expect(await rows!.digest).toBe(digest);
      const machine = new TicketMachine(SEED, cfg.taskId);
      const es = await all(path);
      for (const e of es) expect(rows!.get(e.origin!.row)).toBe(machine.value(e.id));
      expect(es.some((e) => e.name.includes("\n"))).toBe(true);
      expect(es.length).toBe(2998); // the short row and the bad check digit are refused
    } finally {
      await rows!.close();
    }
  });

  it("work on a GB18030 file", async () => {
    const text = oddFile(500);
    const gbk = gbkEncode(text);
    const path = write("gbk.csv", gbk);
    const plain = await drawEntities(sourceOf(path), { random: randomness(SEED, cfg.taskId), config: cfg });
    let digest: string | undefined | null = null;
    const worker = await drawEntities(
      sourceOf(path),
      { random: randomness(SEED, cfg.taskId), config: cfg },
      firstPassWithRowTickets(sourceOf(path), { path, encoding: "auto" }, (d) => {
        digest = d;
      }),
    );
    expect(plain.ok && plain.value.selected.length).toBeGreaterThan(0);
    expect(worker).toEqual(plain);
    expect(digest).toBe(createHash("sha256").update(gbk).digest("hex"));
  });

  it("are refused when the worker read other rows than the draw", async () => {
    const path = write("a.csv", oddFile(2000));
    const other = write("b.csv", oddFile(2000).replaceAll("350102000", "350102900"));
    const run = drawEntities(
      sourceOf(path),
      { random: randomness(SEED, cfg.taskId), config: cfg },
      firstPassWithRowTickets(sourceOf(path), { path: other, encoding: "auto" }, () => {}),
    );
    await expect(run).rejects.toThrow(/not this draw's tickets/);
  });
  it("fall back to this thread when the worker cannot read: same draw, no worker value used", async () => {
    const path = write("c.csv", oddFile(800));
    let digest: string | undefined | null = "unset";
    const plain = await drawEntities(sourceOf(path), { random: randomness(SEED, cfg.taskId), config: cfg });
    const r = await drawEntities(
      sourceOf(path),
      { random: randomness(SEED, cfg.taskId), config: cfg },
      firstPassWithRowTickets(sourceOf(path), { path: join(dir, "missing.csv"), encoding: "utf-8" }, (d) => {
        digest = d;
      }),
    );
    expect(r).toEqual(plain);
    expect(digest).toBeNull();
  });

  it("leave JSON and NDJSON files to this thread (the worker reads CSV)", async () => {
    const es = await all(write("for-json.csv", oddFile(300)));
    const path = write("e.ndjson", es.map((e) => JSON.stringify({ ...e, origin: undefined })).join("\n"));
    const source = () => readRecords("entities", path, new IssueCollector());
    let digest: string | undefined | null = "unset";
    const runner = firstPassWithRowTickets(source, { path, encoding: "auto" }, (d) => {
      digest = d;
    });
    expect(await runner({ random: randomness(SEED, cfg.taskId), config: cfg })).toBeUndefined();
    expect(digest).toBe("unset");
    const r = await drawEntities(source, { random: randomness(SEED, cfg.taskId), config: cfg }, runner);
    expect(r).toEqual(await drawEntities(source, { random: randomness(SEED, cfg.taskId), config: cfg }));
    expect(r.ok && r.value.selected.length).toBeGreaterThan(0);
  });

  it("the CLI draws when run from --eval with --input-type (a worker must not inherit those options)", () => {
    const d = demoCopy();
    const script = `process.argv = [process.argv[0], "cli", "draw", "seeds/task.json", "--seed", "eval", "--out", "plan"]; await import(${JSON.stringify(CLI)});`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: d,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const direct = run(["draw", "seeds/task.json", "--seed", "eval", "--out", "plan2"], d);
    expect(direct.code, direct.stderr).toBe(0);
    expect(readFileSync(join(d, "plan/internal/selected.csv"), "utf8")).toBe(
      readFileSync(join(d, "plan2/internal/selected.csv"), "utf8"),
    );
  });
});

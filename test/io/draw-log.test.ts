import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendDrawLog, checkDrawLog, drawLogPath, GENESIS } from "../../src/io/draw-log.js";
import { processStart, tryLock } from "../../src/io/lock.js";
import { checkManifest, manifestText, parseManifest } from "../../src/io/manifest.js";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("the draw log", () => {
  it("chains each line to the SHA-256 of the previous line's bytes, as documented", async () => {
    // Arrange
    const log = join(mkdtempSync(join(tmpdir(), "dr-log-")), "sub/draw-log.ndjson");
    // Act
    const a = await appendDrawLog(log, { event: "attempt", seedSha256: sha("s"), note: "种子来源" });
    const b = await appendDrawLog(log, { event: "outcome", attempt: a.seq, outcome: "written" });
    // Assert: the documented re-check, done by hand
    const lines = readFileSync(log, "utf8").split("\n");
    expect(lines.at(-1)).toBe("");
    const [l1, l2] = lines;
    expect(JSON.parse(l1!)).toMatchObject({ prev: GENESIS, seq: 1, event: "attempt" });
    expect(JSON.parse(l2!)).toMatchObject({ prev: sha(l1!), seq: 2, attempt: 1 });
    expect(b.upTo.toString("utf8")).toBe(`${l1}\n${l2}\n`);
    expect(a.upTo.toString("utf8")).toBe(`${l1}\n`);
    const c = checkDrawLog(readFileSync(log));
    expect(c.broken).toBeUndefined();
    expect(c.entries).toHaveLength(2);
  });

  it("finds an edited, removed or torn line", async () => {
    const log = join(mkdtempSync(join(tmpdir(), "dr-log-")), "draw-log.ndjson");
    for (let i = 0; i < 4; i++) await appendDrawLog(log, { event: "attempt", n: i });
    const text = readFileSync(log, "utf8");
    const edited = text.replace('"n":1', '"n":9');
    expect(checkDrawLog(Buffer.from(edited)).broken?.line).toBe(3);
    const removed = text
      .split("\n")
      .filter((_, i) => i !== 1)
      .join("\n");
    expect(checkDrawLog(Buffer.from(removed)).broken?.line).toBe(2);
    expect(checkDrawLog(Buffer.from(text.slice(0, -5))).broken).toBeDefined();
    // a torn last line stays a line of its own: the next append keeps the file parseable line by line
    writeFileSync(log, text.slice(0, -5));
    await appendDrawLog(log, { event: "attempt" });
    const after = readFileSync(log, "utf8").split("\n");
    expect(after).toHaveLength(6);
    expect(checkDrawLog(readFileSync(log)).broken?.line).toBe(4);
  });

  it("keeps every line under concurrent appends (one chain)", async () => {
    const log = join(mkdtempSync(join(tmpdir(), "dr-log-")), "draw-log.ndjson");
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendDrawLog(log, { event: "attempt", i })));
    const c = checkDrawLog(readFileSync(log));
    expect(c.broken).toBeUndefined();
    expect(c.entries.map((e) => e.i).sort((x, y) => Number(x) - Number(y))).toEqual([...Array(20).keys()]);
  });

  it("lives beside the task file unless --log or DOUBLE_RANDOM_LOG says otherwise", () => {
    expect(drawLogPath("/a/b/task.json", undefined, {})).toBe("/a/b/draw-log.ndjson");
    expect(drawLogPath("/a/b/task.json", undefined, { DOUBLE_RANDOM_LOG: "/bureau/log.ndjson" })).toBe(
      "/bureau/log.ndjson",
    );
    expect(drawLogPath("/a/b/task.json", "/x.ndjson", { DOUBLE_RANDOM_LOG: "/bureau/log.ndjson" })).toBe(
      "/x.ndjson",
    );
    expect(drawLogPath("/a/b/task.json", undefined, { DOUBLE_RANDOM_LOG: "  " })).toBe(
      "/a/b/draw-log.ndjson",
    );
  });
});

describe("locks and manifests", () => {
  it("a lock is exclusive while its holder lives, and released", () => {
    const path = join(mkdtempSync(join(tmpdir(), "dr-lock-")), "lock");
    const a = tryLock(path, "a");
    expect("release" in a).toBe(true);
    const b = tryLock(path, "b");
    expect(b).toMatchObject({ pid: process.pid, command: "a" });
    if ("release" in a) a.release();
    const c = tryLock(path, "c");
    expect("release" in c).toBe(true);
    if ("release" in c) c.release();
  });

  it("a lock whose process number now belongs to a process started at another time is taken over (Linux)", () => {
    const path = join(mkdtempSync(join(tmpdir(), "dr-lock-")), "lock");
    const start = processStart(process.pid);
    if (start === undefined) return; // no /proc: nothing to tell reused numbers apart by
    writeFileSync(
      path,
      JSON.stringify({ pid: process.pid, host: hostname(), time: "t", command: "x", start: "1" }),
    );
    const l = tryLock(path, "y");
    expect(l).toMatchObject({ tookOver: { pid: process.pid, start: "1" } });
    writeFileSync(
      path,
      JSON.stringify({ pid: process.pid, host: hostname(), time: "t", command: "x", start }),
    );
    expect(tryLock(path, "z")).toMatchObject({ pid: process.pid, command: "x" });
  });

  it("the manifest is sha256sum's format, sorted, and finds changed and missing files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dr-man-"));
    writeFileSync(join(dir, "b.csv"), "b");
    writeFileSync(join(dir, "a.csv"), "a");
    const text = manifestText(
      new Map([
        ["b.csv", sha("b")],
        ["a.csv", sha("a")],
        ["gone.csv", sha("x")],
      ]),
    );
    expect(text).toBe(`${sha("a")}  a.csv\n${sha("b")}  b.csv\n${sha("x")}  gone.csv\n`);
    expect(parseManifest(text).digests.size).toBe(3);
    writeFileSync(join(dir, "SHA256SUMS"), text);
    writeFileSync(join(dir, "b.csv"), "B");
    const m = await checkManifest(dir);
    expect(m.problems).toEqual([
      { file: "b.csv", kind: "changed" },
      { file: "gone.csv", kind: "missing" },
    ]);
  });
});

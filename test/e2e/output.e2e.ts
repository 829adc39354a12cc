// The output folder and the draw log under interruption and concurrency: the built CLI killed at every named point
// of a draw (DOUBLE_RANDOM_TEST_CRASH_AT), draws started together, held and stale locks.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CRASH_POINTS } from "../../src/io/crash.js";
import { checkDrawLog } from "../../src/io/draw-log.js";
import { checkManifest } from "../../src/io/manifest.js";
import { seedDigest } from "../../src/plan/sources.js";
import { CLI, demoCopy, run } from "./helpers.js";

const json = (p: string) => JSON.parse(readFileSync(p, "utf8"));
const taskLog = (dir: string) => checkDrawLog(readFileSync(join(dir, "seeds/draw-log.ndjson")));

/** Run the CLI with extra environment; status null and the signal when it was killed. */
function runEnv(args: string[], cwd: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "1", ...env },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Start the CLI without waiting. */
function start(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, CI: "1" } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => {
      stdout += d;
    });
    p.stderr.on("data", (d) => {
      stderr += d;
    });
    p.on("close", (code) => ok({ code, stdout, stderr }));
  });
}

/** The folder holds exactly one draw's complete files: every file of its manifest is there and unchanged. */
async function oneCompleteDraw(out: string): Promise<string> {
  const dir = realpathSync(out);
  const m = await checkManifest(dir);
  expect(m.problems, JSON.stringify(m.problems)).toEqual([]);
  for (const f of ["plan.json", "plan.schema.json", "draw-log.ndjson"]) expect(m.digests.has(f)).toBe(true);
  expect(m.digests.size).toBeGreaterThan(5);
  return json(join(dir, "plan.json")).seed;
}

describe("a draw killed at every point leaves one complete draw and every attempt logged", () => {
  let dir: string;
  beforeAll(() => {
    dir = demoCopy();
    const d = run(["draw", "seeds/task.json", "--seed", "first", "--out", "out/q4"], dir);
    expect(d.code, d.stderr).toBe(0);
  });

  for (const point of CRASH_POINTS) {
    it(`killed ${point}: verify passes on the old or the new draw, the chain is intact, the next draw recovers`, async () => {
      const before = await oneCompleteDraw(join(dir, "out/q4"));
      const attemptsBefore = taskLog(dir).entries.filter((e) => e.event === "attempt").length;
      const seed = `crash ${point}`;
      const k = runEnv(["draw", "seeds/task.json", "--seed", seed, "--out", "out/q4", "--force"], dir, {
        DOUBLE_RANDOM_TEST_CRASH_AT: point,
      });
      expect(k.signal, k.stderr).toBe("SIGKILL");
      // the folder: exactly one draw's files, old or new
      const now = await oneCompleteDraw(join(dir, "out/q4"));
      const switched = point === "after-switch" || point === "after-outcome-logged";
      expect(now).toBe(switched ? seed : before);
      const v = run(["verify", "out/q4/plan.json"], dir);
      expect(v.code, v.stdout + v.stderr).toBe(0);
      // the log: intact, and the attempt is in it from the moment it was logged
      const log = taskLog(dir);
      expect(log.broken).toBeUndefined();
      const attempts = log.entries.filter((e) => e.event === "attempt");
      if (point === "after-lock") expect(attempts).toHaveLength(attemptsBefore);
      else {
        expect(attempts).toHaveLength(attemptsBefore + 1);
        expect(attempts.at(-1)!.seedSha256).toBe(seedDigest(seed));
        expect(JSON.stringify(log.entries)).not.toContain(seed);
      }
      // the next draw takes over the dead process's lock and removes its staging, and says so
      const r = run(
        ["draw", "seeds/task.json", "--seed", `after ${point}`, "--out", "out/q4", "--force"],
        dir,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain("已接管已终止进程的锁");
      const staged = ["while-writing", "before-manifest", "before-version-rename"].includes(point);
      if (staged) expect(r.stderr).toContain("已清理中断运行遗留的暂存目录");
      expect(readdirSync(join(dir, "out/.q4.versions")).filter((n) => n.endsWith(".staging"))).toEqual([]);
      expect(await oneCompleteDraw(join(dir, "out/q4"))).toBe(`after ${point}`);
    });
  }
});

describe("replace and publish killed mid-way keep the folder whole", () => {
  it("replace killed before the switch leaves the old version; publish killed after it, the new one; verify passes", async () => {
    const dir = demoCopy();
    expect(run(["draw", "seeds/task.json", "--seed", "r", "--out", "out/q4"], dir).code).toBe(0);
    const plan = json(join(dir, "out/q4/plan.json"));
    const id = plan.selected.find((s: { reason: string }) => s.reason === "random").entityId;
    const k = runEnv(["replace", "out/q4/plan.json", "--entity", id, "--reason", "已停业"], dir, {
      DOUBLE_RANDOM_TEST_CRASH_AT: "before-switch",
    });
    expect(k.signal).toBe("SIGKILL");
    await oneCompleteDraw(join(dir, "out/q4"));
    expect(json(join(dir, "out/q4/plan.json")).replacements).toEqual([]);
    expect(run(["verify", "out/q4/plan.json"], dir).code).toBe(0);
    const r = run(["replace", "out/q4/plan.json", "--entity", id, "--reason", "已停业"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("已接管已终止进程的锁");
    const p = runEnv(["publish", "out/q4/plan.json"], dir, { DOUBLE_RANDOM_TEST_CRASH_AT: "after-switch" });
    expect(p.signal).toBe("SIGKILL");
    await oneCompleteDraw(join(dir, "out/q4"));
    expect(json(join(dir, "out/q4/plan.json")).replacements).toHaveLength(1);
    const v = run(["verify", "out/q4/plan.json"], dir);
    expect(v.code, v.stdout).toBe(0);
    expect(taskLog(dir).broken).toBeUndefined();
  });
});

describe("concurrent draws into one folder", () => {
  it("draws started together without --force: one writes, the others are refused (exit 2) and every attempt is logged", async () => {
    const dir = demoCopy();
    const seeds = ["p1", "p2", "p3", "p4"];
    const rs = await Promise.all(
      seeds.map((s) => start(["draw", "seeds/task.json", "--seed", s, "--out", "out/q4"], dir)),
    );
    const codes = rs.map((r) => r.code);
    expect(
      codes.filter((c) => c === 0),
      JSON.stringify(rs.map((r) => r.stderr)),
    ).toHaveLength(1);
    expect(codes.filter((c) => c === 2)).toHaveLength(seeds.length - 1);
    for (const r of rs.filter((x) => x.code === 2))
      expect(r.stderr).toMatch(/正被另一进程使用（进程号 \d+|已存在/);
    const winner = seeds[codes.indexOf(0)]!;
    expect(await oneCompleteDraw(join(dir, "out/q4"))).toBe(winner);
    const log = taskLog(dir);
    expect(log.broken).toBeUndefined();
    const attempts = log.entries.filter((e) => e.event === "attempt");
    expect(attempts.map((a) => a.seedSha256).sort()).toEqual(seeds.map(seedDigest).sort());
    for (const a of attempts)
      expect(log.entries.filter((e) => e.event === "outcome" && e.attempt === a.seq)).toHaveLength(1);
    expect(run(["verify", "out/q4/plan.json"], dir).code).toBe(0);
  });

  it("draws started together with --force: each is written or refused whole, the folder holds one of them", async () => {
    const dir = demoCopy();
    const seeds = ["f1", "f2", "f3"];
    const rs = await Promise.all(
      seeds.map((s) => start(["draw", "seeds/task.json", "--seed", s, "--out", "out/q4", "--force"], dir)),
    );
    for (const r of rs) expect([0, 2]).toContain(r.code);
    const written = seeds.filter((_, i) => rs[i]!.code === 0);
    expect(written.length).toBeGreaterThan(0);
    expect(written).toContain(await oneCompleteDraw(join(dir, "out/q4")));
    const log = taskLog(dir);
    expect(log.broken).toBeUndefined();
    expect(log.entries.filter((e) => e.event === "attempt")).toHaveLength(seeds.length);
    expect(run(["verify", "out/q4/plan.json"], dir).code).toBe(0);
  });

  it("a folder locked by a live process is refused (exit 2) naming its pid and time, and the refusal is logged", () => {
    const dir = demoCopy();
    expect(run(["draw", "seeds/task.json", "--seed", "a", "--out", "out/q4"], dir).code).toBe(0);
    const lock = join(dir, "out/.q4.versions/lock");
    const holder = {
      pid: process.pid,
      host: hostname(),
      time: "2026-11-22T01:00:00.000Z",
      command: "draw x",
    };
    writeFileSync(lock, JSON.stringify(holder));
    const d = run(["draw", "seeds/task.json", "--seed", "b", "--out", "out/q4", "--force"], dir);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain(`进程号 ${process.pid}`);
    expect(d.stderr).toContain("2026-11-22T01:00:00.000Z");
    const log = taskLog(dir);
    expect(log.entries.at(-1)).toMatchObject({ event: "outcome", outcome: "refused-locked" });
    expect(json(join(dir, "out/q4/plan.json")).seed).toBe("a");
    expect(existsSync(lock)).toBe(true); // not ours to remove
  });

  it("a lock of a dead process is taken over, and the output says so", () => {
    const dir = demoCopy();
    expect(run(["draw", "seeds/task.json", "--seed", "a", "--out", "out/q4"], dir).code).toBe(0);
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const pid = Number(dead.stdout);
    writeFileSync(
      join(dir, "out/.q4.versions/lock"),
      JSON.stringify({ pid, host: hostname(), time: "2026-11-22T01:00:00.000Z", command: "draw" }),
    );
    const d = run(["draw", "seeds/task.json", "--seed", "b", "--out", "out/q4", "--force"], dir);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).toContain(`已接管已终止进程的锁（进程号 ${pid}`);
    expect(existsSync(join(dir, "out/.q4.versions/lock"))).toBe(false);
  });
});

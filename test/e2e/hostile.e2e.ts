// Hostile inputs, run for real against the built CLI: each case's exit code and message are checked, and with
// HOSTILE_TABLE=write the table in docs/hostile-inputs.md is written from these very runs (input, exit code,
// message, what is left behind).
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, demoCopy } from "./helpers.js";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Case {
  /** What the hostile tester does (Markdown). */
  readonly input: string;
  /** Prepare a demo copy; returns the CLI arguments (and a cleanup, e.g. unmount). */
  readonly setup: (dir: string) => {
    args: string[];
    env?: Record<string, string>;
    uid?: number;
    after?: () => void;
  };
  /** Expected exit code (undefined: recorded only, owned by another part of the work). */
  readonly code?: number;
  /** Expected in stderr + stdout. */
  readonly says?: RegExp;
  /** Needs root (mounts, another user): skipped otherwise. */
  readonly root?: boolean;
}

const SEED = ["--seed", "2026-12-01 双色球 03 07 12", "--seed-source", "公开开奖号码"];
const draw = (out = "out/q4", ...more: string[]) => [
  "draw",
  "seeds/task.json",
  ...SEED,
  "--out",
  out,
  ...more,
];
/** Do the steps (given as arguments, evaluated in order) and return the last: the CLI arguments. */
const seq = <T>(...steps: [...unknown[], T]): T => steps.at(-1) as T;
const ok = (r: Run) => expect(r.code, r.stderr).toBe(0);

function cli(args: string[], cwd: string, env: Record<string, string> = {}, uid?: number): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "1", ...env },
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A demo copy with a complete draw in out/q4. */
function drawn(dir: string): void {
  ok(cli(draw(), dir));
}

function editCsv(dir: string, file: string, edit: (lines: string[]) => string[]): void {
  const p = join(dir, "seeds", file);
  writeFileSync(p, edit(readFileSync(p, "utf8").split("\n")).join("\n"));
}

function editTask(dir: string, edit: (t: Record<string, unknown>) => void): void {
  const p = join(dir, "seeds/task.json");
  const t = JSON.parse(readFileSync(p, "utf8"));
  edit(t);
  writeFileSync(p, JSON.stringify(t, null, 2));
}

const isRoot = process.getuid?.() === 0;
function mount(args: string[]): void {
  const r = spawnSync("mount", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`mount ${args.join(" ")}: ${r.stderr}`);
}

const CASES: Case[] = [
  { input: "no arguments", setup: () => ({ args: [] }), code: 2, says: /缺少命令/ },
  { input: "unknown command `drwa`", setup: () => ({ args: ["drwa"] }), code: 2, says: /未知命令/ },
  {
    input: "`draw -h` (and `-h`/`--help` in any position of any command)",
    setup: () => ({ args: ["draw", "seeds/task.json", "-h"] }),
    code: 0,
    says: /double-random draw/,
  },
  {
    input: "misspelled option `--sed`",
    setup: () => ({ args: ["draw", "seeds/task.json", "--sed", "x", "--out", "o"] }),
    code: 2,
    says: /未知选项/,
  },
  {
    input: "option without its value `--out`",
    setup: () => ({ args: ["draw", "seeds/task.json", "--seed", "x", "--out"] }),
    code: 2,
    says: /需要一个值/,
  },
  {
    input: '`--seed "$SEED"` with SEED unset (empty seed)',
    setup: () => ({ args: ["draw", "seeds/task.json", "--seed", "", "--out", "o"] }),
    code: 2,
    says: /随机种子为空/,
  },
  {
    input: 'seed of blanks only (`--seed "　 "`, ideographic space)',
    setup: () => ({ args: ["draw", "seeds/task.json", "--seed", "\u3000 ", "--out", "o"] }),
    code: 2,
    says: /随机种子为空/,
  },
  {
    input: '`--seed-source "$SRC"` with SRC unset',
    setup: () => ({ args: ["draw", "seeds/task.json", "--seed", "x", "--seed-source", "", "--out", "o"] }),
    code: 2,
    says: /--seed-source 为空/,
  },
  {
    input: "`--as-of 2027-13-01`",
    setup: (d) => seq(drawn(d), { args: ["results", "out/q4/plan.json", "r.csv", "--as-of", "2027-13-01"] }),
    code: 2,
    says: /日期 .*2027-13-01 不存在/,
  },
  {
    input: "`--as-of=2026-02-30`",
    setup: () => ({ args: ["results", "p.json", "r.csv", "--as-of=2026-02-30"] }),
    code: 2,
    says: /不存在/,
  },
  {
    input: "task file missing",
    setup: () => ({ args: ["draw", "nosuch/task.json", "--seed", "x", "--out", "o"] }),
    code: 2,
    says: /找不到任务文件/,
  },
  {
    input: "task file not JSON",
    setup: (d) => seq(writeFileSync(join(d, "seeds/task.json"), "{ id: "), { args: draw() }),
    code: 2,
    says: /不是有效的 JSON/,
  },
  {
    input: "rate 1.5 and an unknown stratum key",
    setup: (d) =>
      seq(
        editTask(d, (t) => {
          (t.sampling as { rates: Record<string, unknown> }).rates.A = 1.5;
        }),
        { args: draw() },
      ),
    code: 2,
    says: /sampling\.rates\.A/,
  },
  {
    input: "entity file of 0 bytes",
    setup: (d) => seq(writeFileSync(join(d, "seeds/entities.csv"), ""), { args: draw() }),
    code: 2,
    says: /empty-file/,
  },
  {
    input: "entity file with the header only",
    setup: (d) =>
      seq(
        editCsv(d, "entities.csv", (l) => [l[0]!, ""]),
        { args: draw() },
      ),
    code: 2,
    says: /empty-input/,
  },
  {
    input: "optional column misspelled (`tag` for `tags`)",
    setup: (d) =>
      seq(
        editCsv(d, "entities.csv", (l) => [l[0]!.replace(/\btags\b|标签/, "tag"), ...l.slice(1)]),
        { args: draw() },
      ),
    code: 2,
    says: /unknown-column[\s\S]*您是否指/,
  },
  {
    input: "unknown extra column",
    setup: (d) =>
      seq(
        editCsv(d, "entities.csv", (l) => l.map((x, i) => (x === "" ? x : i === 0 ? `${x},备用` : `${x},`))),
        { args: draw() },
      ),
    code: 2,
    says: /unknown-column/,
  },
  {
    input: "second draw into the same folder without `--force`",
    setup: (d) => seq(drawn(d), { args: draw() }),
    code: 2,
    says: /已存在；如确需重新抽取请加 --force/,
  },
  {
    input: "draw while another live process holds the folder's lock",
    setup: (d) => {
      drawn(d);
      writeFileSync(
        join(d, "out/.q4.versions/lock"),
        JSON.stringify({ pid: process.pid, host: hostname(), time: "2026-11-22T01:00:00Z", command: "draw" }),
      );
      return { args: draw("out/q4", "--force") };
    },
    code: 2,
    says: /正被另一进程使用（进程号 \d+/,
  },
  {
    input: "`publish` (or `replace`) while a draw holds the folder's lock",
    setup: (d) => {
      drawn(d);
      writeFileSync(
        join(d, "out/.q4.versions/lock"),
        JSON.stringify({ pid: process.pid, host: hostname(), time: "2026-11-22T01:00:00Z", command: "draw" }),
      );
      return { args: ["publish", "out/q4/plan.json"] };
    },
    code: 2,
    says: /正被另一进程使用/,
  },
  {
    input: "lock left by a killed draw (dead pid)",
    setup: (d) => {
      drawn(d);
      writeFileSync(
        join(d, "out/.q4.versions/lock"),
        JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), time: "2026-11-22T01:00:00Z", command: "draw" }),
      );
      return { args: draw("out/q4", "--force") };
    },
    code: 0,
    says: /已接管已终止进程的锁/,
  },
  {
    input: "draw killed while writing (DOUBLE_RANDOM_TEST_CRASH_AT=while-writing), then drawn again",
    setup: (d) => {
      drawn(d);
      cli(draw("out/q4", "--force"), d, { DOUBLE_RANDOM_TEST_CRASH_AT: "while-writing" });
      return { args: draw("out/q4", "--force") };
    },
    code: 0,
    says: /已清理中断运行遗留的暂存目录/,
  },
  {
    input: "commitment names seed source A, draw says B",
    setup: (d) => {
      ok(cli(["commit", "seeds/task.json", "--seed-source", "双色球第2026135期", "--out", "c.json"], d));
      return { args: draw("out/q4", "--commitment", "c.json") };
    },
    code: 2,
    says: /seed-source-mismatch/,
  },
  {
    input: "input changed after the commitment",
    setup: (d) => {
      ok(cli(["commit", "seeds/task.json", "--out", "c.json"], d));
      appendFileSync(join(d, "seeds/history.csv"), "913502000728319549,GS-001,2026-01-05,FZ0001\n");
      return { args: draw("out/q4", "--commitment", "c.json") };
    },
    code: 2,
    says: /history\.csv.*自承诺以来已变更/,
  },
  {
    input: "`--out` names a file",
    setup: (d) => seq(writeFileSync(join(d, "afile"), "x"), { args: draw("afile") }),
    code: 3,
    says: /ENOTDIR.*afile/,
  },
  {
    input: "`--out` below a file (`afile/q4`)",
    setup: (d) => seq(writeFileSync(join(d, "afile"), "x"), { args: draw("afile/q4") }),
    code: 3,
    says: /ENOTDIR.*afile/,
  },
  {
    input: "`--out` an existing folder with other files",
    setup: (d) =>
      seq(mkdirSync(join(d, "docs")), writeFileSync(join(d, "docs/x.txt"), "x"), { args: draw("docs") }),
    code: 2,
    says: /不是本工具写出的/,
  },
  {
    input: "read-only output folder",
    root: true,
    setup: (d) => {
      mkdirSync(join(d, "ro"));
      mount(["-o", "bind,ro", join(d, "ro"), join(d, "ro")]);
      return { args: draw("ro/q4"), after: () => spawnSync("umount", [join(d, "ro")]) };
    },
    code: 3,
    says: /EROFS.*ro/,
  },
  {
    input: "disk full while writing (tmpfs of 200 kB)",
    root: true,
    setup: (d) => {
      mkdirSync(join(d, "full"));
      mount(["-t", "tmpfs", "-o", "size=200k", "tmpfs", join(d, "full")]);
      return { args: draw("full/q4"), after: () => spawnSync("umount", [join(d, "full")]) };
    },
    code: 3,
    says: /ENOSPC.*full/,
  },
  {
    input: "permission denied (run as another user on a folder it cannot write)",
    root: true,
    setup: (d) => {
      chmodSync(d, 0o755);
      return { args: draw("out/q4", "--log", "/tmp/dr-nobody.log"), uid: 65534 };
    },
    code: 3,
    says: /EACCES/,
  },
  {
    input: "task folder read-only, so the draw log cannot be written",
    root: true,
    setup: (d) => {
      mount(["-o", "bind,ro", join(d, "seeds"), join(d, "seeds")]);
      return { args: draw(), after: () => spawnSync("umount", [join(d, "seeds")]) };
    },
    code: 3,
    says: /EROFS.*draw-log\.ndjson.*--log/,
  },
  {
    input: "a published CSV replaced",
    setup: (d) =>
      seq(drawn(d), writeFileSync(join(d, "out/q4", csvName(d)), "\uFEFF统一社会信用代码\n"), {
        args: ["verify", "out/q4/plan.json"],
      }),
    code: 1,
    says: /文件 .*\.csv 与清单记录的 SHA-256 不一致/,
  },
  {
    input: "the notice edited",
    setup: (d) =>
      seq(drawn(d), appendFileSync(join(d, "out/q4", htmlName(d)), "<!-- -->"), {
        args: ["verify", "out/q4/plan.json"],
      }),
    code: 1,
    says: /notice\.html 与清单记录/,
  },
  {
    input: "a published file deleted",
    setup: (d) =>
      seq(drawn(d), unlinkSync(join(d, "out/q4", csvName(d))), { args: ["verify", "out/q4/plan.json"] }),
    code: 1,
    says: /列在清单中但已缺失/,
  },
  {
    input: "a file and SHA256SUMS edited together",
    setup: (d) => {
      drawn(d);
      const f = join(d, "out/q4", csvName(d));
      appendFileSync(f, "x\n");
      const h = spawnSync("sha256sum", [f], { encoding: "utf8" }).stdout.slice(0, 64);
      const m = join(d, "out/q4/SHA256SUMS");
      writeFileSync(
        m,
        readFileSync(m, "utf8").replace(new RegExp(`^[0-9a-f]{64}(  ${csvName(d)})$`, "m"), `${h}$1`),
      );
      return { args: ["verify", "out/q4/plan.json"] };
    },
    code: 1,
    says: /与按计划重新生成的/,
  },
  {
    input: "an attempt in the draw log edited (its seed source)",
    setup: (d) => {
      drawn(d);
      const p = join(d, "seeds/draw-log.ndjson");
      writeFileSync(p, readFileSync(p, "utf8").replace('"公开开奖号码"', '"另一来源"'));
      return { args: ["verify", "out/q4/plan.json"] };
    },
    code: 1,
    says: /断链/,
  },
  {
    input: "the last line of the draw log (the draw's outcome) edited",
    setup: (d) => {
      drawn(d);
      const p = join(d, "seeds/draw-log.ndjson");
      writeFileSync(p, readFileSync(p, "utf8").replace('"written"', '"refused-invalid-input"'));
      return { args: ["verify", "out/q4/plan.json"] };
    },
    code: 1,
    says: /第 \d+ 条尝试的结果记录（refused-invalid-input）表明该次抽取没有写出计划，与本目录不符/,
  },
  {
    input: "the draw log truncated before this draw",
    setup: (d) =>
      seq(drawn(d), writeFileSync(join(d, "seeds/draw-log.ndjson"), ""), {
        args: ["verify", "out/q4/plan.json"],
      }),
    code: 1,
    says: /不是任务抽取日志 .* 的前缀/,
  },
  {
    input: "a second draw into a fresh `--out` (escaping the log?)",
    setup: (d) => seq(drawn(d), { args: draw("out/other") }),
    code: 0,
    says: /第 3 条/,
  },
  {
    input: "verify of a plan file that does not exist",
    setup: () => ({ args: ["verify", "nosuch/plan.json"] }),
    code: 2,
    says: /无法读取计划文件/,
  },
];

function csvName(dir: string): string {
  return findIn(join(dir, "out/q4"), /^(public\/)?selected\.csv$/);
}
function htmlName(dir: string): string {
  return findIn(join(dir, "out/q4"), /^(public\/)?notice\.html$/);
}
function findIn(dir: string, re: RegExp): string {
  const all = readdirSync(dir, { recursive: true }) as string[];
  const f = all.find((n) => re.test(n.replaceAll("\\", "/")));
  if (!f) throw new Error(`no ${re} in ${dir}`);
  return f;
}

/** What a run left: the output folders, staging leftovers, and the draw log's new entries. */
function leftBehind(dir: string, logBefore: number): string {
  const parts: string[] = [];
  for (const o of ["out/q4", "out/other", "o", "afile", "ro/q4", "full/q4", "docs"]) {
    const p = join(dir, o);
    let st: ReturnType<typeof lstatSync> | undefined;
    try {
      st = lstatSync(p);
    } catch {
      continue;
    }
    if (o === "afile" || o === "docs") continue;
    if (st.isSymbolicLink() && existsSync(join(p, "plan.json"))) {
      const seed = JSON.parse(readFileSync(join(p, "plan.json"), "utf8")).seed as string;
      parts.push(
        `\`${o}\` → one complete draw (seed ${seed === SEED[1] ? "of this run" : JSON.stringify(seed)})`,
      );
    } else parts.push(`\`${o}\`: ${st.isSymbolicLink() ? "link" : "folder"} without a plan`);
  }
  const staging = (readdirSync(join(dir, "out"), { recursive: true }) as string[]).filter((n) =>
    n.endsWith(".staging"),
  );
  if (staging.length > 0) parts.push(`${staging.length} staging folder(s)`);
  const log = join(dir, "seeds/draw-log.ndjson");
  const lines = existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
  const added = lines.slice(logBefore).map((l) => {
    try {
      const e = JSON.parse(l);
      return e.event === "outcome" ? e.outcome : e.event;
    } catch {
      return "?";
    }
  });
  parts.push(added.length > 0 ? `log +${added.length} (${added.join(", ")})` : "log unchanged");
  return parts.join("; ") || "nothing";
}

const rows: string[] = [];

describe("hostile inputs", () => {
  for (const c of CASES) {
    it.skipIf(c.root === true && !isRoot)(c.input, () => {
      const dir = demoCopy();
      mkdirSync(join(dir, "out"), { recursive: true });
      const s = c.setup(dir);
      const log = join(dir, "seeds/draw-log.ndjson");
      const before = existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0;
      let r: Run;
      try {
        r = cli(s.args, dir, s.env ?? {}, s.uid);
      } finally {
        s.after?.();
      }
      const text = `${r.stderr}\n${r.stdout}`;
      const lines = `${r.stderr}\n${r.stdout}`.split("\n").filter((l) => l.trim() !== "");
      const message = (lines.find((l) => /验证失败|错误/.test(l)) ?? lines[0] ?? "")
        .replaceAll(dir, "…")
        .slice(0, 160);
      const shown = ["double-random", ...s.args]
        .map((a) => (a === "" || /\s/.test(a) ? `"${a}"` : a))
        .join(" ");
      rows.push(
        `| ${c.input} | \`${shown.replaceAll("|", "\\|")}\` | ${r.code} | ${message.replaceAll("|", "\\|")} | ${leftBehind(dir, before)} |`,
      );
      if (c.code !== undefined) expect(r.code, text).toBe(c.code);
      if (c.says) expect(text).toMatch(c.says);
      expect(text).not.toMatch(/内部错误|internal error/);
      expect(existsSync(join(dir, "nosuch")), "no folder made for a missing file").toBe(false);
      rmSync(dir, { recursive: true, force: true });
    });
  }
  afterAll(() => {
    if (process.env.HOSTILE_TABLE !== "write") return;
    const head = readFileSync("docs/hostile-inputs.md", "utf8").split("<!-- table -->")[0];
    writeFileSync(
      "docs/hostile-inputs.md",
      `${head}<!-- table -->\n| Input | Command | Exit | Message (first line) | Left behind |\n|---|---|---|---|---|\n${rows.join("\n")}\n`,
    );
  });
});

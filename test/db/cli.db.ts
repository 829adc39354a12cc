// The built CLI against the suite's PostgreSQL server: `sql` output run by the database returns the plan's
// selected and reserve lists; bad rows, a refused connection and a changed table are refused (exit 2, no
// plan); the password reaches no output, log or file.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COLUMNS } from "../../src/model/records.js";
import { usccCheckChar } from "../../src/model/uscc.js";
import { openDuckDb } from "../../src/sources/runner.js";
import { loadTable, parseCsv, pgUrl, server, sql } from "./helpers.js";

const CLI = resolve("dist/cli.js");
let dir: string;
let rows: Record<string, string>[];

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CI: "1", PGPASSWORD: server().password, ...env },
  });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

function task(name: string, entities: unknown): string {
  const t = JSON.parse(readFileSync(join(dir, "seeds/task.json"), "utf8"));
  t.inputs.entities = entities;
  writeFileSync(join(dir, "seeds", name), JSON.stringify(t, null, 2));
  return `seeds/${name}`;
}

/** Every file under a folder, as text. */
function allText(folder: string): string {
  if (!existsSync(folder)) return "";
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .map((f) => join(folder, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f).toString("latin1") + readFileSync(f, "utf8"))
    .join("\n");
}

const planOf = (out: string) => JSON.parse(readFileSync(join(dir, out, "plan.json"), "utf8"));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dr-dbcli-"));
  cpSync("seeds", join(dir, "seeds"), { recursive: true });
  rows = parseCsv(readFileSync(join(dir, "seeds/entities.csv"), "utf8"));
  await loadTable("public.cli", rows);
});

describe("double-random sql", () => {
  it("prints a query that PostgreSQL runs into exactly the plan's selected and reserve lists", async () => {
    const t = task("task-pg.json", { url: pgUrl(), table: "public.cli" });
    expect(run(["draw", t, "--seed", "审计种子", "--out", "out-sql"]).code).toBe(0);
    const plan = planOf("out-sql");
    const q = run(["sql", t, "--dialect", "postgres", "--plan", "out-sql/plan.json"]);
    expect(q.code).toBe(0);
    const res = await sql(q.out);
    const sel = res.rows.filter((r) => r.list === "selected");
    const resv = res.rows.filter((r) => r.list === "reserve");
    expect(sel.map((r) => [r.entity_id, r.ticket, r.stratum, r.reason])).toEqual(
      plan.selected.map((s: Record<string, string>) => [s.entityId, s.ticket, s.stratum, s.reason]),
    );
    expect(resv.map((r) => [r.entity_id, r.ticket, r.stratum, Number(r.rank)])).toEqual(
      plan.reserve.map((s: Record<string, unknown>) => [s.entityId, s.ticket, s.stratum, s.rank]),
    );
    // without --seed the query reads psql's variable :'seed'
    const bare = run(["sql", t, "--dialect", "postgres"]);
    expect(bare.out).toContain(":'seed'");
    const psql = spawnSync("psql", ["-X", "-q", "-A", "-t", "-F", ",", "-v", "seed=审计种子", "-c", ""], {
      encoding: "utf8",
    });
    if (psql.error === undefined) {
      const s = server();
      writeFileSync(join(dir, "draw.sql"), bare.out);
      const p = spawnSync(
        "psql",
        [
          "-X",
          "-q",
          "-A",
          "-t",
          "-F",
          ",",
          "-h",
          s.host,
          "-p",
          String(s.port),
          "-U",
          s.user,
          "-d",
          s.database,
          "-v",
          "seed=审计种子",
          "-f",
          join(dir, "draw.sql"),
        ],
        { encoding: "utf8", env: { ...process.env, PGPASSWORD: s.password } },
      );
      expect(p.stderr).toBe("");
      const ids = p.stdout
        .trim()
        .split("\n")
        .map((l) => l.split(",")[2]);
      expect(ids).toEqual([...plan.selected, ...plan.reserve].map((s: { entityId: string }) => s.entityId));
    }
  });

  it("prints a DuckDB query that gives the same lists from the CSV file", async () => {
    const t = task("task-csv.json", "entities.csv");
    expect(run(["draw", t, "--seed", "审计种子", "--out", "out-csv"]).code).toBe(0);
    const plan = planOf("out-csv");
    const q = run([
      "sql",
      t,
      "--dialect",
      "duckdb",
      "--seed",
      "审计种子",
      "--from",
      `read_csv('${join(dir, "seeds/entities.csv")}', header = true, all_varchar = true)`,
    ]);
    expect(q.code).toBe(0);
    const d = await openDuckDb();
    const res = await d.query(q.out);
    await d.close();
    expect(res.map((r) => r.entity_id)).toEqual(
      [...plan.selected, ...plan.reserve].map((s: { entityId: string }) => s.entityId),
    );
  });

  it("reads the headers of the task's file (Chinese names) into the DuckDB query, and says which it read", async () => {
    const text = readFileSync(join(dir, "seeds/entities.csv"), "utf8");
    const [head, ...rest] = text.split("\n");
    const zh = head!
      .split(",")
      .map((k) => COLUMNS.entities.find((c) => c.key === k.replace(/^\uFEFF/, ""))?.zh[0] ?? k)
      .join(",");
    expect(zh).toContain("统一社会信用代码");
    writeFileSync(join(dir, "seeds/entities-zh.csv"), [zh, ...rest].join("\n"));
    const t = task("task-zh.json", "entities-zh.csv");
    expect(run(["draw", t, "--seed", "审计种子", "--out", "out-zh"]).code).toBe(0);
    const plan = planOf("out-zh");
    const q = run(["sql", t, "--dialect", "duckdb", "--seed", "审计种子"]);
    expect(q.code, q.out).toBe(0);
    expect(q.out).toContain("统一社会信用代码 → id");
    // run where the task file lies, as the query names the file as the task does
    const d = await openDuckDb();
    const res = await d.query(
      q.out.replaceAll("read_csv('entities-zh.csv'", `read_csv('${join(dir, "seeds/entities-zh.csv")}'`),
    );
    await d.close();
    expect(res.map((r) => r.entity_id)).toEqual(
      [...plan.selected, ...plan.reserve].map((s: { entityId: string }) => s.entityId),
    );
    // a file without a required column: refused with the column named (exit 2), no query printed
    writeFileSync(
      join(dir, "seeds/entities-bad.csv"),
      [zh.replace("统一社会信用代码", "代码"), ...rest].join("\n"),
    );
    const bad = run(["sql", task("task-bad.json", "entities-bad.csv"), "--dialect", "duckdb", "--seed", "x"]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("missing-column");
    expect(bad.out).not.toContain("select");
  });
});

describe("Parquet", () => {
  it("draws and verifies a Parquet directory", async () => {
    const d = await openDuckDb();
    await d.query(
      `copy (select * from read_csv('${join(dir, "seeds/entities.csv")}', header = true, all_varchar = true)) to '${join(dir, "seeds/entities.parquet")}' (format parquet)`,
    );
    await d.close();
    const t = task("task-parquet.json", "entities.parquet");
    expect(run(["draw", t, "--seed", "x", "--out", "out-parquet"]).code).toBe(0);
    const v = run(["verify", "out-parquet/plan.json"]);
    expect(v.out).toContain("verified: identical");
    expect(v.code).toBe(0);
    expect(planOf("out-parquet").inputs.entities.content).toEqual(planOf("out-sql").inputs.entities.content);
  });
});

describe("progress", () => {
  it("shows the stages on a terminal, never in a pipe", () => {
    const t = task("task-tty.json", { url: pgUrl(), table: "public.cli" });
    const piped = run(["draw", t, "--seed", "x", "--out", "out-pipe"], { CI: "" });
    expect(piped.code).toBe(0);
    expect(piped.out).not.toContain("检查对象数据源");
    const { CI: _, ...env } = process.env;
    const tty = spawnSync(
      "script",
      ["-qec", `"${process.execPath}" "${CLI}" draw ${t} --seed x --out out-tty`, "/dev/null"],
      {
        cwd: dir,
        encoding: "utf8",
        env: { ...env, PGPASSWORD: server().password },
      },
    );
    expect(tty.stdout).toContain("检查对象数据源");
    expect(tty.stdout).toContain("层");
    expect(existsSync(join(dir, "out-tty/plan.json"))).toBe(true);
  });
});

describe("refusals", () => {
  it("reports rows that fail validation with their key, and draws nothing", async () => {
    const body = "91350102MA2XK7QJ0";
    const good = body + usccCheckChar(body);
    const bad: Record<string, string>[] = [
      { ...rows[0]!, id: `${good.slice(0, 17)}${good[17] === "0" ? "1" : "0"}` },
      { ...rows[1]!, id: "91350100M000100Y4统" },
      { ...rows[2]!, name: " 前有空格" },
      { ...rows[3]!, registeredOn: "2026-02-30" },
      { ...rows[4]!, kind: "公司" },
      { ...rows[5]!, tags: "a;;b" },
      { ...rows[6]!, weight: "-3" },
    ];
    await loadTable("public.bad", [...rows.slice(7), ...bad]);
    const t = task("task-bad.json", { url: pgUrl(), table: "public.bad" });
    const r = run(["draw", t, "--seed", "x", "--out", "out-bad"]);
    expect(r.code).toBe(2);
    for (const b of bad) expect(r.out).toContain(b.id!);
    for (const code of [
      "invalid-uscc",
      "whitespace",
      "invalid-date",
      "invalid-value",
      "invalid-list",
      "invalid-integer",
    ])
      expect(r.out).toContain(`[${code}]`);
    expect(existsSync(join(dir, "out-bad/plan.json"))).toBe(false);
  });

  it("says in Chinese that the connection was refused, exit 2, no plan", () => {
    const t = task("task-refused.json", {
      url: "postgresql://postgres@127.0.0.1:1/directory",
      table: "public.cli",
    });
    const r = run(["draw", t, "--seed", "x", "--out", "out-refused"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("连接被拒绝");
    expect(r.out).toContain("[database-unreachable]");
    expect(existsSync(join(dir, "out-refused/plan.json"))).toBe(false);
  });

  it("refuses a table changed between commit and draw, and verify notices a change after the draw", async () => {
    await loadTable("public.moving", rows);
    const t = task("task-moving.json", { url: pgUrl(), table: "public.moving" });
    expect(run(["commit", t, "--out", "seeds/commitment-moving.json"]).code).toBe(0);
    await sql(`update public.moving set "name" = "name" || '（更名）' where "id" = $1`, [rows[10]!.id]);
    const r = run([
      "draw",
      t,
      "--seed",
      "x",
      "--commitment",
      "seeds/commitment-moving.json",
      "--out",
      "out-moving",
    ]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("[input-changed]");
    expect(existsSync(join(dir, "out-moving/plan.json"))).toBe(false);
    expect(run(["draw", t, "--seed", "x", "--out", "out-moving"]).code).toBe(0);
    expect(run(["verify", "out-moving/plan.json"]).code).toBe(0);
    await sql(`delete from public.moving where "id" = $1`, [rows[11]!.id]);
    const v = run(["verify", "out-moving/plan.json"]);
    expect(v.code).toBe(2);
    expect(v.out).toContain("[input-changed]");
  });

  it("never writes the password: not in plan, log, publication files, commitment, output or errors", () => {
    const pw = server().password;
    const t = task("task-secret.json", { url: pgUrl(), table: "public.cli" });
    const outs = [
      run(["commit", t, "--out", "seeds/commitment-secret.json"]),
      run([
        "draw",
        t,
        "--seed",
        "s",
        "--commitment",
        "seeds/commitment-secret.json",
        "--out",
        "out-secret",
        "--timings",
      ]),
      run(["verify", "out-secret/plan.json"]),
      run(["sql", t, "--dialect", "postgres"]),
      // a wrong password and a password in the task file are refused without showing either
      run(["draw", t, "--seed", "s", "--out", "out-wrong"], { PGPASSWORD: `${pw}-wrong` }),
      run([
        "draw",
        task("task-inline.json", {
          url: `postgresql://postgres:${pw}@127.0.0.1:${server().port}/directory`,
          table: "public.cli",
        }),
        "--seed",
        "s",
        "--out",
        "out-inline",
      ]),
    ];
    expect(outs.map((o) => o.code)).toEqual([0, 0, 0, 0, 2, 2]);
    expect(outs[4]!.out).toContain("身份验证失败");
    expect(outs[5]!.out).toContain("密码不得写入任务文件");
    const everything =
      outs.map((o) => o.out).join("\n") +
      allText(join(dir, "out-secret")) +
      allText(join(dir, "out-wrong")) +
      allText(join(dir, "out-inline")) +
      readFileSync(join(dir, "seeds/commitment-secret.json"), "utf8");
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(pw);
  });
});

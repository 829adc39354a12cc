// The library as a backend uses it: a script outside the repository imports the built package, builds a plan
// from records in memory and writes it; the CLI verifies it against the same records as files, in any format,
// encoding or row order. Also: the README's library example runs as it stands.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { demoCopy, run } from "./helpers.js";

/** A folder outside the repository where `import "double-random"` resolves to this package (as once installed). */
function outside(): string {
  const dir = mkdtempSync(join(tmpdir(), "dr-lib-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(resolve("."), join(dir, "node_modules", "double-random"), "dir");
  return dir;
}

function node(script: string, cwd: string): { code: number; stdout: string; stderr: string } {
  writeFileSync(join(cwd, "script.mjs"), script);
  const r = spawnSync(process.execPath, ["script.mjs"], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fenced code block of the README's section `heading`. */
function readmeBlock(heading: string, lang: string): string {
  const s = readFileSync("README.md", "utf8");
  const at = s.indexOf(`\n${heading}\n`);
  const from = s.indexOf(`\`\`\`${lang}\n`, at) + lang.length + 4;
  return s.slice(from, s.indexOf("```", from));
}

/** GB18030 bytes of a text (the encoder built from the platform's GB18030 decoder, two-byte codes). */
function gb18030(text: string): Uint8Array {
  const dec = new TextDecoder("gb18030");
  const map = new Map<string, number>();
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const c = dec.decode(new Uint8Array([a, b]));
      if (c.length === 1 && c !== "\ufffd" && !map.has(c)) map.set(c, (a << 8) | b);
    }
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else {
      const code = map.get(ch);
      if (code === undefined) throw new Error(`no two-byte GB18030 code for ${ch}`);
      out.push(code >> 8, code & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** The rows of a simple CSV file (no quoted separators in the demo data's fields are assumed: parsed strictly). */
function csvRecords(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, j) => [h, r[j] ?? ""])));
}

/** A deterministic shuffle (a fixed permutation by a multiplicative step). */
function shuffled<T>(xs: readonly T[]): T[] {
  const n = xs.length;
  let step = 7919 % n || 1;
  while (gcd(step, n) !== 1) step++;
  return xs.map((_, i) => xs[(i * step + 3) % n]!);
}
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** CSV text of records with the canonical keys (lists joined by ";", periods as from~to). */
function toCsvText(records: readonly Record<string, unknown>[]): string {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown): string => {
    const t = Array.isArray(v)
      ? v.map((x) => (typeof x === "object" && x !== null ? `${x.from}~${x.to}` : String(x))).join(";")
      : v === undefined
        ? ""
        : String(v);
    return /[",\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
  };
  return `${keys.join(",")}\n${records.map((r) => keys.map((k) => cell(r[k])).join(",")).join("\n")}\n`;
}

describe("the library from outside the repository", () => {
  let dir: string;
  let lib: string;
  const seed = "2026-11-21 双色球第2026135期 03 07 12 19 25 31 + 09";
  const json = (p: string) => JSON.parse(readFileSync(p, "utf8"));

  beforeAll(() => {
    dir = demoCopy();
    lib = outside();
    // the same demo records as arrays in memory: the CSV files' rows, as the backend's database would hold them
    const data: Record<string, unknown> = {
      task: json(join(dir, "seeds/task.json")),
      calendar: json(join(dir, "seeds/calendar-2027.json")),
    };
    for (const kind of ["entities", "inspectors", "items", "conflicts", "history"])
      data[kind] = csvRecords(readFileSync(join(dir, `seeds/${kind}.csv`), "utf8"));
    writeFileSync(join(lib, "data.json"), JSON.stringify(data));
    // the entities also as shuffled UTF-8 NDJSON and as GB18030 CSV, each with a task naming that file
    const rows = csvRecords(readFileSync(join(dir, "seeds/entities.csv"), "utf8"));
    writeFileSync(
      join(dir, "seeds/entities.ndjson"),
      `${shuffled(rows)
        .map((r) => JSON.stringify(r))
        .join("\n")}\n`,
    );
    writeFileSync(
      join(dir, "seeds/entities-gbk.csv"),
      gb18030(readFileSync(join(dir, "seeds/entities.csv"), "utf8")),
    );
    const task = json(join(dir, "seeds/task.json"));
    for (const [name, file] of [
      ["task-ndjson.json", "entities.ndjson"],
      ["task-gbk.json", "entities-gbk.csv"],
    ] as const)
      writeFileSync(
        join(dir, "seeds", name),
        JSON.stringify({ ...task, inputs: { ...task.inputs, entities: file } }),
      );
  });

  it("builds a plan from arrays in one call; verify --task on the same data as files exits 0", () => {
    const r = node(
      `import { readFileSync, writeFileSync } from "node:fs";
import { buildPlan, planText, verifyPlan } from "double-random";
const d = JSON.parse(readFileSync("data.json", "utf8"));
const r = await buildPlan({ ...d, seed: ${JSON.stringify(seed)}, seedSource: "公开开奖号码" });
if (!r.ok) { console.error(JSON.stringify(r.issues)); process.exit(2); }
writeFileSync("plan.json", planText(r.plan));
const v = await verifyPlan(r.plan, { ...d, entities: [...d.entities].reverse() });
console.log(r.plan.selected.length, v.ok && v.verified);`,
      lib,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+ true$/);
    const plan = json(join(lib, "plan.json"));
    expect(plan.taskDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.inputs.entities.content.records).toBe(plan.accounting.input);
    expect(plan.inputs.entities.path).toBeUndefined();
    for (const task of ["seeds/task.json", "seeds/task-ndjson.json", "seeds/task-gbk.json"]) {
      const v = run(["verify", join(lib, "plan.json"), "--task", task], dir);
      expect(v.code, `${task}: ${v.stdout}${v.stderr}`).toBe(0);
    }
  });

  it("a plan drawn from a GB18030 CSV verifies against the same data as shuffled UTF-8 NDJSON, not against changed data", () => {
    const d = run(["draw", "seeds/task-gbk.json", "--seed", seed, "--out", "gbk"], dir);
    expect(d.code, d.stderr).toBe(0);
    const plan = json(join(dir, "gbk/plan.json"));
    expect(plan.inputs.entities.path).toBe("entities-gbk.csv");
    expect(plan.inputs.entities.sha256).toMatch(/^[0-9a-f]{64}$/);
    const v = run(["verify", "gbk/plan.json", "--task", "seeds/task-ndjson.json"], dir);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    // one name changed in the NDJSON: the content differs, verify refuses (exit 2) and names the input
    const text = readFileSync(join(dir, "seeds/entities.ndjson"), "utf8");
    const first = JSON.parse(text.split("\n")[0]!);
    writeFileSync(
      join(dir, "seeds/entities-changed.ndjson"),
      text.replace(JSON.stringify(first), JSON.stringify({ ...first, name: `${first.name}（更名）` })),
    );
    const task = json(join(dir, "seeds/task.json"));
    writeFileSync(
      join(dir, "seeds/task-changed.json"),
      JSON.stringify({ ...task, inputs: { ...task.inputs, entities: "entities-changed.ndjson" } }),
    );
    const bad = run(["verify", "gbk/plan.json", "--task", "seeds/task-changed.json"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("inputs.entities.content");
  });

  it("still verifies a plan made before content digests (bytes digests of the files, task file digest)", () => {
    const d = run(["draw", "seeds/task.json", "--seed", seed, "--out", "legacy"], dir);
    expect(d.code, d.stderr).toBe(0);
    const plan = json(join(dir, "legacy/plan.json"));
    for (const k of Object.keys(plan.inputs)) delete plan.inputs[k].content;
    plan.taskDigest = createHash("sha256")
      .update(readFileSync(join(dir, "seeds/task.json")))
      .digest("hex");
    // such a plan alone in a folder (its files and manifest, made from the unchanged plan, are not part of it)
    mkdirSync(join(dir, "legacy2"));
    writeFileSync(join(dir, "legacy2/plan.json"), JSON.stringify(plan));
    const v = run(["verify", "legacy2/plan.json"], dir);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    // and refuses it when a file's bytes changed
    writeFileSync(join(dir, "seeds/items.csv"), `${readFileSync(join(dir, "seeds/items.csv"), "utf8")}\n`);
    const w = run(["verify", "legacy2/plan.json"], dir);
    expect(w.code).toBe(2);
  });

  it("runs the README's library example as it stands, and verify --task accepts its plan against its data as CSV files", () => {
    const at = outside();
    const block = readmeBlock("## The library", "ts");
    const r = node(
      `${block}\nwriteFileSync("data.json", JSON.stringify({ task, entities, inspectors, items }));\n`,
      at,
    );
    expect(r.code, r.stderr).toBe(0);
    const data = json(join(at, "data.json"));
    for (const kind of ["entities", "inspectors", "items"])
      writeFileSync(join(at, data.task.inputs[kind]), toCsvText(data[kind]));
    writeFileSync(join(at, "task.json"), JSON.stringify(data.task, null, 2));
    const v = run(["verify", "plan.json", "--task", "task.json"], at);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it("the README's Python recomputes the content digests and the task digest of a plan", () => {
    const py = spawnSync("python3", ["--version"]);
    if (py.status !== 0) return; // no Python on this machine: nothing to check it with
    const plan = json(join(lib, "plan.json"));
    // the validated records (canonical values): what the draw recorded of them is checked through the plan
    const r = node(
      `import { readFileSync, writeFileSync } from "node:fs";
import { validateRecords } from "double-random/advanced";
const d = JSON.parse(readFileSync("data.json", "utf8"));
const out = {};
for (const k of ["entities", "inspectors", "items", "conflicts", "history"])
  out[k] = (await validateRecords(k, d[k])).records.map(({ origin, ...r }) => r);
writeFileSync("validated.json", JSON.stringify(out));`,
      lib,
    );
    expect(r.code, r.stderr).toBe(0);
    const script = `${readmeBlock("### What a plan records of its inputs", "python")}
import json
v = json.load(open("validated.json"))
plan = json.load(open("plan.json"))
for k in ["entities", "inspectors", "items", "conflicts", "history"]:
    print(k, *content_digest(k, v[k]))
t = dict(plan["task"]); t.pop("inputs")
print("task", hashlib.sha256(json.dumps(t, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest())
`;
    writeFileSync(join(lib, "check.py"), script);
    const p = spawnSync("python3", ["check.py"], { cwd: lib, encoding: "utf8" });
    expect(p.status, p.stderr).toBe(0);
    const got: Record<string, string[]> = {};
    for (const line of p.stdout.trim().split("\n")) {
      const [k, ...values] = line.split(" ");
      got[k!] = values;
    }
    for (const k of ["entities", "inspectors", "items", "conflicts", "history"]) {
      expect(got[k]).toEqual([plan.inputs[k].content.sha256, String(plan.inputs[k].content.records)]);
    }
    expect(got.task).toEqual([plan.taskDigest]);
  });
});

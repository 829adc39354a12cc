import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateDocs } from "../../scripts/docs.js";
import { loadRecords } from "../../src/io/read.js";
import { COLUMNS, type RecordKind } from "../../src/model/records.js";

const docs = generateDocs();

describe("docs/ are generated from the schemas", () => {
  it.each(Object.keys(docs))(
    "%s is what `npm run docs` generates (run it after changing a schema)",
    (path) => {
      expect(readFileSync(path, "utf8")).toBe(docs[path]);
    },
  );
  it("documents every column of every input, with its Chinese header", () => {
    const text = docs["docs/inputs.md"]!;
    for (const kind of Object.keys(COLUMNS) as RecordKind[])
      for (const c of COLUMNS[kind]) expect(text).toContain(`| \`${c.key}\` | ${c.zh.join("、")} |`);
  });
  it("the CSV examples of docs/inputs.md are read without any issue, with canonical and Chinese headers", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dr-docs-"));
    const blocks = [
      ...docs["docs/inputs.md"]!.matchAll(
        /## (\w+) —[\s\S]*?```csv\n([\s\S]*?)```[\s\S]*?```csv\n([\s\S]*?)```/g,
      ),
    ];
    expect(blocks.map((b) => b[1])).toEqual(Object.keys(COLUMNS));
    for (const [, kind, canonical, chinese] of blocks) {
      for (const [n, csv] of [canonical!, chinese!].entries()) {
        const file = join(dir, `${kind}-${n}.csv`);
        await writeFile(file, csv);
        const r = await loadRecords(kind as RecordKind, file);
        expect(r.issues.list(), `${kind} ${n}`).toEqual([]);
        expect(r.records).toHaveLength(1);
      }
    }
  });
  it("lists every task key the README's walk-through relies on", () => {
    for (const k of ["sampling.rates", "schedule.publishWithinWorkingDays", "inputs.calendar", "teams.size"])
      expect(docs["docs/task.md"]).toContain(`| \`${k}\` |`);
  });
});

import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { unpackRows } from "../../src/io/row-batch.js";
import { StagedFiles } from "../../src/io/write.js";
import {
  RowMessages,
  renderWorkbooks,
  startWorkbookWorker,
  workbookWorkerWaiting,
  writeWorkbooks,
} from "../../src/io/xlsx.js";
import { toCsv } from "../../src/publish/csv.js";
import type { WorkbookSpec } from "../../src/publish/files.js";
import { noticeListRow } from "../../src/publish/notice-rows.js";
import { type TextRow, xlsxBytes } from "../../src/publish/xlsx.js";
import { makeUscc } from "../helpers.js";

// the worker from the sources, loaded through tsx (the built CLI finds xlsx-worker.js beside it)
const WORKER = (() => {
  const boot = join(mkdtempSync(join(tmpdir(), "dr-xlsx-boot-")), "boot.mjs");
  const tsx = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const api = pathToFileURL(join(tsx, "dist/esm/api/index.mjs")).href;
  const src = pathToFileURL(fileURLToPath(new URL("../../src/io/xlsx-worker.ts", import.meta.url))).href;
  writeFileSync(
    boot,
    `const { register } = await import(${JSON.stringify(api)});\nregister();\nawait import(${JSON.stringify(src)});\n`,
  );
  return { file: boot };
})();

const rows = (n: number, tag: string): TextRow[] =>
  Array.from({ length: n }, (_, k) => [
    String(k + 1),
    makeUscc(k + 7),
    `${tag}有限公司${k}`,
    k % 5 ? "0012" : "=1",
  ]);
const DATE = new Date("2026-12-01T00:00:00Z");
const HEADER = ["序号", "统一社会信用代码", "名称", "备注"];
const specs = (): Record<string, WorkbookSpec> => ({
  "a/one.xlsx": { sheets: [{ name: "名单", header: HEADER, rows: () => rows(1234, "甲") }], date: DATE },
  "b/two.xlsx": {
    sheets: [
      { name: "一", header: HEADER, rows: () => rows(501, "乙") },
      { name: "空", header: ["甲"], rows: () => [] },
      { name: "三", header: HEADER, rows: () => rows(250, "丙") },
    ],
    date: DATE,
  },
});

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const all: Uint8Array[] = [];
  for await (const c of chunks) all.push(c);
  return Buffer.concat(all);
}

const inline = async () =>
  Object.fromEntries(
    await Promise.all(
      Object.entries(specs()).map(async ([n, s]) => [n, await bytesOf(xlsxBytes(s.sheets, s.date))] as const),
    ),
  );

describe("the rows sent to the workbook worker", () => {
  it("are every sheet's rows in order, each sheet ended once, whatever the batch size", () => {
    const want = Object.values(specs()).flatMap((w) => w.sheets.map((s) => [...(s.rows() as TextRow[])]));
    for (const size of [1, 7, 250, 501, 5000]) {
      const m = new RowMessages(Object.values(specs()), size);
      const got: TextRow[][] = [[]];
      for (let x = m.next(); x !== undefined; x = m.next()) {
        if ("end" in x) got.push([]);
        else {
          const batch = unpackRows(x.rows);
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(size);
          got.at(-1)!.push(...batch);
        }
      }
      expect(got.pop()).toEqual([]);
      expect(got).toEqual(want);
      expect(m.next()).toBeUndefined();
    }
  });

  it("makes a sheet's rows only as messages are asked for", () => {
    let made = 0;
    const m = new RowMessages(
      [
        {
          sheets: [
            {
              name: "x",
              header: ["a"],
              *rows() {
                for (let k = 0; k < 1000; k++) {
                  made++;
                  yield [String(k)];
                }
              },
            },
          ],
          date: DATE,
        },
      ],
      10,
    );
    m.next();
    m.next();
    expect(made).toBeLessThanOrEqual(21);
  });
});

describe("the workbook worker", () => {
  it("gives the bytes of the inline writer, whatever the batch size and how far it asks ahead", async () => {
    const want = await inline();
    for (const [rowsPerMessage, ahead] of [
      [1, 1],
      [37, 2],
      [250, 8],
    ] as const) {
      const got = renderWorkbooks(specs(), { worker: WORKER, rowsPerMessage, ahead });
      for (const [name, b] of Object.entries(want)) expect((await bytesOf(got[name]!)).equals(b)).toBe(true);
    }
  }, 60_000);

  it("writes staged files itself, with their SHA-256, the same bytes", async () => {
    const want = await inline();
    const files = await StagedFiles.into(join(mkdtempSync(join(tmpdir(), "dr-xlsx-worker-")), "v"));
    writeWorkbooks(specs(), files, { worker: WORKER, rowsPerMessage: 13, ahead: 3 });
    const digests = await files.finish();
    for (const [name, b] of Object.entries(want)) {
      expect(readFileSync(join(files.staging, name)).equals(b)).toBe(true);
      expect(digests.get(name)).toBe(createHash("sha256").update(b).digest("hex"));
    }
  }, 60_000);

  it("started ahead of its job, renders it when given it: the same bytes; a dead one is replaced", async () => {
    const want = await inline();
    // started ahead, then given the job
    startWorkbookWorker({ worker: WORKER });
    await new Promise((ok) => setTimeout(ok, 300));
    expect(workbookWorkerWaiting()).toBe(true);
    const got = renderWorkbooks(specs(), { worker: WORKER, rowsPerMessage: 50 });
    expect(workbookWorkerWaiting()).toBe(false); // taken
    for (const [name, b] of Object.entries(want)) expect((await bytesOf(got[name]!)).equals(b)).toBe(true);
    // one that cannot start (no such script) is not used: the job goes to a new worker of the job's script
    startWorkbookWorker({ worker: { file: join(tmpdir(), "no-such-xlsx-worker.mjs") } });
    await new Promise((ok) => setTimeout(ok, 300));
    expect(workbookWorkerWaiting()).toBe(false); // died
    const again = renderWorkbooks(specs(), { worker: WORKER, rowsPerMessage: 50 });
    for (const [name, b] of Object.entries(want)) expect((await bytesOf(again[name]!)).equals(b)).toBe(true);
  }, 60_000);

  it("writes the CSV file a sheet names from the same rows: the bytes of csvPieces, with their SHA-256", async () => {
    const withCsv = (): Record<string, WorkbookSpec> => {
      const s = specs();
      const two = s["b/two.xlsx"]!;
      return {
        "a/one.xlsx": { ...s["a/one.xlsx"]!, sheets: [{ ...s["a/one.xlsx"]!.sheets[0]!, csv: "a/one.csv" }] },
        "b/two.xlsx": {
          ...two,
          sheets: [
            two.sheets[0]!,
            { ...two.sheets[1]!, csv: "b/empty.csv" },
            { ...two.sheets[2]!, csv: "c/three.csv" },
          ],
        },
      };
    };
    const want = await inline();
    const files = await StagedFiles.into(join(mkdtempSync(join(tmpdir(), "dr-xlsx-worker-")), "v"));
    const names = writeWorkbooks(withCsv(), files, { worker: WORKER, rowsPerMessage: 13, ahead: 3 });
    expect(names).toEqual(["a/one.xlsx", "b/two.xlsx", "a/one.csv", "b/empty.csv", "c/three.csv"]);
    const digests = await files.finish();
    for (const [name, b] of Object.entries(want))
      expect(readFileSync(join(files.staging, name)).equals(b)).toBe(true);
    const csvWant: Record<string, string> = {
      "a/one.csv": toCsv(HEADER, rows(1234, "甲")),
      "b/empty.csv": toCsv(["甲"], []),
      "c/three.csv": toCsv(HEADER, rows(250, "丙")),
    };
    for (const [name, text] of Object.entries(csvWant)) {
      const b = Buffer.from(text, "utf8");
      expect(readFileSync(join(files.staging, name)).equals(b)).toBe(true);
      expect(digests.get(name)).toBe(createHash("sha256").update(b).digest("hex"));
    }
    // without the worker the CSV files are the caller's
    const here = await StagedFiles.into(join(mkdtempSync(join(tmpdir(), "dr-xlsx-worker-")), "v"));
    expect(writeWorkbooks(withCsv(), here, { worker: null })).toEqual(["a/one.xlsx", "b/two.xlsx"]);
    await here.finish();
  }, 60_000);

  it("writes a sheet's text files around the same rows: before, each row as noticeListRow renders it, after", async () => {
    const around = (tag: string) => () => ({ before: `<${tag}>\n`, after: `</${tag}>\n`, nowrap: [0, 1] });
    const withTexts = (): Record<string, WorkbookSpec> => {
      const s = specs();
      const one = s["a/one.xlsx"]!;
      return {
        ...s,
        "a/one.xlsx": {
          ...one,
          sheets: [
            {
              ...one.sheets[0]!,
              csv: "a/one.csv",
              texts: [
                { file: "a/one.md", format: "markdown", around: around("md") },
                { file: "a/one.html", format: "html", around: around("html") },
              ],
            },
          ],
        },
      };
    };
    const want = await inline();
    const files = await StagedFiles.into(join(mkdtempSync(join(tmpdir(), "dr-xlsx-worker-")), "v"));
    const names = writeWorkbooks(withTexts(), files, { worker: WORKER, rowsPerMessage: 17, ahead: 2 });
    expect(names).toEqual(["a/one.xlsx", "b/two.xlsx", "a/one.csv", "a/one.md", "a/one.html"]);
    const digests = await files.finish();
    for (const [name, b] of Object.entries(want))
      expect(readFileSync(join(files.staging, name)).equals(b)).toBe(true);
    const listed = rows(1234, "甲");
    const textWant: Record<string, string> = {
      "a/one.csv": toCsv(HEADER, listed),
      "a/one.md": `<md>\n${listed.map((r) => noticeListRow("markdown", r, [0, 1])).join("")}</md>\n`,
      "a/one.html": `<html>\n${listed.map((r) => noticeListRow("html", r, [0, 1])).join("")}</html>\n`,
    };
    for (const [name, text] of Object.entries(textWant)) {
      const b = Buffer.from(text, "utf8");
      expect(readFileSync(join(files.staging, name)).equals(b)).toBe(true);
      expect(digests.get(name)).toBe(createHash("sha256").update(b).digest("hex"));
    }
    expect(readFileSync(join(files.staging, "a/one.html"), "utf8")).toContain('<td class="nw">1</td>');
    // without the worker the text files are the caller's
    const here = await StagedFiles.into(join(mkdtempSync(join(tmpdir(), "dr-xlsx-worker-")), "v"));
    expect(writeWorkbooks(withTexts(), here, { worker: null })).toEqual(["a/one.xlsx", "b/two.xlsx"]);
    await here.finish();
  }, 60_000);

  it("fails the files it did not write when the rows cannot be made", async () => {
    const files = await StagedFiles.into(join(mkdtempSync(join(tmpdir(), "dr-xlsx-worker-")), "v"));
    writeWorkbooks(
      {
        "bad.xlsx": {
          sheets: [
            {
              name: "x",
              header: ["a"],
              *rows() {
                yield ["1"];
                throw new Error("no more rows");
              },
            },
          ],
          date: DATE,
        },
      },
      files,
      { worker: WORKER },
    );
    await expect(files.finish()).rejects.toThrow("no more rows");
  }, 60_000);

  it("fails its files, never leaves them waiting, when the worker cannot start", async () => {
    const files = await StagedFiles.into(join(mkdtempSync(join(tmpdir(), "dr-xlsx-worker-")), "v"));
    writeWorkbooks(specs(), files, { worker: { file: join(tmpdir(), "no-such-worker.mjs") } });
    await expect(files.finish()).rejects.toThrow();
    await files.abort();
  }, 60_000);
});

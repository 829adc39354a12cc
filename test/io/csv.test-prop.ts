import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvSplitter } from "../../src/io/csv.js";
import { InputFileError } from "../../src/io/errors.js";

/** Split `bytes` fed in the given chunk sizes; returns rows and cells. */
function split(bytes: Uint8Array, cuts: number[] = [], encoding: "utf-8" | "gb18030" = "utf-8") {
  const s = new CsvSplitter(encoding);
  const out: { row: number; cells: string[] }[] = [];
  const emit = (row: number, cells: string[]) => out.push({ row, cells });
  let pos = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    if (c <= pos || c >= bytes.length) continue;
    s.push(Buffer.from(bytes.subarray(pos, c)), emit);
    pos = c;
  }
  s.push(Buffer.from(bytes.subarray(pos)), emit);
  s.end(emit);
  return out;
}

const utf8 = (t: string) => new TextEncoder().encode(t);

function failure(f: () => unknown): InputFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputFileError) return e;
    throw e;
  }
  throw new Error("expected an InputFileError");
}

const cellChar = fc.constantFrom(...'ab1,"\r\n 闽江福州𠀀;-');
const cell = fc.array(cellChar, { maxLength: 6 }).map((cs) => cs.join(""));
const quoteIfNeeded = (c: string, always: boolean) =>
  always || /[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c;

describe("CSV splitter laws", () => {
  it("law: any RFC 4180 file, cut into any chunks, splits into the cells csv-parse finds", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.array(cellChar, { minLength: 1, maxLength: 4 }).map((cs) => cs.join("")),
            fc.array(cell, { maxLength: 4 }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(400), { maxLength: 6 }),
        (records, eol, bom, finalEol, quoteAll, cuts) => {
          // the first cell is never empty, so that no record is an empty line
          const rows = records.map(([first, rest]) => [first, ...rest]);
          const text =
            (bom ? "\uFEFF" : "") +
            rows.map((r) => r.map((c) => quoteIfNeeded(c, quoteAll)).join(",")).join(eol) +
            (finalEol ? eol : "");
          const bytes = utf8(text);
          const expected = parse(text, { bom: true, relax_column_count: true }) as string[][];
          const got = split(bytes, cuts);
          expect(got.map((r) => r.cells)).toEqual(expected);
          expect(got.map((r) => r.cells)).toEqual(rows);
          return true;
        },
      ),
      { numRuns: 400 },
    );
  });
  it("law: chunk boundaries never change the result", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(300), { maxLength: 12 }),
        (rows, cuts) => {
          const text = `\uFEFF${rows.map((r) => ["k", ...r].map((c) => quoteIfNeeded(c, false)).join(",")).join("\r\n")}\r\n`;
          const bytes = utf8(text);
          expect(split(bytes, cuts)).toEqual(split(bytes));
          return true;
        },
      ),
      { numRuns: 400 },
    );
  });
  it("law: rows are line numbers when no cell holds a line break, empty lines counted", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(""), fc.constant("a,b"), fc.constant('"x,y",z')), { maxLength: 20 }),
        (lines) => {
          const got = split(utf8(`${lines.join("\n")}\n`));
          const expected = lines.flatMap((l, i) => (l === "" ? [] : [i + 1]));
          expect(got.map((r) => r.row)).toEqual(expected);
          return true;
        },
      ),
    );
  });
});

describe("CSV splitter errors", () => {
  it("refuses a quote inside an unquoted cell, with its row", () => {
    const e = failure(() => split(utf8('a,b\nc,d"e\n')));
    expect([e.code, e.row]).toEqual(["invalid-csv", 2]);
    expect(e.message).toContain("第 2 行第 2 列");
  });
  it("refuses text after a closing quote", () => {
    const e = failure(() => split(utf8('a,b\n"c"x,d\n')));
    expect([e.code, e.row]).toEqual(["invalid-csv", 2]);
  });
  it("refuses an unclosed quote at the end of the file", () => {
    const e = failure(() => split(utf8('a,b\nc,"d\ne,f\n'), [5, 9]));
    expect([e.code, e.row]).toEqual(["invalid-csv", 2]);
    expect(e.message).toContain("引号没有闭合");
  });
  it("refuses bytes that are not UTF-8 and names the row", () => {
    const bytes = new Uint8Array([...utf8("a,b\nc,d\n"), 0xc3, 0xfb, 0x2c, 0x41, 0x0a]);
    const e = failure(() => split(bytes));
    expect([e.code, e.row]).toEqual(["encoding", 3]);
  });
  it("refuses files with lone CR line ends instead of reading one giant row", () => {
    const e = failure(() => split(utf8("a,b\rc,d\r")));
    expect(e.code).toBe("invalid-csv");
  });
  it("reads GB18030 bytes, whose trail bytes are never delimiters", () => {
    // 福州,"闽,江" in GBK: B8A3 D6DD 2C 22 C3F6 2C BDAD 22 0A
    const bytes = new Uint8Array([
      0xb8, 0xa3, 0xd6, 0xdd, 0x2c, 0x22, 0xc3, 0xf6, 0x2c, 0xbd, 0xad, 0x22, 0x0a,
    ]);
    expect(split(bytes, [3, 7], "gb18030").map((r) => r.cells)).toEqual([["福州", "闽,江"]]);
  });
});

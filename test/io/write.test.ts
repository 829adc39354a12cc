import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StagedFiles } from "../../src/io/write.js";

describe("StagedFiles", () => {
  it("writes text, bytes and pieces of text (many small pieces, multi-byte ones cut nowhere) exactly", async () => {
    // Arrange: 30,000 small pieces (many 32k-character blocks) with Chinese and astral characters
    const dir = mkdtempSync(join(tmpdir(), "dr-write-"));
    const pieces = Array.from({ length: 30_000 }, (_, i) => `${i},企业𠀋名称${"x".repeat(i % 50)}\n`);
    let produced = 0;
    const lazy = (function* () {
      for (const p of pieces) {
        produced++;
        yield p;
      }
    })();
    // Act
    const staged = await StagedFiles.open(dir);
    staged.write("a.csv", lazy);
    staged.write("b.txt", "文本");
    staged.write("c.bin", new Uint8Array([0, 1, 2]));
    await staged.commit("a.csv");
    // Assert
    expect(produced).toBe(pieces.length);
    expect(readFileSync(join(dir, "a.csv"), "utf8")).toBe(pieces.join(""));
    expect(readFileSync(join(dir, "b.txt"), "utf8")).toBe("文本");
    expect([...readFileSync(join(dir, "c.bin"))]).toEqual([0, 1, 2]);
    expect(readdirSync(dir).filter((n) => n.startsWith(".staging-"))).toEqual([]);
  });
  it("writes pieces synchronously (writePieces): the file is the pieces joined, renamed into place on commit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dr-write-"));
    // pieces around and across the 32k-character block size, with Chinese and astral characters
    const pieces = Array.from({ length: 20_000 }, (_, i) => `${i}·甲𠀋${"y".repeat((i * 7919) % 700)}\r\n`);
    const staged = await StagedFiles.open(dir);
    staged.writePieces("big.csv", pieces);
    staged.writePieces("empty.csv", []);
    expect(existsSync(join(dir, "big.csv"))).toBe(false); // staged, not yet in place
    await staged.commit("big.csv");
    expect(readFileSync(join(dir, "big.csv"), "utf8")).toBe(pieces.join(""));
    expect(readFileSync(join(dir, "empty.csv"), "utf8")).toBe("");
    expect(readdirSync(dir).filter((n) => n.startsWith(".staging-"))).toEqual([]);
  });
  it("abort leaves nothing behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dr-write-"));
    const staged = await StagedFiles.open(dir);
    staged.write("plan.json", "{}");
    await staged.abort();
    expect(existsSync(join(dir, "plan.json"))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

import { createHash } from "node:crypto";
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
  it("writes the same bytes and digest when it gives the event loop turns (writePiecesYielding), which others use", async () => {
    const pieces = Array.from({ length: 5000 }, (_, i) => `${i}·乙𠀋${"z".repeat((i * 31) % 300)}\n`);
    const staged = await StagedFiles.into(join(mkdtempSync(join(tmpdir(), "dr-write-")), "v"));
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    await staged.writePiecesYielding("y.txt", pieces, 1000);
    clearInterval(timer);
    staged.writePieces("s.txt", pieces);
    const d = await staged.finish();
    expect(readFileSync(join(staged.staging, "y.txt"))).toEqual(readFileSync(join(staged.staging, "s.txt")));
    expect(d.get("y.txt")).toBe(d.get("s.txt"));
    expect(turns).toBeGreaterThan(0);
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
  it("writes nested relative paths, async byte chunks, and gives the SHA-256 of every file as written", async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), "dr-write-"));
    const bytes = [new Uint8Array([80, 75, 3, 4]), new Uint8Array(70_000).fill(7)];
    async function* chunks() {
      for (const b of bytes) {
        await new Promise((ok) => setTimeout(ok, 1));
        yield b;
      }
    }
    const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");
    // Act
    const staged = await StagedFiles.open(dir);
    staged.write("public/selected.xlsx", chunks());
    staged.write("public/notice.html", ["<p>", "公示", "</p>"]);
    staged.write("internal/teams.csv", "a,b\n");
    const digests = await staged.finish();
    await staged.commit();
    // Assert
    const xlsx = readFileSync(join(dir, "public/selected.xlsx"));
    expect(xlsx.length).toBe(70_004);
    expect(digests.get("public/selected.xlsx")).toBe(sha(xlsx));
    expect(readFileSync(join(dir, "public/notice.html"), "utf8")).toBe("<p>公示</p>");
    expect(digests.get("public/notice.html")).toBe(sha("<p>公示</p>"));
    expect(digests.get("internal/teams.csv")).toBe(sha("a,b\n"));
    expect(readdirSync(dir).sort()).toEqual(["internal", "public"]);
  });
  it("refuses names that leave the folder", async () => {
    const staged = await StagedFiles.open(mkdtempSync(join(tmpdir(), "dr-write-")));
    expect(() => staged.write("../x", "a")).toThrow();
    expect(() => staged.write("/etc/x", "a")).toThrow();
    await staged.abort();
  });
});

// fileDigest (src/io/task.ts) streams a file in pieces of 1 MiB: the digest of all its bytes, whatever its size.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileDigest } from "../../src/io/task.js";

describe("fileDigest", () => {
  it("is the SHA-256 of the file's bytes: empty, below, at and across the 1 MiB pieces", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dr-digest-"));
    for (const size of [0, 1, (1 << 20) - 1, 1 << 20, (3 << 20) + 17]) {
      // Arrange
      const bytes = randomBytes(size);
      const path = join(dir, `f${size}`);
      writeFileSync(path, bytes);
      // Act
      const got = await fileDigest(path);
      // Assert
      expect(got).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });
});

// The SIMD path changes how hashes are computed, never a plan: the demo plan from files is the same with the
// four-lane SHA-256 and without it; and DOUBLE_RANDOM_SHA256=js turns the path off for a whole process.
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { planFromFiles } from "../../src/io/plan-files.js";
import { canonicalJson } from "../../src/plan/canonical.js";
import { simdSha256, useSimdSha256 } from "../../src/random/sha256-simd.js";

const SEED = "2026-11-21 双色球第2026135期 03 07 12 19 25 31 + 09";

afterEach(() => useSimdSha256(true));

describe("the SIMD SHA-256 path in a plan", () => {
  it("gives the same demo plan (tickets, selection, teams, dates, content digests) as the JavaScript path", async () => {
    // Arrange
    const plan = async () => {
      const r = await planFromFiles("seeds/task.json", { seed: SEED, seedSource: "公开开奖号码" });
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      return canonicalJson(r.plan);
    };
    // Act
    expect(simdSha256()).toBe(true);
    const simd = await plan();
    useSimdSha256(false);
    expect(simdSha256()).toBe(false);
    const js = await plan();
    // Assert
    expect(simd).toBe(js);
  });

  it("is off for a process started with DOUBLE_RANDOM_SHA256=js", () => {
    const code =
      'import { simdSha256 } from "./src/random/sha256-simd.ts"; process.stdout.write(String(simdSha256()));';
    const run = (env: Record<string, string>) =>
      execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
        env: { ...process.env, ...env },
        encoding: "utf8",
      });
    expect(run({ DOUBLE_RANDOM_SHA256: "js" })).toBe("false");
    expect(run({ DOUBLE_RANDOM_SHA256: "" })).toBe("true");
  });
});

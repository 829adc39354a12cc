import { describe, expect, it } from "vitest";
import { environmentMessage, invalidDateArgument, realDate } from "../../src/cli/errors.js";

describe("command-line dates", () => {
  it("accepts real days only", () => {
    expect(realDate("2026-12-31")).toBe(true);
    expect(realDate("2028-02-29")).toBe(true);
    expect(realDate("2027-02-29")).toBe(false);
    expect(realDate("2100-02-29")).toBe(false);
    expect(realDate("2027-13-01")).toBe(false);
    expect(realDate("2027-00-10")).toBe(false);
    expect(realDate("2027-1-1")).toBe(false);
  });
  it("finds a date-like argument that names no day, in any form, but not in free text options", () => {
    expect(invalidDateArgument(["results", "p.json", "r.csv", "--as-of", "2027-13-01"])).toBe(
      "--as-of 2027-13-01",
    );
    expect(invalidDateArgument(["--as-of=2026-02-30"])).toBe("--as-of=2026-02-30");
    expect(invalidDateArgument(["--as-of", "tomorrow"])).toBe("--as-of tomorrow");
    expect(invalidDateArgument(["--as-of", "2027-01-20"])).toBeUndefined();
    expect(invalidDateArgument(["--seed", "2027-13-01"])).toBeUndefined();
    expect(invalidDateArgument(["--reason=2027-13-01"])).toBeUndefined();
    expect(invalidDateArgument(["--", "2027-13-01"])).toBeUndefined();
    expect(
      invalidDateArgument(["sql", "t.json", "--from", "read_csv('e.csv', header = true)"]),
    ).toBeUndefined();
  });
});

describe("environment failures", () => {
  it("are worded in Chinese with the path; other errors are not environment failures", () => {
    const e = Object.assign(new Error("EROFS: read-only file system, mkdir '/x/.q4.versions'"), {
      code: "EROFS",
      path: "/x/.q4.versions",
      syscall: "mkdir",
    });
    expect(environmentMessage(e)).toMatch(
      /^环境错误 \/ environment error \[EROFS\] 文件系统只读：\/x\/\.q4\.versions（mkdir）/,
    );
    expect(environmentMessage(new TypeError("x is undefined"))).toBeUndefined();
  });
});

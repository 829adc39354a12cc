import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CONTENT_COLUMNS, contentDigest, recordLine } from "../../src/content/digest.js";
import { loadRecords } from "../../src/io/read.js";
import { canonicalJson, taskDigest } from "../../src/plan/canonical.js";
import { validateRecords } from "../../src/plan/records.js";

/** The README's definition of content@1, written out again with node:crypto (an independent oracle). */
function oracle(kind: keyof typeof CONTENT_COLUMNS, records: readonly Record<string, unknown>[]): string {
  const text = (v: unknown): string =>
    v === undefined
      ? ""
      : Array.isArray(v)
        ? v.map((x) => (typeof x === "object" ? `${x.from}~${x.to}` : String(x))).join(";")
        : String(v);
  const digests = records
    .map((r) =>
      createHash("sha256")
        .update(CONTENT_COLUMNS[kind].map((c) => text(r[c])).join("\u001f"), "utf8")
        .digest(),
    )
    .sort(Buffer.compare);
  return createHash("sha256").update(Buffer.concat(digests)).digest("hex");
}

describe("content digests (content@1)", () => {
  it("equal the README's definition on the demo records of every kind", async () => {
    for (const kind of ["entities", "inspectors", "items", "conflicts", "history"] as const) {
      const { records } = await loadRecords(kind, `seeds/${kind}.csv`);
      expect(records.length).toBeGreaterThan(0);
      const d = contentDigest(kind, records);
      expect(d).toEqual({
        format: "content@1",
        sha256: oracle(kind, records as unknown as Record<string, unknown>[]),
        records: records.length,
      });
    }
  });

  it("do not depend on record order, header language or how values were written", async () => {
    const canonical = [
      {
        id: "FZ01",
        name: "张伟",
        certificateNo: "C1",
        department: "市场监管局",
        unit: "一科",
        region: "350100",
        role: "inspector",
        specialties: ["食品", "药品"],
        unavailable: [{ from: "2026-12-01", to: "2026-12-01" }],
      },
      {
        id: "FZ02",
        name: "王芳",
        department: "市场监管局",
        unit: "二科",
        region: "350100",
        role: "expert",
        maxTasks: 5,
      },
    ];
    const written = [
      {
        id: "FZ02",
        name: "王芳",
        department: "市场监管局",
        unit: "二科",
        region: "350100",
        role: "专家",
        maxTasks: "5",
      },
      {
        id: "FZ01",
        name: "张伟",
        certificateNo: "C1",
        department: "市场监管局",
        unit: "一科",
        region: "350100",
        role: "执法人员",
        specialties: "食品；药品",
        unavailable: "2026-12-01",
      },
    ];
    const a = await validateRecords("inspectors", canonical);
    const b = await validateRecords("inspectors", written);
    expect(a.issues).toEqual([]);
    expect(b.issues).toEqual([]);
    expect(contentDigest("inspectors", b.records)).toEqual(contentDigest("inspectors", a.records));
    expect(recordLine("inspectors", a.records[0]!)).toBe(
      [
        "FZ01",
        "张伟",
        "C1",
        "",
        "市场监管局",
        "一科",
        "350100",
        "食品;药品",
        "inspector",
        "",
        "2026-12-01~2026-12-01",
      ].join("\u001f"),
    );
  });

  it("change when any value changes, and count the records", () => {
    const r = { inspectorId: "FZ01", entityId: "913502000728319549", relation: "配偶" };
    const a = contentDigest("conflicts", [r]);
    expect(contentDigest("conflicts", [{ ...r, relation: "近亲属" }]).sha256).not.toBe(a.sha256);
    expect(contentDigest("conflicts", [r, r]).records).toBe(2);
    expect(contentDigest("conflicts", []).sha256).toBe(createHash("sha256").digest("hex"));
  });
});

describe("the task digest", () => {
  it("is the SHA-256 of the canonical JSON of the task without its inputs", () => {
    const task = { id: "T", inputs: { entities: "a.csv" }, b: [1, "二"], a: { d: true, c: null } };
    expect(canonicalJson(task)).toBe(
      '{"a":{"c":null,"d":true},"b":[1,"二"],"id":"T","inputs":{"entities":"a.csv"}}',
    );
    expect(taskDigest(task)).toBe(
      createHash("sha256").update('{"a":{"c":null,"d":true},"b":[1,"二"],"id":"T"}').digest("hex"),
    );
    expect(taskDigest({ ...task, inputs: { entities: "b.ndjson" } })).toBe(taskDigest(task));
  });
});

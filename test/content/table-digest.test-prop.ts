// The content digest of a history or conflicts table read from its columns (src/content/table-digest.ts) against
// the definition: contentDigest of the records the table was made from. Ids packed or not (U+0080–U+00FF
// packed as one byte are two in UTF-8), lines longer than a SIMD lane, with and without the four-lane SHA-256.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { contentDigest } from "../../src/content/digest.js";
import { tableContentDigest } from "../../src/content/table-digest.js";
import { ConflictTable, HistoryTable } from "../../src/model/tables.js";
import type { Conflict, HistoryRecord } from "../../src/model/types.js";
import { useSimdSha256 } from "../../src/random/sha256-simd.js";
import { makeUscc } from "../helpers.js";

afterEach(() => useSimdSha256(true));

const arbEntityId = fc.oneof(
  { weight: 6, arbitrary: fc.nat(6).map((n) => makeUscc(n)) },
  // 18 characters below U+0100: packed, written back as UTF-8
  {
    weight: 2,
    arbitrary: fc
      .array(fc.integer({ min: 1, max: 0xff }), { minLength: 18, maxLength: 18 })
      .map((cs) => String.fromCharCode(...cs)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: "binary" }) },
  { weight: 1, arbitrary: fc.constant("统一社会信用代码不对的十八位字符号码") },
);
// short values, and now and then one long enough to push the line past a lane (about 1 KiB)
const arbText = fc.oneof(
  { weight: 8, arbitrary: fc.string({ maxLength: 8, unit: "grapheme" }) },
  { weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 700, unit: "grapheme" }) },
);
const arbIns = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom("FZ01", "FZ02", "执法01") },
  { weight: 1, arbitrary: arbText },
);
const arbDate = fc.constantFrom("2025-01-02", "2026-03-04", "2026-12-31");

const arbHistory: fc.Arbitrary<HistoryRecord[]> = fc.array(
  fc.record({
    entityId: arbEntityId,
    itemId: fc.oneof(fc.constantFrom("GS-001", "ZL-9"), arbText),
    inspectedOn: arbDate,
    inspectorIds: fc.array(arbIns, { maxLength: 4 }),
  }),
  { maxLength: 60 },
);
const arbConflicts: fc.Arbitrary<Conflict[]> = fc.array(
  fc
    .record({
      inspectorId: arbIns,
      entityId: arbEntityId,
      relation: fc.oneof(fc.constantFrom("配偶", "其他利害关系"), arbText),
      until: fc.option(arbDate, { nil: undefined }),
    })
    .map(({ until, ...r }) => (until === undefined ? r : { ...r, until })),
  { maxLength: 60 },
);

describe("content digest of a table, from its columns", () => {
  it("law: equals contentDigest of the records, with and without SIMD", () => {
    fc.assert(
      fc.property(arbHistory, arbConflicts, fc.boolean(), (history, conflicts, simd) => {
        // Arrange
        useSimdSha256(simd);
        const h = HistoryTable.of(history);
        const c = ConflictTable.of(conflicts);
        // Act
        const hd = tableContentDigest("history", h);
        const cd = tableContentDigest("conflicts", c);
        // a native SHA-256 for the sorted record digests gives the same
        const hn = tableContentDigest("history", h, createHash("sha256"));
        const cn = tableContentDigest("conflicts", c, createHash("sha256"));
        // Assert
        useSimdSha256(false);
        expect(hd).toEqual(contentDigest("history", history));
        expect(cd).toEqual(contentDigest("conflicts", conflicts));
        expect(hn).toEqual(hd);
        expect(cn).toEqual(cd);
      }),
      { numRuns: 300 },
    );
  });

  it("law: the same for more rows than a batch (4,096)", () => {
    const history: HistoryRecord[] = [];
    const conflicts: Conflict[] = [];
    for (let n = 0; n < 9000; n++) {
      history.push({
        entityId: makeUscc(n % 5000),
        itemId: n % 3 === 0 ? "GS-001" : "GS-002",
        inspectedOn: `2026-0${1 + (n % 9)}-1${n % 10}`,
        inspectorIds: n % 7 === 0 ? [] : [`FZ${n % 40}`, `FZ${(n * 7) % 40}`],
      });
      conflicts.push({
        inspectorId: `FZ${n % 40}`,
        entityId: n % 1000 === 0 ? `非标准编号${n}` : makeUscc(n),
        relation: n % 2 === 0 ? "配偶" : "其他利害关系",
        ...(n % 5 === 0 ? { until: "2027-01-01" } : {}),
      });
    }
    expect(tableContentDigest("history", HistoryTable.of(history))).toEqual(
      contentDigest("history", history),
    );
    expect(tableContentDigest("conflicts", ConflictTable.of(conflicts))).toEqual(
      contentDigest("conflicts", conflicts),
    );
  });
});

// The four-lane SHA-256 in WebAssembly SIMD (src/random/sha256-simd.ts) against node:crypto, and its batch
// users against the one-at-a-time JavaScript paths: tickets (TicketMachine.values) and record digests
// (ContentHasher.addAll). Each law runs with the SIMD path on and off (the fallback must agree too).
import { createHash } from "node:crypto";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { ContentHasher, contentDigest } from "../../src/content/digest.js";
import { IssueCollector } from "../../src/io/issues.js";
import { readRecordBatches } from "../../src/io/read.js";
import { sha256Batch } from "../../src/random/sha256-batch.js";
import { hash4Wasm, MAX_LANE_BLOCKS, simdSha256, useSimdSha256 } from "../../src/random/sha256-simd.js";
import { TicketMachine, ticketOf } from "../../src/random/ticket.js";
import { TICKET_VECTORS } from "../helpers.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const paths = [true, false] as const;

afterEach(() => useSimdSha256(true));

/** Messages laid out in one buffer in a shuffled order with gaps, as offsets and lengths. */
function layout(msgs: readonly Uint8Array[], order: readonly number[], gap: number) {
  const offsets = new Array<number>(msgs.length);
  const lengths = msgs.map((m) => m.length);
  const parts: Uint8Array[] = [];
  let at = 0;
  for (let k = 0; k < msgs.length; k++) {
    const i = order.length === msgs.length ? order[k]! : k;
    parts.push(new Uint8Array(gap).fill(0xa5));
    at += gap;
    offsets[i] = at;
    parts.push(msgs[i]!);
    at += msgs[i]!.length;
  }
  return { bytes: new Uint8Array(Buffer.concat(parts)), offsets, lengths };
}

/** A permutation of 0..n−1 from random keys. */
const permutation = (keys: readonly number[], n: number) =>
  Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);

describe("four-lane SHA-256 (WebAssembly SIMD)", () => {
  it("is available here (so that the laws below test the SIMD path, not only the fallback)", () => {
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(hash4Wasm())).toBe(true);
    expect(simdSha256()).toBe(true);
  });

  it.each(paths)(
    "law: a batch equals node:crypto per message (0–300 bytes, 0–17 messages; SIMD %s)",
    (simd) => {
      useSimdSha256(simd);
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 17 }),
          fc.array(fc.nat(), { maxLength: 17 }),
          fc.nat({ max: 5 }),
          (msgs, keys, gap) => {
            // Arrange
            const { bytes, offsets, lengths } = layout(msgs, permutation(keys, msgs.length), gap);
            const out = new Uint8Array(32 * msgs.length + 32).fill(7);
            // Act
            sha256Batch(bytes, offsets, lengths, msgs.length, out);
            // Assert
            msgs.forEach((m, i) => {
              expect(hex(out.subarray(32 * i, 32 * i + 32))).toBe(
                createHash("sha256").update(m).digest("hex"),
              );
            });
            expect(out.subarray(32 * msgs.length).every((b) => b === 7)).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it.each(paths)("law: every length 0–300 and past a lane, in one batch (SIMD %s)", (simd) => {
    useSimdSha256(simd);
    const lens = [
      ...Array.from({ length: 301 }, (_, n) => n),
      ...[1, 0, 2, 3, 8, 9].map((d) => 64 * MAX_LANE_BLOCKS - 9 + d),
    ];
    const msgs = lens.map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + n * 7) & 0xff));
    const { bytes, offsets, lengths } = layout(msgs, [], 1);
    const out = sha256Batch(bytes, offsets, lengths, msgs.length, new Uint8Array(32 * msgs.length));
    msgs.forEach((m, i) => {
      expect(hex(out.subarray(32 * i, 32 * i + 32))).toBe(createHash("sha256").update(m).digest("hex"));
    });
  });

  it("throws when a message does not lie inside the buffer (misuse), instead of hashing other bytes", () => {
    const bytes = Uint8Array.of(1, 2, 3, 4);
    const out = new Uint8Array(32);
    for (const [o, len] of [
      [2, 4],
      [-1, 2],
      [0, -1],
      [0.5, 2],
      [0, Number.NaN],
      [5, 0],
    ])
      expect(() => sha256Batch(bytes, [o!], [len!], 1, out)).toThrow(RangeError);
    expect(hex(sha256Batch(bytes, [4], [0], 1, out))).toBe(createHash("sha256").digest("hex"));
  });

  it("throws when out has no room for every digest (misuse)", () => {
    expect(() => sha256Batch(new Uint8Array(4), [0, 2], [2, 2], 2, new Uint8Array(63))).toThrow(RangeError);
  });
});

describe("tickets in batches", () => {
  const vectors = TICKET_VECTORS;

  it.each(paths)("gives the SPEC §5.1 test vectors (SIMD %s)", (simd) => {
    useSimdSha256(simd);
    for (const [seed, scope, id, want] of vectors) {
      // four copies of each, so that the lanes are used
      const v = new TicketMachine(seed, scope).values([id, id, "pad", id, id]);
      for (const k of [0, 1, 3, 4]) expect(v[k]!.toString(16).padStart(13, "0")).toBe(want);
      expect(ticketOf(seed, scope, id)).toBe(want);
    }
  });

  it.each(paths)("law: values equal value of each id (any text, long ids, 0–17 ids; SIMD %s)", (simd) => {
    useSimdSha256(simd);
    const id = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.string({ unit: "binary", maxLength: 20 }),
      fc.string({ minLength: 900, maxLength: 1100 }),
      fc.string({ unit: "grapheme-composite", minLength: 300, maxLength: 400 }),
    );
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ maxLength: 80 }),
        fc.array(id, { maxLength: 17 }),
        (seed, scope, ids) => {
          const m = new TicketMachine(seed, scope);
          const one = new TicketMachine(seed, scope);
          expect([...m.values(ids)]).toEqual(ids.map((x) => one.value(x)));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("record digests in batches", () => {
  const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 60 }));
  const entity = fc.record(
    {
      id: fc.string({ minLength: 1, maxLength: 20 }),
      name: text,
      kind: fc.constantFrom("enterprise", "individual"),
      region: text,
      industry: text,
      riskClass: fc.constantFrom("A", "B", "C", "D"),
      weight: fc.nat(),
      status: fc.constantFrom("active", "revoked"),
      registeredOn: fc.constant("2020-01-02"),
      tags: fc.array(text, { maxLength: 3 }),
      address: fc.oneof(text, fc.string({ unit: "grapheme", minLength: 250, maxLength: 400 })),
      legalRepresentative: text,
    },
    { requiredKeys: ["id", "name", "kind", "region", "riskClass", "status", "tags"] },
  );

  it.each(paths)("law: addAll gives the record digests and content digest of add (SIMD %s)", (simd) => {
    useSimdSha256(simd);
    fc.assert(
      fc.property(fc.array(entity, { maxLength: 17 }), (records) => {
        const all = new ContentHasher("entities");
        all.addAll(records);
        const each = new ContentHasher("entities");
        for (const r of records) each.add(r);
        expect(hex(all.recordDigests())).toBe(hex(each.recordDigests()));
        expect(all.digest()).toEqual(each.digest());
      }),
      { numRuns: 200 },
    );
  });

  it("gives the demo directory's content digest unchanged (SIMD on and off, by node:crypto; one addAll of 7k)", async () => {
    const rows: object[] = [];
    for await (const batch of readRecordBatches(
      "entities",
      join("seeds", "entities.csv"),
      new IssueCollector(),
    ))
      rows.push(...batch);
    expect(rows.length).toBeGreaterThan(4);
    // three times over (a multiset: the definition counts each), so that one addAll takes more than a batch
    rows.push(...rows, ...rows);
    expect(rows.length).toBeGreaterThan(4096);
    const simd = new ContentHasher("entities");
    simd.addAll(rows);
    useSimdSha256(false);
    const js = contentDigest("entities", rows);
    expect(simd.digest()).toEqual(js);
    // the definition, with node:crypto: sorted record digests of the record lines, hashed
    const { recordLine } = await import("../../src/content/digest.js");
    const ds = rows.map((r) => createHash("sha256").update(recordLine("entities", r), "utf8").digest());
    ds.sort(Buffer.compare);
    expect(js.sha256).toBe(createHash("sha256").update(Buffer.concat(ds)).digest("hex"));
  });
});

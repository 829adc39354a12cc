// content@1 over record digests: the library's radix order (first 4 bytes, ties by all 32) and its parts
// (chunks, the halves of a file read in parallel) against the definition: sort the 32-byte digests bytewise,
// hash their concatenation.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ContentHasher,
  contentOfDigests,
  mergeSortedDigests,
  recordLine,
  sortedDigests,
} from "../../src/content/digest.js";

function definition(digests: readonly Uint8Array[]): string {
  const sorted = [...digests].sort((a, b) => Buffer.compare(a, b));
  const h = createHash("sha256");
  for (const d of sorted) h.update(d);
  return h.digest("hex");
}

// digests with many equal first bytes (ties of the radix key) and equal digests (duplicate records)
const arbDigest = fc
  .tuple(fc.nat({ max: 3 }), fc.uint8Array({ minLength: 32, maxLength: 32 }))
  .map(([lead, d]) => {
    const x = Uint8Array.from(d);
    if (lead < 3) x.fill(lead, 0, 4 + lead * 8);
    return x;
  });

describe("content@1 of record digests", () => {
  it("law: equals the definition, for one array and for any split into parts", () => {
    fc.assert(
      fc.property(
        fc.array(arbDigest, { maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (ds, cuts) => {
          const all = new Uint8Array(ds.length * 32);
          ds.forEach((d, i) => {
            all.set(d, i * 32);
          });
          const at = [...new Set(cuts.map((c) => c % (ds.length + 1)))].sort((a, b) => a - b);
          const bounds = [0, ...at, ds.length];
          const parts = bounds.slice(1).map((b, k) => all.slice(bounds[k]! * 32, b * 32));
          const want = definition(ds);
          expect(contentOfDigests(all).sha256).toBe(want);
          expect(contentOfDigests(parts).sha256).toBe(want);
          expect(contentOfDigests(parts).records).toBe(ds.length);
          // parts at any byte offset of their buffers (the sort copies digests as 4-byte words)
          const odd = parts.map((p, k) => {
            const b = new Uint8Array(p.length + 3);
            b.set(p, 1 + (k % 3));
            return b.subarray(1 + (k % 3), 1 + (k % 3) + p.length);
          });
          expect(contentOfDigests(odd).sha256).toBe(want);
          // and as Node Buffers at odd offsets (whose slice() is a view, not a copy)
          const oddBuffers = parts.map((p) => Buffer.concat([Buffer.alloc(1), p]).subarray(1));
          expect(contentOfDigests(oddBuffers).sha256).toBe(want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("law: two parts sorted apart and merged hash to the definition", () => {
    fc.assert(
      fc.property(fc.array(arbDigest, { maxLength: 300 }), fc.nat(), (ds, cut) => {
        const all = new Uint8Array(ds.length * 32);
        ds.forEach((d, i) => {
          all.set(d, i * 32);
        });
        const at = (cut % (ds.length + 1)) * 32;
        const h = createHash("sha256");
        let n = 0;
        mergeSortedDigests(sortedDigests(all.slice(0, at)), sortedDigests([all.slice(at)]), (b) => {
          h.update(b);
          n += b.length / 32;
        });
        expect(h.digest("hex")).toBe(definition(ds));
        expect(n).toBe(ds.length);
      }),
      { numRuns: 200 },
    );
  });

  it("a hasher past one chunk (32,768 records) gives the same digest as the definition", () => {
    const h = new ContentHasher("entities");
    const ds: Uint8Array[] = [];
    for (let i = 0; i < 70_000; i++) {
      const d = createHash("sha256")
        .update(String(i % 50_000))
        .digest();
      ds.push(d);
      h.addDigestAt(d, 0);
    }
    expect(h.records).toBe(70_000);
    expect(h.digest().sha256).toBe(definition(ds));
    expect(contentOfDigests(h.takeRecordDigests()).sha256).toBe(definition(ds));
  });

  it("law: a hasher's digests of records equal SHA-256 of their record lines, sorted and hashed (any lengths, any text)", () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 120 }));
    const entity = fc.record(
      {
        id: text,
        name: text,
        kind: fc.constantFrom("enterprise", "individual"),
        region: text,
        industry: text,
        riskClass: text,
        weight: fc.integer({ min: 0, max: 1e9 }),
        status: fc.constantFrom("active", "closed"),
        registeredOn: text,
        tags: fc.array(text, { maxLength: 4 }),
        address: text,
        legalRepresentative: text,
      },
      { requiredKeys: ["id", "name", "kind", "region", "riskClass", "status", "tags"] },
    );
    fc.assert(
      fc.property(fc.array(entity, { maxLength: 60 }), (es) => {
        const h = new ContentHasher("entities");
        for (const e of es) h.add(e);
        const ds = es.map((e) => createHash("sha256").update(recordLine("entities", e), "utf8").digest());
        expect(h.records).toBe(es.length);
        expect(h.digest().sha256).toBe(definition(ds));
        expect(contentOfDigests(h.takeRecordDigests()).sha256).toBe(definition(ds));
      }),
      { numRuns: 200 },
    );
  });

  it("law: chunks of one first byte (as a hasher keeps them) mixed with parts of any bytes give the definition", () => {
    fc.assert(
      fc.property(
        fc.array(arbDigest, { maxLength: 300 }),
        fc.array(arbDigest, { maxLength: 50 }),
        (ds, loose) => {
          // the digests grouped by first byte, each group cut into chunks of up to 3 digests
          const chunks: Uint8Array[] = [];
          for (let b = 0; b < 256; b++) {
            const group = ds.filter((d) => d[0] === b);
            for (let i = 0; i < group.length; i += 3) {
              const part = group.slice(i, i + 3);
              const c = new Uint8Array(part.length * 32);
              part.forEach((d, k) => {
                c.set(d, k * 32);
              });
              chunks.push(c);
            }
          }
          const other = new Uint8Array(loose.length * 32);
          loose.forEach((d, k) => {
            other.set(d, k * 32);
          });
          const parts = [other, ...chunks].reverse();
          expect(contentOfDigests(parts).sha256).toBe(definition([...ds, ...loose]));
          expect(contentOfDigests(parts).records).toBe(ds.length + loose.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

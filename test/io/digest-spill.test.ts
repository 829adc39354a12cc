// Record digests spilled to a temporary file: the content digest is that of the definition, the hasher keeps
// only the chunks being filled, and a spill file written on one "thread" reads back on another by its index.
import { createHash } from "node:crypto";
import { fstatSync, openSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ContentHasher, contentOfDigests } from "../../src/content/digest.js";
import { SpilledDigests } from "../../src/io/digest-spill.js";

function definition(digests: readonly Uint8Array[]): string {
  const sorted = [...digests].sort((a, b) => Buffer.compare(a, b));
  const h = createHash("sha256");
  for (const d of sorted) h.update(d);
  return h.digest("hex");
}

/** `n` digests, most of them of a few first bytes (so that their chunks fill), some repeated. */
function digests(n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const d = createHash("sha256")
      .update(String(i % Math.floor(n * 0.9)))
      .digest();
    if (i % 5 !== 0) d[0] = d[0]! & 3;
    out.push(d);
  }
  return out;
}

describe("record digests spilled to a temporary file", () => {
  it("are kept in memory once the file cannot take a chunk: all read back, and no index for another thread", () => {
    const ds = digests(6_000).map((d) => {
      d[0] = 7;
      return d;
    });
    const chunk = (from: number, to: number) => Buffer.concat(ds.slice(from, to));
    const store = SpilledDigests.create()!;
    store.put(7, chunk(0, 2_000));
    // the same file through a read-only descriptor: every write fails (as on a full disk), reads work
    const readOnly = openSync(`/proc/self/fd/${store.fd}`, "r");
    const failing = SpilledDigests.of(readOnly, store.index());
    const second = chunk(2_000, 4_000);
    failing.put(7, second);
    second.fill(0); // a chunk is reused after put: what was held is a copy
    failing.put(7, chunk(4_000, 6_000));
    expect(() => failing.index()).toThrow(/could not take/);
    const back = failing
      .read(7)
      .flatMap((part) =>
        Array.from({ length: part.length / 32 }, (_, k) => Buffer.from(part.subarray(32 * k, 32 * k + 32))),
      );
    expect(definition(back)).toBe(definition(ds));
    failing.close();
    store.close();
  });

  it("give the definition's content digest, and the hasher keeps only the chunks being filled", () => {
    const store = SpilledDigests.create();
    expect(store).toBeDefined();
    const h = new ContentHasher("entities", store);
    const ds = digests(60_000);
    for (const d of ds) h.addDigestAt(d, 0);
    expect(h.records).toBe(ds.length);
    expect(h.digest().sha256).toBe(definition(ds));
    const inMemory = h.takeRecordDigests().reduce((a, p) => a + p.length, 0);
    // the full chunks went to the file
    expect(fstatSync(store!.fd).size + inMemory).toBe(ds.length * 32);
    expect(fstatSync(store!.fd).size).toBeGreaterThan(inMemory);
    store!.close();
    store!.close();
  });

  it("written through one object and read back through another by its index (the worker's file)", () => {
    const made = SpilledDigests.create()!;
    const writer = SpilledDigests.of(made.fd, []);
    const h = new ContentHasher("entities", writer);
    const ds = digests(40_000);
    for (const d of ds) h.addDigestAt(d, 0);
    const loose = h.takeRecordDigests();
    const reader = SpilledDigests.of(made.fd, writer.index());
    expect(contentOfDigests(loose, [reader]).sha256).toBe(definition(ds));
    expect(contentOfDigests(loose, [reader]).records).toBe(ds.length);
    made.close();
  });

  it("records added one by one hash as without a store", () => {
    const store = SpilledDigests.create()!;
    const a = new ContentHasher("entities", store);
    const b = new ContentHasher("entities");
    for (let i = 0; i < 40_000; i++) {
      const e = {
        id: `ID${i % 39_000}`,
        name: `企业${i}`,
        kind: "enterprise",
        region: "350200",
        riskClass: "B",
        status: "active",
        tags: [],
      };
      a.add(e);
      b.add(e);
    }
    expect(a.digest()).toEqual(b.digest());
    expect(a.recordDigests().length).toBe(40_000 * 32);
    store.close();
  });
});

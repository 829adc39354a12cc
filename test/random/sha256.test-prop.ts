import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, it } from "vitest";
import { PrefixedSha256, paddedLength, Sha256, sha256, sha256InPlace } from "../../src/random/sha256.js";
import { TicketMachine } from "../../src/random/ticket.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("SHA-256 laws", () => {
  it("law: equals node:crypto on any message (0–300 bytes)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        (m) => hex(sha256(m)) === createHash("sha256").update(m).digest("hex"),
      ),
      { numRuns: 500 },
    );
  });
  it("law: a prefixed hasher equals hashing prefix ‖ suffix (any split across block bounds)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 100 }), (p, s) => {
        const w = new PrefixedSha256(p).digestWords(s);
        const want = createHash("sha256")
          .update(Buffer.concat([p, s]))
          .digest();
        return w.every((x, i) => x === want.readInt32BE(i * 4));
      }),
      { numRuns: 500 },
    );
  });
  it("law: hashing in place (padding written after the message) equals node:crypto, whatever the buffer held", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat({ max: 100 }),
        fc.integer({ min: 0, max: 255 }),
        (m, extra, junk) => {
          const buf = new Uint8Array(paddedLength(m.length) + extra).fill(junk);
          buf.set(m);
          const w = sha256InPlace(buf, m.length);
          const want = createHash("sha256").update(m).digest();
          return w.every((x, i) => x === want.readInt32BE(i * 4));
        },
      ),
      { numRuns: 500 },
    );
  });
  it("law: the incremental hasher over any chunks equals node:crypto over their concatenation", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 150 }), { maxLength: 8 }), (chunks) => {
        const h = new Sha256();
        for (const c of chunks) h.update(c);
        return hex(h.digest()) === createHash("sha256").update(Buffer.concat(chunks)).digest("hex");
      }),
      { numRuns: 500 },
    );
  });
  it("law: tickets equal the contract's formula computed with node:crypto", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (seed, scope, id) => {
        const k = createHash("sha256").update(seed.normalize("NFC"), "utf8").digest();
        const d = createHash("sha256")
          .update(Buffer.concat([k, Buffer.from(scope, "utf8"), Buffer.from([0]), Buffer.from(id, "utf8")]))
          .digest("hex");
        return new TicketMachine(seed, scope).ticket(id).ticket === d.slice(0, 13);
      }),
      { numRuns: 500 },
    );
  });
});

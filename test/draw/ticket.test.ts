import { describe, expect, it } from "vitest";
import { compareUtf8, TicketMachine, ticketOf, ticketU } from "../../src/draw/ticket.js";
import { TICKET_VECTORS } from "../helpers.js";

describe("tickets (SPEC §5.1 test vectors)", () => {
  const vectors = TICKET_VECTORS;
  it.each(vectors)("seed %j · scope %j · id %j → %s", (seed, scope, id, want) => {
    expect(ticketOf(seed, scope, id)).toBe(want);
  });
  it("folds the seed to NFC (é precomposed and decomposed give the same ticket)", () => {
    expect(ticketOf("\u00e9", "x", "y")).toBe(ticketOf("e\u0301", "x", "y"));
  });
  it("gives T as the 52-bit integer of the hex ticket and u inside (0,1)", () => {
    const t = new TicketMachine("demo", "T-2026-001").ticket("913502000728319549");
    expect(t.value).toBe(0x9dc3cb8fefab3);
    expect(ticketU(0)).toBeGreaterThan(0);
    expect(ticketU(2 ** 52 - 1)).toBeLessThan(1);
  });
  it("hashes non-ASCII ids as UTF-8", () => {
    const m = new TicketMachine("demo", "s");
    expect(m.ticket("检查对象甲").ticket).toBe(ticketOf("demo", "s", "检查对象甲"));
    expect(m.ticket("ID-1").ticket).toBe(ticketOf("demo", "s", "ID-1"));
  });
  it("compares ids by UTF-8 bytes, not UTF-16 units", () => {
    expect(compareUtf8("a", "b")).toBeLessThan(0);
    expect(compareUtf8("ab", "a")).toBeGreaterThan(0);
    // U+FF61 (3 UTF-8 bytes EF BD A1) sorts before U+1F600 (F0 …) in UTF-8, after it in UTF-16
    expect(compareUtf8("\uff61", "😀")).toBeLessThan(0);
    expect("\uff61" < "😀").toBe(false);
  });
});

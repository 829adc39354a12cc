// The bounded buffers of the draw: the smallest candidates of a stratum by (order key, id).
import { compareUtf8 } from "../random/order.js";
import type { DrawCandidate } from "./types.js";

/** A candidate of a stratum's buffer. */
export type Cand = DrawCandidate;

/** The candidate order: order key ascending, then id in UTF-8 byte order (src/random/randomness.ts). */
export const byKey = (a: Cand, b: Cand): number => a.k - b.k || compareUtf8(a.e.id, b.e.id);

/** A bounded max-heap keeping the `cap` smallest candidates by (k, id). */
export class Smallest {
  readonly items: Cand[] = [];
  constructor(readonly cap: number) {}
  /** Whether a candidate with key `k` would certainly not be kept (so that it need not be made at all). */
  rejects(k: number): boolean {
    return this.cap === 0 || (this.items.length >= this.cap && k > this.items[0]!.k);
  }
  push(c: Cand): void {
    const h = this.items;
    if (this.cap === 0) return;
    if (h.length < this.cap) {
      h.push(c);
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (byKey(h[p]!, h[i]!) >= 0) break;
        [h[p], h[i]] = [h[i]!, h[p]!];
        i = p;
      }
      return;
    }
    if (byKey(c, h[0]!) >= 0) return;
    h[0] = c;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && byKey(h[l]!, h[m]!) > 0) m = l;
      if (r < h.length && byKey(h[r]!, h[m]!) > 0) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
  sorted(): Cand[] {
    return [...this.items].sort(byKey);
  }
}

/** How many candidates above its threshold a stratum's one-pass buffer keeps. */
export const SPILL = 256;

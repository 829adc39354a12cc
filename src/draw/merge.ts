// Merging first passes over consecutive parts of a directory (worker threads, shards) into one.
import type { DigestStore } from "../content/digest.js";
import { ticketU } from "../random/ticket.js";
import { type Issue, issue } from "../util/issue.js";
import type { FirstPass, FirstPassStratum } from "./first-pass.js";
import { Smallest, SPILL } from "./smallest.js";
import type { DrawCandidate, ExclusionReason } from "./types.js";

/** The plain form of a stratum's first-pass state. */
export function passStratum(s: {
  key: string;
  n: number;
  below: DrawCandidate[];
  threshold?: number;
  spill: Smallest;
  weights?: number[];
  weightSum: number;
}): FirstPassStratum {
  const o: { -readonly [K in keyof FirstPassStratum]: FirstPassStratum[K] } = {
    key: s.key,
    n: s.n,
    below: s.below,
    spill: s.spill.items,
    weightSum: s.weightSum,
  };
  if (s.threshold !== undefined && s.threshold < 1) o.threshold = s.threshold;
  if (s.weights) o.weights = s.weights;
  return o;
}

/**
 * Merge the first passes over consecutive parts of a directory, in row order, into the first pass over the
 * whole: counts add up, buffers join (the 256 smallest spill candidates of the union are among the
 * parts' own smallest), issues keep row order, ticket values and record digests join.
 * @throws {Error} when more than one part carries a finished content digest instead of record digests
 */
export function mergeFirstPasses(parts: readonly FirstPass[]): FirstPass {
  if (parts.length === 1) return parts[0]!;
  // the parts' ticket values as they are (runs, in no order across parts): no merged copy (80 MB at 10M rows)
  const tickets: Float64Array[] = [];
  for (const p of parts) {
    if (p.tickets instanceof Float64Array) tickets.push(p.tickets);
    else tickets.push(...p.tickets);
  }
  const strata = new Map<
    string,
    {
      key: string;
      n: number;
      below: DrawCandidate[];
      threshold: number;
      spill: Smallest;
      weights?: number[];
      weightSum: number;
    }
  >();
  const issues: Issue[] = [];
  const forcedKeys = new Map<string, number>();
  const excludedCounts: Partial<Record<ExclusionReason, number>> = {};
  for (const p of parts) {
    issues.push(...p.issues);
    for (const s of p.strata) {
      let m = strata.get(s.key);
      if (!m) {
        m = { key: s.key, n: 0, below: [], threshold: 1, spill: new Smallest(SPILL), weightSum: 0 };
        if (s.weights) m.weights = [];
        strata.set(s.key, m);
      }
      m.n += s.n;
      for (const c of s.below) m.below.push(c);
      m.threshold = Math.min(m.threshold, s.threshold ?? 1);
      for (const c of s.spill) m.spill.push(c);
      if (s.weights && m.weights) for (const w of s.weights) m.weights.push(w);
      const before = Number.isSafeInteger(m.weightSum);
      m.weightSum += s.weightSum;
      if (before && !Number.isSafeInteger(m.weightSum)) {
        issues.push(
          issue("weight-overflow", `层 ${s.key} 的风险分值合计超出安全整数范围`, { column: "weight" }),
        );
      }
    }
    for (const [k, n] of p.forcedKeys) forcedKeys.set(k, (forcedKeys.get(k) ?? 0) + n);
    for (const [r, n] of Object.entries(p.excludedCounts) as [ExclusionReason, number][])
      excludedCounts[r] = (excludedCounts[r] ?? 0) + n;
  }
  // the parts' thresholds differ (each falls as its part is read): the merged one is the lowest, and what lies
  // above it goes to the spill, which then again keeps the smallest candidates above the threshold
  for (const m of strata.values()) {
    if (m.threshold >= 1) continue;
    const below: DrawCandidate[] = [];
    for (const c of m.below) {
      if (ticketU(c.t) < m.threshold) below.push(c);
      else if (!m.spill.rejects(c.t)) m.spill.push(c);
    }
    m.below = below;
  }
  return {
    input: parts.reduce((a, p) => a + p.input, 0),
    tickets,
    content: joinDigests(parts),
    strata: [...strata.values()].map(passStratum),
    forced: parts.flatMap((p) => p.forced),
    forcedKeys: [...forcedKeys],
    excluded: parts.flatMap((p) => p.excluded),
    excludedCounts,
    outOfScope: parts.reduce((a, p) => a + p.outOfScope, 0),
    missingRate: [...new Set(parts.flatMap((p) => p.missingRate))],
    listed: [...new Set(parts.flatMap((p) => p.listed))],
    issues,
  };
}

/** The record digests of the parts, in order (as a list of arrays: nothing is copied), and their stores. */
function joinDigests(parts: readonly FirstPass[]): { digests: Uint8Array[]; stored?: DigestStore[] } {
  const all: Uint8Array[] = [];
  const stored: DigestStore[] = [];
  for (const p of parts) {
    if (!("digests" in p.content))
      throw new Error("mergeFirstPasses: a part with a finished content digest cannot be merged with others");
    const d = p.content.digests;
    if (d instanceof Uint8Array) all.push(d);
    else all.push(...d);
    if (p.content.stored !== undefined) stored.push(...p.content.stored);
  }
  return stored.length > 0 ? { digests: all, stored } : { digests: all };
}

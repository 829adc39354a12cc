// Sample sizes (SPEC §5.4: exact rates, total-size allocation, min/max) and πps take-all units and keys (§5.7).
import { sizeFor } from "../model/decimal.js";
import type { DrawConfig } from "./config.js";
import type { FirstPassStratum } from "./first-pass.js";
import { lookupRate } from "./frame.js";

/** The sample size n_h of each stratum (SPEC §5.4), or the allocation of a total size. */
export function computeSizes(strata: readonly FirstPassStratum[], config: DrawConfig): Map<string, number> {
  const out = new Map<string, number>();
  const clamp = (n: number, N: number) => {
    let v = n;
    if (config.min !== undefined) v = Math.max(v, config.min);
    if (config.max !== undefined) v = Math.min(v, config.max);
    return Math.min(v, N);
  };
  if (config.size !== undefined) {
    // Allocation ∝ N_h·w_h by largest remainder, exactly, ties by stratum key order.
    const w = strata.map((s) => BigInt(s.n) * BigInt(lookupWeight(config, s.key)));
    const total = w.reduce((a, b) => a + b, 0n);
    const n = BigInt(config.size);
    const base = strata.map((_, i) => (total === 0n ? 0n : (n * w[i]!) / total));
    const rem = strata.map((_, i) => (total === 0n ? 0n : (n * w[i]!) % total));
    let left = Number(n - base.reduce((a, b) => a + b, 0n));
    const order = strata
      .map((_, i) => i)
      .sort((a, b) => (rem[b]! > rem[a]! ? 1 : rem[b]! < rem[a]! ? -1 : a - b));
    const alloc = base.map(Number);
    for (const i of order) {
      if (left <= 0 || total === 0n) break;
      if (rem[i]! > 0n) {
        alloc[i]!++;
        left--;
      }
    }
    strata.forEach((s, i) => {
      out.set(s.key, clamp(alloc[i]!, s.n));
    });
    return out;
  }
  for (const s of strata) {
    const rate = lookupRate(config, s.key)!;
    out.set(s.key, clamp(sizeFor(s.n, rate, config.rounding), s.n));
  }
  return out;
}

function lookupWeight(config: DrawConfig, key: string): number {
  const w = config.classWeights;
  if (!w) return 1;
  return w[key] ?? w[key.split("|")[0]!] ?? w["*"] ?? 1;
}

/**
 * Take-all units of Pareto πps: units with λ = n·w/W ≥ 1 are taken with certainty and λ is recomputed for
 * the rest until none is ≥ 1 (exact integer comparisons).
 * @returns the smallest take-all weight, the remaining sample size n and total weight W, and the count
 */
export function takeAll(
  weights: readonly number[],
  n: number,
): { takeAllMin: number; n: number; W: number; takeAll: number } {
  const sorted = [...weights].sort((a, b) => b - a);
  let W = BigInt(sorted.reduce((a, b) => a + b, 0));
  let left = n;
  let t = 0;
  while (left > 0 && t < sorted.length && BigInt(left) * BigInt(sorted[t]!) >= W && W > 0n) {
    W -= BigInt(sorted[t]!);
    left--;
    t++;
  }
  return { takeAllMin: t > 0 ? sorted[t - 1]! : Number.POSITIVE_INFINITY, n: left, W: Number(W), takeAll: t };
}

/** Pareto order-sampling key ξ = (u/(1−u)) / (λ/(1−λ)) with λ = n·w/W, in IEEE double, in that order. */
export function paretoKey(u: number, n: number, w: number, W: number): number {
  const lambda = W === 0 ? 0 : (n * w) / W;
  if (lambda <= 0) return Number.POSITIVE_INFINITY;
  return u / (1 - u) / (lambda / (1 - lambda));
}

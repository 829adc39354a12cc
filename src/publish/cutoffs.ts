import type { Plan } from "../plan/schema.js";

/** What the verification annex and `verify.html` publish about one stratum. */
export interface StratumCutoff {
  readonly key: string;
  /** N_h: entities of the frame in the stratum. */
  readonly population: number;
  /** n_h. */
  readonly sampleSize: number;
  /** SRS: the largest ticket selected at random (the cut-off); empty when none was. */
  readonly cutoffTicket: string;
  /** SRS: the largest ticket of the reserve as drawn (tickets up to it and above the cut-off are reserve). */
  readonly reserveCutoffTicket: string;
  /** πps: take-all units, the n and W left for the key draw, and the largest selected ξ. */
  readonly takeAll?: number;
  readonly ppsN?: number;
  readonly ppsW?: number;
  readonly cutoffXi?: number;
}

/** True when the plan was drawn in πps mode. */
export function isPps(plan: Plan): boolean {
  return plan.task.sampling.mode === "pps";
}

function maxTicket(a: string, b: string): string {
  return a === "" || b > a ? b : a;
}

/**
 * Per stratum: population, sample size and the cut-off (the largest ticket — in πps the largest ξ — among the
 * units selected at random). Replacements (递补) do not move the cut-off: it is the draw's.
 */
export function stratumCutoffs(plan: Plan): StratumCutoff[] {
  const sel = new Map<string, string>();
  const xi = new Map<string, number>();
  for (const s of plan.selected) {
    if (s.reason !== "random" || s.takeAll) continue;
    sel.set(s.stratum, maxTicket(sel.get(s.stratum) ?? "", s.ticket));
    if (s.xi !== undefined) xi.set(s.stratum, Math.max(xi.get(s.stratum) ?? s.xi, s.xi));
  }
  const res = new Map<string, string>();
  for (const r of plan.reserve) res.set(r.stratum, maxTicket(res.get(r.stratum) ?? "", r.ticket));
  return plan.strata.map((s) => {
    const out: { -readonly [K in keyof StratumCutoff]: StratumCutoff[K] } = {
      key: s.key,
      population: s.population,
      sampleSize: s.sampleSize,
      cutoffTicket: sel.get(s.key) ?? "",
      reserveCutoffTicket: res.get(s.key) ?? "",
    };
    if (s.takeAll !== undefined) out.takeAll = s.takeAll;
    if (s.ppsN !== undefined) out.ppsN = s.ppsN;
    if (s.ppsW !== undefined) out.ppsW = s.ppsW;
    const x = xi.get(s.key);
    if (x !== undefined) out.cutoffXi = x;
    return out;
  });
}

/** A ξ as printed: the shortest text that reads back as the same double. */
export function formatXi(x: number): string {
  return String(x);
}

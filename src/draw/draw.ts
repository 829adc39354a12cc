// The entity draw (the first random), contract v1 (SPEC §5): from the first pass to selection, reserve and accounting.
import { contentOfDigests } from "../content/digest.js";
import { sizeFor } from "../model/decimal.js";
import type { Entity } from "../model/types.js";
import { compareUtf8 } from "../random/order.js";
import { ticketHex, ticketU } from "../random/ticket.js";
import { type Issue, issue } from "../util/issue.js";
import { sortByKey } from "../util/sort.js";
import { findDuplicates } from "./duplicates.js";
import { DrawPass, type FirstPassRunner } from "./first-pass.js";
import { lookupRate, stratumKey } from "./frame.js";
import { computeSizes, paretoKey, takeAll } from "./sizes.js";
import { type Cand, Smallest, sortedByKey } from "./smallest.js";
import { type EntitySource, entityBatches } from "./source.js";
import type { DrawOptions, DrawResult, ReserveEntity, SelectedEntity, StratumResult } from "./types.js";

// The draw stage's names, re-exported so that `draw/draw.js` stays its one import path (the rooms: types.ts the
// options and results, source.ts the entity source, frame.ts the frame rules and strata, first-pass.ts the first
// pass and its seam, sizes.ts the sample sizes and πps, smallest.ts the buffers, duplicates.ts duplicate ids).
export {
  DrawPass,
  type FirstPass,
  type FirstPassContent,
  type FirstPassRunner,
  type FirstPassStratum,
  mergeFirstPasses,
  shareCodes,
} from "./first-pass.js";
export { FrameRules, historyIndex, inScope, lookupRate, stratumKey } from "./frame.js";
export { paretoKey, takeAll } from "./sizes.js";
export { type EntitySource, entityBatches } from "./source.js";
export {
  type Accounting,
  type DrawCandidate,
  type DrawOptions,
  type DrawResult,
  type EntitySummary,
  EXCLUSION_LABELS,
  type ExcludedEntity,
  type ExclusionReason,
  type ReserveEntity,
  type SelectedEntity,
  type StratumResult,
} from "./types.js";

/**
 * The entity draw (the first random), contract v1 (SPEC §5): scope, exclusions, forced, strata, sizes,
 * selection by ticket order (or Pareto πps), reserve, accounting. Pure: the seed is the only randomness; the
 * source is read once (twice for πps, total-size mode, or when a stratum's one-pass buffer was too small).
 * @param runFirstPass runs the first pass elsewhere (e.g. in worker threads); by default it reads `source`
 * @throws {RangeError} when `options.random` is of another task than `options.config` (misuse)
 * @returns the draw, or the issues that prevent it (duplicate ids, a stratum with no rate, …)
 * @example
 * const r = await drawEntities(() => entities, { random: randomness("demo", config.taskId), config });
 * if (r.ok) console.log(r.value.selected.length);
 */
export async function drawEntities(
  source: EntitySource,
  options: DrawOptions,
  runFirstPass?: FirstPassRunner,
): Promise<{ ok: true; value: DrawResult; issues: Issue[] } | { ok: false; issues: Issue[] }> {
  const { config } = options;
  const pass = new DrawPass(options);
  const machine = pass.machine;
  const twoPass = config.mode === "pps" || config.size !== undefined;

  // ---- pass 1
  let first = runFirstPass ? await runFirstPass(options) : undefined;
  if (first === undefined) {
    for await (const batch of entityBatches(source)) pass.add(batch);
    first = pass.finish();
  }
  const issues: Issue[] = [...first.issues];
  const strata = new Map(first.strata.map((s) => [s.key, s]));
  const forced = [...first.forced];
  const forcedKeys = new Map(first.forcedKeys);
  const excludedList = first.excluded;
  const excludedCounts = { ...first.excludedCounts };
  const outOfScope = first.outOfScope;
  const missingRate = new Set(first.missingRate);
  const listed = new Set(first.listed);
  let input = first.input;
  const duplicates = await findDuplicates(source, machine, first.tickets);
  const content =
    "digests" in first.content
      ? contentOfDigests(first.content.digests, first.content.stored)
      : first.content.digest;
  // the pass's tickets (8 bytes a row) and record digests (32) are done with: they go before the records are made
  first = undefined;
  issues.unshift(...duplicates.issues);
  input -= duplicates.extra;
  for (const k of [...missingRate].sort()) {
    issues.push(
      issue("stratum-without-rate", `层“${k}”没有设定抽查比例（sampling.rates 中缺少 "${k}" 或 "*"）`, {
        key: "sampling.rates",
        received: k,
      }),
    );
  }
  for (const id of [...config.forcedIds].sort()) {
    if (!listed.has(id))
      issues.push(
        issue(
          "unknown-forced",
          `必查名单中的 ${id} 不在检查对象名录库中`,
          { key: "forced.entities", received: id },
          "warning",
        ),
      );
  }
  for (const id of [...config.excludedIds].sort()) {
    if (!listed.has(id))
      issues.push(
        issue(
          "unknown-excluded",
          `排除名单中的 ${id} 不在检查对象名录库中`,
          { key: "exclusions.entities", received: id },
          "warning",
        ),
      );
  }
  if (issues.some((i) => i.severity === "error")) return { ok: false, issues };

  // ---- sizes
  const keys = [...strata.keys()].sort(compareUtf8);
  const sizes = computeSizes(
    keys.map((k) => strata.get(k)!),
    config,
  );
  const reserveSizes = new Map<string, number>();
  for (const k of keys) reserveSizes.set(k, sizeFor(sizes.get(k)!, config.reserve, "ceil"));

  // ---- πps preparation: take-all units and λ for the rest
  const pps = new Map<string, { takeAllMin: number; n: number; W: number; takeAll: number }>();
  if (config.mode === "pps") {
    for (const k of keys) {
      const s = strata.get(k)!;
      pps.set(k, takeAll(s.weights!, sizes.get(k)!));
    }
  }

  // ---- pass 2 when needed
  const need = new Map<string, Smallest>();
  for (const k of keys) {
    const s = strata.get(k)!;
    const m = sizes.get(k)! + reserveSizes.get(k)!;
    if (config.mode === "pps") {
      const p = pps.get(k)!;
      need.set(k, new Smallest(p.n + reserveSizes.get(k)!));
    } else if (
      twoPass ||
      (s.below.length < m && m - s.below.length > s.spill.length && s.below.length + s.spill.length < s.n)
    ) {
      need.set(k, new Smallest(m));
    }
  }
  const takeAllCands = new Map<string, Cand[]>();
  let passes = 1;
  if (need.size > 0) {
    passes = 2;
    for await (const batch of entityBatches(source))
      for (const e of batch) {
        const t = machine.value(e.id);
        if (pass.decide(e, t).kind !== "frame") continue;
        const key = stratumKey(e, config);
        const heap = need.get(key);
        if (!heap) continue;
        const p = pps.get(key);
        if (p) {
          const w = e.weight ?? 0;
          if (p.takeAll > 0 && w >= p.takeAllMin) {
            const l = takeAllCands.get(key) ?? [];
            l.push({ e, t, k: 0 });
            takeAllCands.set(key, l);
            continue;
          }
          heap.push({ e, t, k: paretoKey(ticketU(t), p.n, w, p.W) });
        } else heap.push({ e, t, k: t });
      }
  }

  // ---- selection
  const selected: SelectedEntity[] = [];
  const reserve: ReserveEntity[] = [];
  const strataOut: StratumResult[] = [];
  let reserveTotal = 0;
  let randomTotal = 0;
  for (const k of keys) {
    const s = strata.get(k)!;
    const n = sizes.get(k)!;
    const r = reserveSizes.get(k)!;
    const p = pps.get(k);
    let ordered: Cand[];
    let takeAllList: Cand[] = [];
    const heap = need.get(k);
    if (heap) ordered = heap.sorted();
    else ordered = [...sortedByKey(s.below), ...sortedByKey(s.spill)];
    if (p) takeAllList = (takeAllCands.get(k) ?? []).sort((a, b) => compareUtf8(a.e.id, b.e.id));
    const nRandom = p ? p.n : n;
    for (const c of takeAllList)
      selected.push({ ...selectedOf(c.e, k, ticketHex(c.t), 1, "random"), takeAll: true });
    const srsPi = s.n === 0 ? 0 : n / s.n;
    const last = Math.min(nRandom, ordered.length);
    for (let i = 0; i < last; i++) {
      const c = ordered[i]!;
      const pi = p ? (p.n * (c.e.weight ?? 0)) / p.W : srsPi;
      const rec = selectedOf(c.e, k, ticketHex(c.t), pi, "random");
      selected.push(p ? { ...rec, xi: c.k } : rec);
    }
    const res = ordered.slice(nRandom, nRandom + r);
    for (let i = 0; i < res.length; i++) {
      const c = res[i]!;
      const rec = reserveOf(c.e, k, ticketHex(c.t), i + 1);
      reserve.push(p ? { ...rec, xi: c.k } : rec);
    }
    reserveTotal += res.length;
    randomTotal += n;
    const out: { -readonly [K in keyof StratumResult]: StratumResult[K] } = {
      key: k,
      population: s.n,
      sampleSize: n,
      inclusionProbability: s.n === 0 ? 0 : n / s.n,
      reserveSize: res.length,
      notSelected: s.n - n - res.length,
      forced: forcedKeys.get(k) ?? 0,
    };
    const rate = twoPass ? undefined : lookupRate(config, k);
    if (rate) out.rate = rate.text;
    if (p) {
      out.takeAll = takeAllList.length;
      out.ppsN = p.n;
      out.ppsW = p.W;
    }
    strataOut.push(out);
  }
  // strata that only hold forced entities still appear in the table
  for (const [k, c] of forcedKeys) {
    if (!strata.has(k)) {
      strataOut.push({
        key: k,
        population: 0,
        sampleSize: 0,
        inclusionProbability: 0,
        reserveSize: 0,
        notSelected: 0,
        forced: c,
      });
    }
  }
  strataOut.sort((a, b) => compareUtf8(a.key, b.key));
  forced.sort((a, b) => compareUtf8(a.e.id, b.e.id));
  const forcedSel: SelectedEntity[] = forced.map(({ e, reason }) =>
    selectedOf(e, stratumKey(e, config), ticketHex(machine.value(e.id)), 1, reason),
  );
  const excludedSorted = sortByKey(excludedList, (x) => x.entityId, "code-points");
  const frame = strataOut.reduce((a, s) => a + s.population, 0);
  return {
    ok: true,
    issues,
    value: {
      strata: strataOut,
      selected: [...forcedSel, ...selected],
      reserve,
      excluded: { counts: excludedCounts, list: excludedSorted },
      accounting: {
        input,
        selected: randomTotal + forced.length,
        forced: forced.length,
        reserve: reserveTotal,
        notSelected: frame - randomTotal - reserveTotal,
        excluded: excludedSorted.length,
        outOfScope,
      },
      content,
      passes,
    },
  };
}

/**
 * A selected entity's record, written as one object literal per shape (spreading a summary into a new object,
 * for 46k records, measured several times slower, and so was everything that read them after); the property
 * order is {@link EntitySummary}'s, then the draw's fields.
 */
function selectedOf(
  e: Entity,
  stratum: string,
  ticket: string,
  inclusionProbability: number,
  reason: string,
): SelectedEntity {
  const { id: entityId, name, kind, region, riskClass, industry } = e;
  const rec: SelectedEntity =
    industry === undefined
      ? { entityId, name, kind, region, riskClass, stratum, ticket, inclusionProbability, reason }
      : { entityId, name, kind, region, riskClass, industry, stratum, ticket, inclusionProbability, reason };
  if (e.address === undefined && e.legalRepresentative === undefined) return rec;
  return {
    ...rec,
    ...(e.address === undefined ? {} : { address: e.address }),
    ...(e.legalRepresentative === undefined ? {} : { legalRepresentative: e.legalRepresentative }),
  };
}

/** A reserve entity's record (as {@link selectedOf}). */
function reserveOf(e: Entity, stratum: string, ticket: string, rank: number): ReserveEntity {
  const { id: entityId, name, kind, region, riskClass, industry } = e;
  return industry === undefined
    ? { entityId, name, kind, region, riskClass, stratum, ticket, rank }
    : { entityId, name, kind, region, riskClass, industry, stratum, ticket, rank };
}

// The first pass of the entity draw, and the seam through which it can run elsewhere (worker threads, shards of
// a directory, a database): DrawPass over rows in order, FirstPass as plain data, mergeFirstPasses.
import { type ContentDigest, ContentHasher } from "../content/digest.js";
import { rateToNumber } from "../model/decimal.js";
import type { Entity } from "../model/types.js";
import type { TicketMachine } from "../random/ticket.js";
import { ticketU } from "../random/ticket.js";
import { type Issue, issue } from "../util/issue.js";
import type { DrawConfig } from "./config.js";
import { locate } from "./duplicates.js";
import { type Decision, FrameRules, lookupRate, stratumKey } from "./frame.js";
import { Smallest, SPILL } from "./smallest.js";
import type { DrawCandidate, DrawOptions, ExcludedEntity, ExclusionReason } from "./types.js";

/** What the first pass keeps of one stratum. */
export interface FirstPassStratum {
  readonly key: string;
  /** Frame entities of the stratum seen. */
  readonly n: number;
  /** Every candidate whose ticket is below the stratum's threshold (one-pass SRS only). */
  readonly below: readonly DrawCandidate[];
  /** That threshold, as u = (T + 0.5)/2^52 (absent: 1, every candidate; the threshold falls as a pass reads). */
  readonly threshold?: number;
  /** The 256 smallest candidates above the threshold, in no order. */
  readonly spill: readonly DrawCandidate[];
  /** πps: the weight of every frame entity (for take-all and λ). */
  readonly weights?: readonly number[];
  readonly weightSum: number;
}

/**
 * The first pass of the draw over some rows of the directory: what it keeps of each stratum (a buffer that
 * grows with the sample, not with the directory), the forced, excluded and out-of-scope entities, every
 * ticket value (for duplicate ids) and the row issues, in row order. Plain data that can be sent between
 * threads (structured clone; `tickets` can be transferred). First passes over consecutive parts of a
 * directory merge exactly ({@link mergeFirstPasses}): selection depends only on ticket order.
 */
export interface FirstPass {
  /** Entities read. */
  readonly input: number;
  /** The ticket value of every entity read, in row order. */
  readonly tickets: Float64Array;
  /** The content digest of the entities read (content@1, see src/content/digest.ts). */
  readonly content: FirstPassContent;
  readonly strata: readonly FirstPassStratum[];
  readonly forced: readonly { readonly e: Entity; readonly reason: string }[];
  readonly forcedKeys: readonly (readonly [string, number])[];
  readonly excluded: readonly ExcludedEntity[];
  readonly excludedCounts: Readonly<Partial<Record<ExclusionReason, number>>>;
  readonly outOfScope: number;
  /** Stratum keys without a rate. */
  readonly missingRate: readonly string[];
  /** Ids of the forced and excluded lists that were seen. */
  readonly listed: readonly string[];
  /** Row issues (unknown risk class, missing weight, …), in row order. */
  readonly issues: readonly Issue[];
}

/**
 * The content digest of the rows a first pass read (content@1): the record digest of every row (32 bytes each,
 * in row order), which passes over parts join; or the finished digest, when the pass ran where the rows are
 * (e.g. computed by a database in SQL), which cannot be merged with other parts.
 */
export type FirstPassContent =
  | { readonly digests: Uint8Array | readonly Uint8Array[] }
  | { readonly digest: ContentDigest };

/**
 * Runs the first pass elsewhere (e.g. over parts of the file in worker threads, at the edge) and returns the
 * merged result, or `undefined` to let {@link drawEntities} read the source itself. It must use exactly the
 * options it is given.
 */
export type FirstPassRunner = (options: DrawOptions) => Promise<FirstPass | undefined>;

/** The mutable state of one stratum during the first pass. */
interface PassStratumState {
  readonly key: string;
  n: number;
  /** One-pass SRS with a rate: candidates are kept. */
  hasRate: boolean;
  threshold: number;
  /** The share of the stratum the selection and reserve take (rate × (1 + reserve)). */
  share: number;
  /** When `n` reaches this, the threshold is lowered and `below` pruned ({@link DrawPass.prune}). */
  nextPrune: number;
  below: DrawCandidate[];
  readonly spill: Smallest;
  weights?: number[];
  weightSum: number;
}

/**
 * The first pass of the entity draw over a stream of rows: frame decisions (scope, exclusions, forced),
 * strata and the one-pass buffers. Feed it batches in row order with {@link DrawPass.add}, then
 * {@link DrawPass.finish}. Several passes over consecutive parts of a directory, each with the same options,
 * merge with {@link mergeFirstPasses} into what one pass over the whole directory gives.
 */
export class DrawPass {
  /** The ticket machine of the draw's scope. */
  readonly machine: TicketMachine;
  private readonly frame: FrameRules;
  private readonly config: DrawConfig;
  private readonly twoPass: boolean;
  private readonly reserveFactor: number;
  private readonly singleField: boolean;
  private readonly strata = new Map<string, PassStratumState>();
  private readonly forced: { e: Entity; reason: string }[] = [];
  private readonly forcedKeys = new Map<string, number>();
  private readonly excluded: ExcludedEntity[] = [];
  private readonly excludedCounts: Partial<Record<ExclusionReason, number>> = {};
  private outOfScope = 0;
  private readonly missingRate = new Set<string>();
  private readonly listed = new Set<string>();
  private readonly trackListed: boolean;
  private readonly issues: Issue[] = [];
  private tickets = new Float64Array(1 << 16);
  private readonly content = new ContentHasher("entities");
  private input = 0;

  /** @throws {RangeError} when the randomness is of another task than the configuration (misuse) */
  constructor(options: DrawOptions) {
    const { config } = options;
    this.config = config;
    if (options.random.taskId !== config.taskId)
      throw new RangeError(
        `DrawPass: the randomness is of task ${options.random.taskId}, the configuration of ${config.taskId}`,
      );
    this.machine = options.random.entities;
    this.twoPass = config.mode === "pps" || config.size !== undefined;
    this.reserveFactor = 1 + rateToNumber(config.reserve);
    this.singleField = config.stratifyBy.length === 1 && config.stratifyBy[0]!.field !== "region";
    this.trackListed = config.forcedIds.size > 0 || config.excludedIds.size > 0;
    this.frame = new FrameRules(config, this.machine, options.history ?? []);
  }

  /** The frame decision for an entity whose ticket value is `t` (see {@link FrameRules.decide}). */
  decide(e: Entity, t: number): Decision {
    return this.frame.decide(e, t);
  }

  private stratum(key: string): PassStratumState {
    const config = this.config;
    const s: PassStratumState = {
      key,
      n: 0,
      hasRate: false,
      threshold: 1,
      share: 1,
      nextPrune: PRUNE_FROM,
      below: [],
      spill: new Smallest(SPILL),
      weightSum: 0,
    };
    if (!this.twoPass) {
      const r = lookupRate(config, key);
      if (r === undefined) this.missingRate.add(key);
      else {
        // One-pass buffer: keep every ticket below a margin above the expected cut, plus the SPILL smallest
        // above it; drawEntities checks that this provably contains the n_h + r_h smallest.
        s.hasRate = true;
        s.share = rateToNumber(r) * this.reserveFactor;
        s.threshold = Math.min(1, s.share * 1.2 + 1e-3);
      }
    } else if (config.mode === "pps") s.weights = [];
    this.strata.set(key, s);
    return s;
  }

  /**
   * Take the next rows (in row order).
   * @param tickets the rows' ticket values when already computed elsewhere (e.g. on a worker thread); they
   * must be this pass's {@link DrawPass.machine} values of the ids, which is spot-checked (a mismatch throws:
   * it is a bug of the caller, not bad input). NaN stands for a value not given: it is computed here.
   * @param digests the rows' record digests (content@1, 32 bytes per row) computed with the tickets elsewhere:
   * a row whose ticket is given has its digest given too (spot-checked like the tickets); the others are
   * computed here
   * @throws {RangeError} when `tickets` or `digests` do not fit `batch`
   * @throws {Error} when a ticket or record digest given is not this draw's of its row
   */
  add(batch: readonly Entity[], tickets?: Float64Array, digests?: Uint8Array): void {
    const config = this.config;
    const machine = this.machine;
    if (tickets !== undefined) {
      if (tickets.length !== batch.length)
        throw new RangeError(`DrawPass.add: ${tickets.length} tickets for ${batch.length} rows`);
      if (digests !== undefined && digests.length !== 32 * batch.length)
        throw new RangeError(`DrawPass.add: ${digests.length} digest bytes for ${batch.length} rows`);
      for (const i of [0, batch.length >> 1, batch.length - 1]) {
        const t = tickets[i];
        if (t === undefined || Number.isNaN(t)) continue;
        if (machine.value(batch[i]!.id) !== t)
          throw new Error("DrawPass.add: the tickets given are not this draw's tickets of the ids");
        if (digests !== undefined && !sameRecordDigest(batch[i]!, digests, i))
          throw new Error("DrawPass.add: the record digests given are not those of the rows");
      }
    } else if (digests !== undefined) throw new RangeError("DrawPass.add: record digests come with tickets");
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i]!;
      let t = tickets !== undefined ? tickets[i]! : Number.NaN;
      const given = !Number.isNaN(t);
      if (!given) t = machine.value(e.id);
      if (this.input === this.tickets.length) {
        const grown = new Float64Array(this.tickets.length * 2);
        grown.set(this.tickets);
        this.tickets = grown;
      }
      this.tickets[this.input++] = t;
      if (given && digests !== undefined) this.content.addDigestAt(digests, i * 32);
      else this.content.add(e);
      if (this.trackListed && (config.forcedIds.has(e.id) || config.excludedIds.has(e.id)))
        this.listed.add(e.id);
      if (config.riskClasses && !config.riskClasses.includes(e.riskClass)) {
        this.issues.push(
          issue(
            "unknown-risk-class",
            `信用风险分类“${e.riskClass}”不在任务设定的分类（${config.riskClasses.join("、")}）中`,
            { ...locate(e, "riskClass"), received: e.riskClass },
          ),
        );
        continue;
      }
      const d = this.decide(e, t);
      if (d.kind === "out") this.outOfScope++;
      else if (d.kind === "excluded") {
        this.excludedCounts[d.reason] = (this.excludedCounts[d.reason] ?? 0) + 1;
        this.excluded.push({ entityId: oneByte(e.id), name: own(e.name), reason: d.reason });
      } else if (d.kind === "forced") {
        this.forced.push({ e, reason: d.reason });
        const k = stratumKey(e, config);
        this.forcedKeys.set(k, (this.forcedKeys.get(k) ?? 0) + 1);
      } else {
        const key = this.singleField
          ? (e[config.stratifyBy[0]!.field as "riskClass"] ?? "")
          : stratumKey(e, config);
        const s = this.strata.get(key) ?? this.stratum(key);
        s.n++;
        if (s.weights) {
          if (e.weight === undefined) {
            this.issues.push(
              issue("missing-weight", "πps 抽样须为每个对象提供风险分值 weight", locate(e, "weight")),
            );
            continue;
          }
          s.weights.push(e.weight);
          s.weightSum += e.weight;
          if (!Number.isSafeInteger(s.weightSum)) {
            this.issues.push(
              issue("weight-overflow", `层 ${s.key} 的风险分值合计超出安全整数范围`, locate(e, "weight")),
            );
          }
          continue;
        }
        if (!s.hasRate) continue;
        if (s.n === s.nextPrune) this.prune(s);
        // (most rows are above the threshold and not among the spill's smallest: no candidate is made for them)
        if (ticketU(t) < s.threshold) s.below.push({ e: kept(e), t, k: t });
        else if (!s.spill.rejects(t)) s.spill.push({ e: kept(e), t, k: t });
      }
    }
  }

  /**
   * Lower a stratum's threshold as its population grows, so that the buffer grows with the sample and not with
   * a margin of the directory: with n frame entities seen (the stratum has at least n), the tickets below
   * share + 5·√(share(1−share)/n) + (8 + min·(1+reserve))/n hold the n_h + r_h smallest with overwhelming
   * probability (5 standard deviations). Candidates now above it go to the spill, which keeps the smallest
   * above the threshold, so below + spill stay exactly what the pass promises; drawEntities checks that they
   * hold the n_h + r_h smallest and reads the directory again when not (never a silent miss).
   */
  private prune(s: PassStratumState): void {
    s.nextPrune *= 2;
    const n = s.n;
    const p = Math.min(1, s.share);
    const t = p + 5 * Math.sqrt((p * (1 - p)) / n) + (8 + (this.config.min ?? 0) * this.reserveFactor) / n;
    if (t >= s.threshold) return;
    s.threshold = t;
    const kept: DrawCandidate[] = [];
    for (const c of s.below) {
      if (ticketU(c.t) < t) kept.push(c);
      else if (!s.spill.rejects(c.t)) s.spill.push(c);
    }
    s.below = kept;
  }

  /** The pass's result (the pass must not be used after). */
  finish(): FirstPass {
    return {
      input: this.input,
      tickets: this.tickets.slice(0, this.input),
      content: { digests: this.content.takeRecordDigests() },
      strata: [...this.strata.values()].map(passStratum),
      forced: this.forced,
      forcedKeys: [...this.forcedKeys],
      excluded: this.excluded,
      excludedCounts: this.excludedCounts,
      outOfScope: this.outOfScope,
      missingRate: [...this.missingRate],
      listed: [...this.listed],
      issues: this.issues,
    };
  }
}

/**
 * A copy of a string that does not keep alive a longer string it was cut from. V8 makes a substring of 13
 * characters or more a view of its parent: an id or name cut from a CSV row would keep the whole decoded row
 * (some 200 bytes) alive for as long as the entity is kept — for a million candidates, 200 MB.
 */
function own(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * A fresh copy of a string of Latin-1 characters (ids, codes, dates) in V8's one-byte form. Cut from a CSV row
 * that holds Chinese text, such a cell is a two-byte string; published plans then compare, hash and serialise
 * two-byte ids against one-byte ones, measured 3–5 times slower in the publication files of a 1M draw.
 */
function oneByte(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/**
 * An entity as kept by the pass (a candidate): its long strings are copies of their own ({@link own}), its
 * id a one-byte string ({@link oneByte}), its codes (region, industry, date of registration) shared one-byte
 * strings ({@link code}), no list of tags of its own when it has none, and no origin (file and row: no
 * candidate is ever reported by row; duplicate ids are found from the source itself). A million candidates
 * are kept at 10M entities: each byte here is a megabyte.
 */
function kept(e: Entity): Entity {
  const x: { -readonly [K in keyof Entity]: Entity[K] } = {
    id: oneByte(e.id),
    name: own(e.name),
    kind: e.kind,
    region: code(e.region),
    riskClass: code(e.riskClass),
    status: e.status,
    tags: e.tags.length === 0 ? NO_TAGS : e.tags,
  };
  if (e.industry !== undefined) x.industry = code(e.industry);
  if (e.weight !== undefined) x.weight = e.weight;
  if (e.registeredOn !== undefined) x.registeredOn = code(e.registeredOn);
  if (e.address !== undefined) x.address = own(e.address);
  if (e.legalRepresentative !== undefined) x.legalRepresentative = own(e.legalRepresentative);
  return x;
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/**
 * Shared one-byte copies of the codes of kept candidates (bounded, and only short codes: past it, codes are
 * copied one by one).
 */
const CODES = new Map<string, string>();

/** A code (region, industry, date, risk class) as a one-byte string shared by every candidate that has it. */
function code(s: string): string {
  if (s.length > 16) return oneByte(s);
  let c = CODES.get(s);
  if (c === undefined) {
    c = oneByte(s);
    if (CODES.size < 1 << 16) CODES.set(c, c);
  }
  return c;
}

/**
 * Make the candidates of a first pass received from elsewhere (a structured clone: every code a string of its
 * own, every empty list of tags a list of its own) share their codes as {@link DrawPass} keeps them, in
 * place. For the pass of a worker thread, whose candidates the receiving thread owns.
 */
export function shareCodes(first: FirstPass): void {
  const fix = (c: DrawCandidate): void => {
    const e = c.e as { -readonly [K in keyof Entity]: Entity[K] };
    e.region = code(e.region);
    e.riskClass = code(e.riskClass);
    if (e.industry !== undefined) e.industry = code(e.industry);
    if (e.registeredOn !== undefined) e.registeredOn = code(e.registeredOn);
    if (e.tags.length === 0) e.tags = NO_TAGS;
  };
  for (const s of first.strata) {
    for (const c of s.below) fix(c);
    for (const c of s.spill) fix(c);
  }
}

/** The population at which a stratum's threshold is first lowered (then at every doubling). */
const PRUNE_FROM = 1 << 12;

/** The plain form of a stratum's first-pass state. */
function passStratum(s: {
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
 * parts' own smallest), issues and tickets keep row order, record digests join.
 * @throws {Error} when more than one part carries a finished content digest instead of record digests
 */
export function mergeFirstPasses(parts: readonly FirstPass[]): FirstPass {
  if (parts.length === 1) return parts[0]!;
  const tickets = new Float64Array(parts.reduce((a, p) => a + p.input, 0));
  let at = 0;
  for (const p of parts) {
    tickets.set(p.tickets.subarray(0, p.input), at);
    at += p.input;
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
    input: tickets.length,
    tickets,
    content: { digests: joinDigests(parts) },
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

/** The record digests of the parts, in order (as a list of arrays: nothing is copied). */
function joinDigests(parts: readonly FirstPass[]): Uint8Array[] {
  const all: Uint8Array[] = [];
  for (const p of parts) {
    if (!("digests" in p.content))
      throw new Error("mergeFirstPasses: a part with a finished content digest cannot be merged with others");
    const d = p.content.digests;
    if (d instanceof Uint8Array) all.push(d);
    else all.push(...d);
  }
  return all;
}

/** Whether the record digest at row `i` of `digests` is the content@1 record digest of `e`. */
function sameRecordDigest(e: Entity, digests: Uint8Array, i: number): boolean {
  const own = new ContentHasher("entities");
  own.add(e);
  const d = own.recordDigests();
  for (let k = 0; k < 32; k++) if (d[k] !== digests[i * 32 + k]) return false;
  return true;
}

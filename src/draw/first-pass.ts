// The first pass of the entity draw, and the seam through which it can run elsewhere (worker threads, shards of
// a directory, a database): DrawPass over rows in order, FirstPass as plain data, mergeFirstPasses (merge.ts).
import { type ContentDigest, ContentHasher, type DigestStore } from "../content/digest.js";
import { rateToNumber } from "../model/decimal.js";
import type { Entity } from "../model/types.js";
import type { TicketMachine } from "../random/ticket.js";
import { ticketU } from "../random/ticket.js";
import { type Issue, issue } from "../util/issue.js";
import type { DrawConfig } from "./config.js";
import { locate } from "./duplicates.js";
import { type Decision, FrameRules, lookupRate, stratumKey } from "./frame.js";
import { kept, oneByte, own } from "./kept.js";
import { passStratum } from "./merge.js";
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
  /**
   * The ticket value of every entity read, in any order: one array or several (a {@link DrawPass} gives runs
   * of up to 4M values, each in ascending order; the duplicate check sorts each run in place).
   */
  readonly tickets: Float64Array | readonly Float64Array[];
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
 * (e.g. computed by a database in SQL), which cannot be merged with other parts. Record digests may also be
 * in `stored` (a pass given a {@link DigestStore}): those are not plain data and stay on their thread.
 */
export type FirstPassContent =
  | { readonly digests: Uint8Array | readonly Uint8Array[]; readonly stored?: readonly DigestStore[] }
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
  /** Full chunks of ticket values, then the one being filled (80 MB at 10M rows, never copied into one). */
  private readonly ticketChunks: Float64Array[] = [];
  private tickets = new Float64Array(1 << 10);
  /** Ticket values in `tickets`. */
  private filled = 0;
  private readonly content: ContentHasher;
  private readonly store: DigestStore | undefined;
  private input = 0;

  /**
   * @param store where the record digests go as they fill chunks (e.g. a temporary file, at the edge); absent:
   * they are kept in memory (32 bytes a row)
   * @throws {RangeError} when the randomness is of another task than the configuration (misuse)
   */
  constructor(options: DrawOptions, store?: DigestStore) {
    const { config } = options;
    this.store = store;
    this.content = new ContentHasher("entities", store);
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
    // the batch's own tickets and record digests, hashed together (four rows at a time with WebAssembly SIMD)
    const hashed = tickets === undefined ? machine.values(batch.map((e) => e.id)) : undefined;
    if (digests === undefined) this.content.addAll(batch);
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i]!;
      const g = tickets !== undefined ? tickets[i]! : Number.NaN;
      const given = !Number.isNaN(g);
      const t = given ? g : hashed !== undefined ? hashed[i]! : machine.value(e.id);
      if (this.filled === this.tickets.length) this.nextTicketChunk();
      this.tickets[this.filled++] = t;
      this.input++;
      if (given && digests !== undefined) this.content.addDigestAt(digests, i * 32);
      else if (digests !== undefined) this.content.add(e);
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

  /** A new chunk for ticket values: small passes start small (growing fourfold), big ones fill chunks of 4M. */
  private nextTicketChunk(): void {
    if (this.tickets.length < TICKET_CHUNK) {
      const grown = new Float64Array(Math.min(this.tickets.length * 4, TICKET_CHUNK));
      grown.set(this.tickets);
      this.tickets = grown;
      return;
    }
    this.ticketChunks.push(this.tickets);
    this.tickets = new Float64Array(TICKET_CHUNK);
    this.filled = 0;
  }

  /**
   * Every ticket value, as the chunks they were kept in, each sorted in place (ascending): no copy of them all
   * is made (80 MB at 10M rows), and a pass on a worker thread sorts its own while the other thread reads.
   */
  private sortedTickets(): Float64Array[] {
    const runs = [...this.ticketChunks, this.tickets.subarray(0, this.filled)];
    for (const r of runs) r.sort();
    return runs;
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
      tickets: this.sortedTickets(),
      content: {
        digests: this.content.takeRecordDigests(),
        ...(this.store !== undefined ? { stored: [this.store] } : {}),
      },
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
 * The size of a full chunk of ticket values: 4M values (32 MiB and a little more, above the C library's largest
 * threshold for mapping an allocation on its own, so that it is given back whole when freed; see SLAB in
 * src/content/digest.ts).
 */
const TICKET_CHUNK = (1 << 22) + (1 << 13);

/** The population at which a stratum's threshold is first lowered (then at every doubling). */
const PRUNE_FROM = 1 << 12;

/** Whether the record digest at row `i` of `digests` is the content@1 record digest of `e`. */
function sameRecordDigest(e: Entity, digests: Uint8Array, i: number): boolean {
  const own = new ContentHasher("entities");
  own.add(e);
  const d = own.recordDigests();
  for (let k = 0; k < 32; k++) if (d[k] !== digests[i * 32 + k]) return false;
  return true;
}

export { shareCodes } from "./kept.js";
export { mergeFirstPasses } from "./merge.js";

import { addDays } from "../model/dates.js";
import { type ExactRate, rateToNumber, sizeFor } from "../model/decimal.js";
import type { Entity, HistoryRecord } from "../model/types.js";
import { type Issue, issue } from "../util/issue.js";
import { sortByKey } from "../util/sort.js";
import type { DrawConfig } from "./config.js";
import { compareUtf8, sortTickets, TicketMachine, ticketHex, ticketU } from "./ticket.js";

/** Why an entity left the frame before the draw. */
export type ExclusionReason =
  | "status-deregistered"
  | "status-revoked"
  | "status-moved-out"
  | "status-cancelled"
  | "status-closed"
  | "listed"
  | "inspected-within-window"
  | "inspected-this-year";

/** The Chinese label of each exclusion reason. */
export const EXCLUSION_LABELS: Readonly<Record<ExclusionReason, string>> = {
  "status-deregistered": "已注销",
  "status-revoked": "已吊销",
  "status-moved-out": "已迁出",
  "status-cancelled": "已撤销",
  "status-closed": "停业/歇业",
  listed: "列入排除名单",
  "inspected-within-window": "近期已就同一事项检查",
  "inspected-this-year": "本年度已就同一事项检查",
};

/** The facts of an entity that a plan publishes about it. */
export interface EntitySummary {
  readonly entityId: string;
  readonly name: string;
  readonly kind: Entity["kind"];
  readonly region: string;
  readonly riskClass: string;
  readonly industry?: string;
}

/** An entity in the sample. */
export interface SelectedEntity extends EntitySummary {
  readonly stratum: string;
  /** 13 hex digits (SPEC §5.1); for πps the order key is ξ, derived from the same ticket. */
  readonly ticket: string;
  readonly inclusionProbability: number;
  /** `random`, or the forced reason (`forced:tag:<tag>`, `forced:list`). */
  readonly reason: string;
}

/** An entity of the ordered reserve list (递补名单) of its stratum. */
export interface ReserveEntity extends EntitySummary {
  readonly stratum: string;
  readonly ticket: string;
  /** 1-based position in its stratum's reserve list. */
  readonly rank: number;
}

/** An entity excluded before the draw, with its reason. */
export interface ExcludedEntity {
  readonly entityId: string;
  readonly name: string;
  readonly reason: ExclusionReason;
}

/** One stratum of the frame. */
export interface StratumResult {
  readonly key: string;
  /** N_h: frame entities of the stratum (forced and excluded not counted). */
  readonly population: number;
  /** n_h. */
  readonly sampleSize: number;
  /** n_h / N_h (SRS); for πps the expected value of the published λ's mean. */
  readonly inclusionProbability: number;
  /** The rate applied (text as given), when sizes come from rates. */
  readonly rate?: string;
  readonly reserveSize: number;
  readonly notSelected: number;
  /** Forced entities whose stratum key is this one (not part of N_h). */
  readonly forced: number;
  /** πps only: entities taken with certainty because λ ≥ 1. */
  readonly takeAll?: number;
}

/** Where every input entity ended (SPEC §5.8). */
export interface Accounting {
  readonly input: number;
  readonly selected: number;
  readonly forced: number;
  readonly reserve: number;
  readonly notSelected: number;
  readonly excluded: number;
  readonly outOfScope: number;
}

/** The outcome of the entity draw. */
export interface DrawResult {
  readonly strata: readonly StratumResult[];
  /** Forced first (by id), then random by stratum key and ticket order. */
  readonly selected: readonly SelectedEntity[];
  readonly reserve: readonly ReserveEntity[];
  readonly excluded: {
    readonly counts: Readonly<Partial<Record<ExclusionReason, number>>>;
    readonly list: readonly ExcludedEntity[];
  };
  readonly accounting: Accounting;
  /** How many passes over the directory were needed (1, or 2 for πps, total-size mode and rare fallbacks). */
  readonly passes: number;
}

/**
 * A source of entities that can be read more than once (a second pass is sometimes needed). It may yield
 * entities one by one or in batches (arrays), which is much faster for millions of rows.
 */
export type EntitySource = () => Iterable<Entity> | AsyncIterable<Entity | readonly Entity[]>;

/** A source's entities in batches (single entities are gathered into batches), in source order. */
export async function* entityBatches(source: EntitySource): AsyncGenerator<readonly Entity[]> {
  let batch: Entity[] = [];
  for await (const x of source()) {
    if (Array.isArray(x)) yield x as readonly Entity[];
    else {
      batch.push(x as Entity);
      if (batch.length >= 4096) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

type Cand = DrawCandidate;

const byKey = (a: Cand, b: Cand): number => a.k - b.k || compareUtf8(a.e.id, b.e.id);

/** A bounded max-heap keeping the `cap` smallest candidates by (k, id). */
class Smallest {
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

const SPILL = 256;

/**
 * A bit set over the low bits of ticket values: a cheap "certainly not" before a Map lookup (a Map with
 * 52-bit number keys costs hundreds of nanoseconds per lookup). About 16 bits per member: ~6% false hits.
 */
class TicketFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;
  constructor(members: number) {
    let words = 1 << 10;
    while (words * 2 < members) words *= 2;
    this.bits = new Uint32Array(words);
    this.mask = words - 1;
  }
  add(t: number): void {
    this.bits[(t >>> 5) & this.mask]! |= 1 << (t & 31);
  }
  mayHave(t: number): boolean {
    return (this.bits[(t >>> 5) & this.mask]! & (1 << (t & 31))) !== 0;
  }
}

/** The frame decision for one entity (the stratum of a frame entity is computed apart). */
type Decision =
  | { kind: "out" }
  | { kind: "excluded"; reason: ExclusionReason }
  | { kind: "forced"; reason: string }
  | { kind: "frame" };
const FRAME: Decision = { kind: "frame" };

/**
 * Duplicate ids, found from the ticket values of all entities: equal ids have equal tickets, so only when
 * two tickets are equal (a duplicate, or a 52-bit collision of different ids, about once in 10⁴ draws of a
 * million) is the source read again to name the ids and all their rows.
 * @returns the issues, and how many rows were repeats (to correct the input count)
 */
async function findDuplicates(
  source: EntitySource,
  machine: TicketMachine,
  tickets: Float64Array,
): Promise<{ issues: Issue[]; extra: number }> {
  const sorted = sortTickets(tickets);
  const equal = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) equal.add(sorted[i]!);
  if (equal.size === 0) return { issues: [], extra: 0 };
  const rows = new Map<string, Entity[]>();
  for await (const batch of entityBatches(source))
    for (const e of batch) {
      if (!equal.has(machine.value(e.id))) continue;
      const l = rows.get(e.id);
      if (l) l.push(e);
      else rows.set(e.id, [e]);
    }
  const issues: Issue[] = [];
  let extra = 0;
  for (const [id, es] of [...rows].sort((a, b) => compareUtf8(a[0], b[0]))) {
    if (es.length < 2) continue;
    extra += es.length - 1;
    const where = es.map((e) => e.origin?.row).filter((r) => r !== undefined);
    for (const e of es.slice(1)) {
      issues.push(
        issue(
          "duplicate-id",
          where.length === es.length
            ? `统一社会信用代码重复：${id}（第 ${where.join("、")} 行）`
            : `统一社会信用代码重复：${id}`,
          locate(e, "id"),
        ),
      );
    }
  }
  return { issues, extra };
}

/** History indexed for the exclusion rules: entity id → last inspection dates of the task's items. */
export function historyIndex(
  history: readonly HistoryRecord[],
  itemIds: readonly string[],
): Map<string, string[]> {
  const items = new Set(itemIds);
  const m = new Map<string, string[]>();
  for (const h of history) {
    if (!items.has(h.itemId)) continue;
    const l = m.get(h.entityId);
    if (l) l.push(h.inspectedOn);
    else m.set(h.entityId, [h.inspectedOn]);
  }
  return m;
}

/** Options of {@link drawEntities}. */
export interface DrawOptions {
  /** The public seed. */
  readonly seed: string;
  readonly config: DrawConfig;
  /** Inspection history (for the frequency-cap exclusions). */
  readonly history?: readonly HistoryRecord[];
}

/** A candidate of a stratum's buffer: an entity with its ticket value and order key. */
export interface DrawCandidate {
  readonly e: Entity;
  /** The ticket value (52 bits). */
  readonly t: number;
  /** The order key: the ticket value (SRS) or ξ (πps). */
  readonly k: number;
}

/** What the first pass keeps of one stratum. */
export interface FirstPassStratum {
  readonly key: string;
  /** Frame entities of the stratum seen. */
  readonly n: number;
  /** Every candidate whose ticket is below the stratum's threshold (one-pass SRS only). */
  readonly below: readonly DrawCandidate[];
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
  readonly below: DrawCandidate[];
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
  private readonly config: DrawConfig;
  private readonly twoPass: boolean;
  private readonly reserveFactor: number;
  private readonly singleField: boolean;
  private readonly histReason = new Map<number, { id: string; reason: ExclusionReason }[]>();
  private readonly histBits: TicketFilter;
  private readonly decisions = new Map<string, Decision>();
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
  private input = 0;

  constructor(options: DrawOptions) {
    const { config } = options;
    this.config = config;
    this.machine = new TicketMachine(options.seed, config.taskId);
    this.twoPass = config.mode === "pps" || config.size !== undefined;
    this.reserveFactor = 1 + rateToNumber(config.reserve);
    this.singleField = config.stratifyBy.length === 1 && config.stratifyBy[0]!.field !== "region";
    this.trackListed = config.forcedIds.size > 0 || config.excludedIds.size > 0;
    // History exclusions, decided once per entity of the history and keyed by ticket value (a number key is
    // much cheaper to look up than a fresh id string; the id is compared on a hit).
    const hist = historyIndex(options.history ?? [], config.itemIds);
    const windowStart =
      config.sameItemWithinDays !== undefined
        ? addDays(config.referenceDate, -config.sameItemWithinDays)
        : undefined;
    const year = config.referenceDate.slice(0, 4);
    this.histBits = new TicketFilter(hist.size);
    for (const [id, dates] of hist) {
      let reason: ExclusionReason | undefined;
      if (windowStart !== undefined && dates.some((d) => d >= windowStart && d <= config.referenceDate)) {
        reason = "inspected-within-window";
      } else if (config.sameItemThisYear && dates.some((d) => d.slice(0, 4) === year)) {
        reason = "inspected-this-year";
      }
      if (reason === undefined) continue;
      const t = this.machine.value(id);
      this.histBits.add(t);
      const l = this.histReason.get(t);
      if (l) l.push({ id, reason });
      else this.histReason.set(t, [{ id, reason }]);
    }
  }

  private fixed(d: Decision): Decision {
    const key = d.kind === "excluded" ? d.reason : d.kind === "forced" ? d.reason : d.kind;
    const v = this.decisions.get(key);
    if (v !== undefined) return v;
    this.decisions.set(key, d);
    return d;
  }

  /** The frame decision for an entity whose ticket value is `t` (decisions are shared, not allocated). */
  decide(e: Entity, t: number): Decision {
    const config = this.config;
    if (config.filters && !inScope(e, config.filters)) return this.fixed({ kind: "out" });
    if (e.status !== "active")
      return this.fixed({ kind: "excluded", reason: `status-${e.status}` as ExclusionReason });
    if (config.excludedIds.size > 0 && config.excludedIds.has(e.id))
      return this.fixed({ kind: "excluded", reason: "listed" });
    if (config.forcedIds.size > 0 && config.forcedIds.has(e.id))
      return this.fixed({ kind: "forced", reason: "forced:list" });
    // index loops in this per-row code: for…of allocated an iterator per row
    for (let k = 0; k < config.forcedTags.length; k++) {
      const tag = config.forcedTags[k]!;
      if (e.tags.includes(tag)) return this.fixed({ kind: "forced", reason: `forced:tag:${tag}` });
    }
    if (this.histBits.mayHave(t)) {
      const l = this.histReason.get(t);
      if (l !== undefined)
        for (const h of l) if (h.id === e.id) return this.fixed({ kind: "excluded", reason: h.reason });
    }
    return FRAME;
  }

  private stratum(key: string): PassStratumState {
    const config = this.config;
    const s: PassStratumState = {
      key,
      n: 0,
      hasRate: false,
      threshold: 1,
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
        s.threshold = Math.min(1, rateToNumber(r) * this.reserveFactor * 1.2 + 1e-3);
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
   */
  add(batch: readonly Entity[], tickets?: Float64Array): void {
    const config = this.config;
    const machine = this.machine;
    if (tickets !== undefined) {
      if (tickets.length !== batch.length)
        throw new RangeError(`DrawPass.add: ${tickets.length} tickets for ${batch.length} rows`);
      for (const i of [0, batch.length >> 1, batch.length - 1]) {
        const t = tickets[i];
        if (t !== undefined && !Number.isNaN(t) && machine.value(batch[i]!.id) !== t)
          throw new Error("DrawPass.add: the tickets given are not this draw's tickets of the ids");
      }
    }
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i]!;
      let t = tickets !== undefined ? tickets[i]! : Number.NaN;
      if (Number.isNaN(t)) t = machine.value(e.id); // not given
      if (this.input === this.tickets.length) {
        const grown = new Float64Array(this.tickets.length * 2);
        grown.set(this.tickets);
        this.tickets = grown;
      }
      this.tickets[this.input++] = t;
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
        this.excluded.push({ entityId: e.id, name: e.name, reason: d.reason });
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
        // (most rows are above the threshold and not among the spill's smallest: no candidate is made for them)
        if (ticketU(t) < s.threshold) s.below.push({ e, t, k: t });
        else if (!s.spill.rejects(t)) s.spill.push({ e, t, k: t });
      }
    }
  }

  /** The pass's result (the pass must not be used after). */
  finish(): FirstPass {
    return {
      input: this.input,
      tickets: this.tickets.slice(0, this.input),
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

/** The plain form of a stratum's first-pass state. */
function passStratum(s: {
  key: string;
  n: number;
  below: DrawCandidate[];
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
  if (s.weights) o.weights = s.weights;
  return o;
}

/**
 * Merge the first passes over consecutive parts of a directory, in row order, into the first pass over the
 * whole: counts add up, buffers join (the 256 smallest spill candidates of the union are among the
 * parts' own smallest), issues and tickets keep row order.
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
    { key: string; n: number; below: DrawCandidate[]; spill: Smallest; weights?: number[]; weightSum: number }
  >();
  const issues: Issue[] = [];
  const forcedKeys = new Map<string, number>();
  const excludedCounts: Partial<Record<ExclusionReason, number>> = {};
  for (const p of parts) {
    issues.push(...p.issues);
    for (const s of p.strata) {
      let m = strata.get(s.key);
      if (!m) {
        m = { key: s.key, n: 0, below: [], spill: new Smallest(SPILL), weightSum: 0 };
        if (s.weights) m.weights = [];
        strata.set(s.key, m);
      }
      m.n += s.n;
      for (const c of s.below) m.below.push(c);
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
  return {
    input: tickets.length,
    tickets,
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

/**
 * The entity draw (the first random), contract v1 (SPEC §5): scope, exclusions, forced, strata, sizes,
 * selection by ticket order (or Pareto πps), reserve, accounting. Pure: the seed is the only randomness; the
 * source is read once (twice for πps, total-size mode, or when a stratum's one-pass buffer was too small).
 * @param runFirstPass runs the first pass elsewhere (e.g. in worker threads); by default it reads `source`
 * @returns the draw, or the issues that prevent it (duplicate ids, a stratum with no rate, …)
 * @example
 * const r = await drawEntities(() => entities, { seed: "demo", config });
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
    else ordered = [...[...s.below].sort(byKey), ...[...s.spill].sort(byKey)];
    if (p) takeAllList = (takeAllCands.get(k) ?? []).sort((a, b) => compareUtf8(a.e.id, b.e.id));
    const nRandom = p ? p.n : n;
    for (const c of takeAllList) selected.push(selectedOf(c.e, k, ticketHex(c.t), 1, "random"));
    const srsPi = s.n === 0 ? 0 : n / s.n;
    const last = Math.min(nRandom, ordered.length);
    for (let i = 0; i < last; i++) {
      const c = ordered[i]!;
      const pi = p ? (p.n * (c.e.weight ?? 0)) / p.W : srsPi;
      selected.push(selectedOf(c.e, k, ticketHex(c.t), pi, "random"));
    }
    const res = ordered.slice(nRandom, nRandom + r);
    for (let i = 0; i < res.length; i++) {
      const c = res[i]!;
      reserve.push(reserveOf(c.e, k, ticketHex(c.t), i + 1));
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
    if (p) out.takeAll = takeAllList.length;
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
      passes,
    },
  };
}

function locate(
  e: Entity,
  column: string,
): { file?: string; row?: number; column: string; received: string } {
  return e.origin
    ? { file: e.origin.file, row: e.origin.row, column, received: e.id }
    : { column, received: e.id };
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
  return industry === undefined
    ? { entityId, name, kind, region, riskClass, stratum, ticket, inclusionProbability, reason }
    : { entityId, name, kind, region, riskClass, industry, stratum, ticket, inclusionProbability, reason };
}

/** A reserve entity's record (as {@link selectedOf}). */
function reserveOf(e: Entity, stratum: string, ticket: string, rank: number): ReserveEntity {
  const { id: entityId, name, kind, region, riskClass, industry } = e;
  return industry === undefined
    ? { entityId, name, kind, region, riskClass, stratum, ticket, rank }
    : { entityId, name, kind, region, riskClass, industry, stratum, ticket, rank };
}

/** The stratum key of an entity: the `stratifyBy` values joined by `|` (SPEC §5.3); `*` when not stratified. */
export function stratumKey(e: Entity, config: Pick<DrawConfig, "stratifyBy">): string {
  if (config.stratifyBy.length === 0) return "*";
  let key = "";
  for (let i = 0; i < config.stratifyBy.length; i++) {
    const f = config.stratifyBy[i]!;
    let v: string;
    if (f.field === "region") v = f.prefix !== undefined ? e.region.slice(0, f.prefix) : e.region;
    else v = e[f.field] ?? "";
    key = i === 0 ? v : `${key}|${v}`;
  }
  return key;
}

/** The rate of a stratum: its full key, else the value of the first stratification field, else `*`. */
export function lookupRate(config: Pick<DrawConfig, "rates">, key: string): ExactRate | undefined {
  const rates = config.rates;
  if (!rates) return undefined;
  return rates.get(key) ?? rates.get(key.split("|")[0]!) ?? rates.get("*");
}

/** True when the entity passes the 定向 filters. */
export function inScope(e: Entity, f: NonNullable<DrawConfig["filters"]>): boolean {
  if (f.kind && !f.kind.includes(e.kind)) return false;
  if (f.regionPrefix && !f.regionPrefix.some((p) => e.region.startsWith(p))) return false;
  if (f.industry && (e.industry === undefined || !f.industry.includes(e.industry))) return false;
  if (
    f.industryPrefix &&
    (e.industry === undefined || !f.industryPrefix.some((p) => e.industry!.startsWith(p)))
  ) {
    return false;
  }
  if (f.tags && !f.tags.some((t) => e.tags.includes(t))) return false;
  if (f.riskClass && !f.riskClass.includes(e.riskClass)) return false;
  if (f.registeredBefore && (e.registeredOn === undefined || e.registeredOn >= f.registeredBefore))
    return false;
  if (f.registeredAfter && (e.registeredOn === undefined || e.registeredOn <= f.registeredAfter))
    return false;
  return true;
}

function computeSizes(strata: readonly FirstPassStratum[], config: DrawConfig): Map<string, number> {
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

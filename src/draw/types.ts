// The entity draw's options and results: what goes in and what comes out (SPEC §5, §8).
import type { ContentDigest } from "../content/digest.js";
import type { HistoryInput } from "../model/tables.js";
import type { Entity } from "../model/types.js";
import type { Randomness } from "../random/randomness.js";
import type { DrawConfig } from "./config.js";

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
  /** πps only: `true` for a take-all unit (λ ≥ 1, selected with certainty, not by its key). */
  readonly takeAll?: boolean;
  /** πps only: the Pareto key ξ by which the unit was selected (absent for take-all units). */
  readonly xi?: number;
  /** 住所（经营场所）, when the entity file has it. */
  readonly address?: string;
  /** 法定代表人（负责人、经营者）, when the entity file has it. */
  readonly legalRepresentative?: string;
}

/** An entity of the ordered reserve list (递补名单) of its stratum. */
export interface ReserveEntity extends EntitySummary {
  readonly stratum: string;
  readonly ticket: string;
  /** 1-based position in its stratum's reserve list. */
  readonly rank: number;
  /** πps only: the Pareto key ξ that orders the reserve. */
  readonly xi?: number;
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
  /** πps only: the sample size left for the key draw after the take-all units (n in λ = n·w/W). */
  readonly ppsN?: number;
  /** πps only: the total weight W of the units left after the take-all units (exact integer). */
  readonly ppsW?: number;
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
  /** The content digest of the entities read (content@1). */
  readonly content: ContentDigest;
  /** How many passes over the directory were needed (1, or 2 for πps, total-size mode and rare fallbacks). */
  readonly passes: number;
}

/** Options of {@link drawEntities}. */
export interface DrawOptions {
  /** The plan's randomness (src/random/randomness.ts): the draw's tickets come from its `entities` scope. */
  readonly random: Randomness;
  readonly config: DrawConfig;
  /** Inspection history (for the frequency-cap exclusions). */
  readonly history?: HistoryInput;
}

/** A candidate of a stratum's buffer: an entity with its ticket value and order key. */
export interface DrawCandidate {
  readonly e: Entity;
  /** The ticket value (52 bits). */
  readonly t: number;
  /** The order key: the ticket value (SRS) or ξ (πps). */
  readonly k: number;
}

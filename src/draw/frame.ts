// The frame (SPEC §5.2–5.3): which entities are in scope, excluded, forced or drawn, and their stratum key.
import { addDays } from "../model/dates.js";
import type { ExactRate } from "../model/decimal.js";
import type { IdColumn } from "../model/packed.js";
import { type HistoryInput, HistoryTable } from "../model/tables.js";
import type { Entity } from "../model/types.js";
import { ticketOrder } from "../random/order.js";
import type { TicketMachine } from "../random/ticket.js";
import type { DrawConfig } from "./config.js";
import type { ExclusionReason } from "./types.js";

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
export type Decision =
  | { kind: "out" }
  | { kind: "excluded"; reason: ExclusionReason }
  | { kind: "forced"; reason: string }
  | { kind: "frame" };
export const FRAME: Decision = { kind: "frame" };

/** History indexed for the exclusion rules: entity id → inspection dates of the task's items (in record order). */
export function historyIndex(history: HistoryInput, itemIds: readonly string[]): Map<string, string[]> {
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

/** The history exclusion of each reason, by code: 0 none, 1 this year, 2 within the window (it wins). */
const HIST_REASONS: readonly (ExclusionReason | undefined)[] = [
  undefined,
  "inspected-this-year",
  "inspected-within-window",
];

/**
 * The history exclusion of every entity the history names for one of the task's items (SPEC §5.2): the rows
 * of the first record of each such entity, with its reason code (1 this year, 2 within the window), in the order of
 * each entity's first record (an order that decides nothing: the frame looks entities up). Computed on the table's columns: one verdict per distinct date, none per record.
 */
export function historyExclusionRows(
  table: HistoryTable,
  config: Pick<DrawConfig, "itemIds" | "referenceDate" | "sameItemWithinDays" | "sameItemThisYear">,
): { readonly rows: Int32Array; readonly codes: Uint8Array; readonly entities: number } {
  const taskItem = new Uint8Array(table.itemIds.values.length);
  for (const id of config.itemIds) {
    const k = table.itemIds.find(id);
    if (k >= 0) taskItem[k] = 1;
  }
  const ref = config.referenceDate;
  const windowStart =
    config.sameItemWithinDays !== undefined ? addDays(ref, -config.sameItemWithinDays) : undefined;
  const year = ref.slice(0, 4);
  const dateCode = Uint8Array.from(table.dates.values, (d) =>
    windowStart !== undefined && d >= windowStart && d <= ref
      ? 2
      : config.sameItemThisYear && d.slice(0, 4) === year
        ? 1
        : 0,
  );
  const byId = table.rowsById();
  const rows: number[] = [];
  const codes: number[] = [];
  let entities = 0;
  for (const head of byId.heads()) {
    let code = -1;
    for (let k = head; k >= 0 && code < 2; k = byId.next(k))
      if (taskItem[table.item[k]!] === 1) code = Math.max(code, dateCode[table.date[k]!]!);
    if (code < 0) continue;
    entities++;
    if (code === 0) continue;
    rows.push(head);
    codes.push(code);
  }
  return { rows: Int32Array.from(rows), codes: Uint8Array.from(codes), entities };
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

/**
 * The frame rules of a draw (SPEC §5.2): scope filter (定向), registration status, the task's exclusion and
 * forced lists and tags, and the history exclusions (same item within a window, or this year).
 */
export class FrameRules {
  // History exclusions in ticket order: ticket value, row of the entity's id in the history, reason code
  private readonly histTicket: Float64Array;
  private readonly histRow: Int32Array;
  private readonly histCode: Uint8Array;
  private readonly histIds: IdColumn;
  private readonly histBits: TicketFilter;
  private readonly decisions = new Map<string, Decision>();

  /**
   * @param machine the entity draw's ticket machine (history entries are keyed by ticket value)
   * @param history the inspection history
   */
  constructor(
    private readonly config: DrawConfig,
    machine: TicketMachine,
    history: HistoryInput,
  ) {
    // History exclusions, decided once per entity of the history and keyed by ticket value (a number is much
    // cheaper to look up than a fresh id string; the id is compared on a hit), in sorted typed arrays: a few
    // bytes per entity where a Map of objects cost a hundred and more.
    const table = HistoryTable.of(history);
    const hist = historyExclusionRows(table, config);
    this.histIds = table.entities;
    const n = hist.rows.length;
    const tickets = new Float64Array(n);
    // hashed in batches (four at a time in WebAssembly SIMD, see TicketMachine.values)
    const ids: string[] = [];
    for (let k = 0; k < n; k++) {
      ids.push(table.entities.get(hist.rows[k]!));
      if (ids.length === 4096 || k === n - 1) {
        machine.values(ids, tickets.subarray(k + 1 - ids.length, k + 1));
        ids.length = 0;
      }
    }
    const order = ticketOrder(tickets, (a, b) => a - b);
    this.histTicket = Float64Array.from(order, (k) => tickets[k]!);
    this.histRow = Int32Array.from(order, (k) => hist.rows[k]!);
    this.histCode = Uint8Array.from(order, (k) => hist.codes[k]!);
    this.histBits = new TicketFilter(hist.entities);
    for (let k = 0; k < n; k++) this.histBits.add(tickets[k]!);
  }

  /** The history exclusion of entity `id` with ticket value `t`, or `undefined`. */
  private historyReason(id: string, t: number): ExclusionReason | undefined {
    const tickets = this.histTicket;
    let lo = 0;
    let hi = tickets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tickets[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    for (; lo < tickets.length && tickets[lo] === t; lo++)
      if (this.histIds.is(this.histRow[lo]!, id)) return HIST_REASONS[this.histCode[lo]!];
    return undefined;
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
      const reason = this.historyReason(e.id, t);
      if (reason !== undefined) return this.fixed({ kind: "excluded", reason });
    }
    return FRAME;
  }
}

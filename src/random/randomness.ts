// The randomness of a plan as one value, and every ticket scope and candidate order of the library in one place.
//
// A plan's only randomness is the public seed. `randomness(seed, taskId)` derives the seed key
// K = SHA-256(UTF-8(NFC(seed))) once and gives each stage its own ticket machine, one per scope; the stages
// receive this value (as pure-rand passes a generator in) and never see the seed text or make scopes of their
// own. The same id gets independent tickets in different scopes.
//
// | scope                 | stage (where)                                  | ids hashed         | what the ticket orders |
// |-----------------------|------------------------------------------------|--------------------|------------------------|
// | `<taskId>`            | entity draw, first random (src/draw)           | entity ids         | selection and reserve in each stratum (SPEC §5) |
// | `<taskId>/schedule`   | visit dates (src/schedule/dates.ts)            | selected entities  | the order in which visits are spread over the working days |
// | `<taskId>/team`       | teams, second random (src/teams), replacements | selected entities  | the order in which tasks are staffed |
// | `<taskId>/inspectors` | teams (src/teams), replacements (src/plan)     | inspector ids      | the inspectors' base order |
//
// Candidate orders (T = the 52-bit ticket value of the scope named):
// - entities of a stratum (SRS): T ascending, ties by id in UTF-8 byte order ({@link ticketThenId}); πps: the
//   Pareto key ξ computed from u = (T + 0.5)/2^52, then id; the first n_h are selected, the next r_h are the
//   ordered reserve.
// - visits: T(`/schedule`) ascending, ties by id in UTF-8 byte order; the k-th of n visits gets working day ⌊k·W/n⌋.
// - tasks to staff: T(`/team`) ascending, ties by entity id.
// - inspectors: T(`/inspectors`) ascending, ties by id. For one place of a task, the greedy pass scans the pool of
//   inspectors fitting it in that order starting at position {@link poolStart} = T_task mod poolSize (T_task =
//   T(`/team`) of the entity); augmenting paths and recusals (递补) take candidates in {@link inspectorKey} order =
//   fmix32(hi32(T_inspector) XOR hi32(T_task)) ascending, where hi32(T) = ⌊T / 2^20⌋ (the top 32 of the 52 bits)
//   and fmix32 is MurmurHash3's finaliser ({@link fmix32}), ties by inspector id. Every task thus sees its own
//   random order of the same inspectors.
import { compareUtf8 } from "./order.js";
import { type SeedKey, seedKey, TicketMachine } from "./ticket.js";

/** The ticket scope of each stage, from the task id (the table above). */
export const SCOPES = {
  /** The entity draw (SPEC §5.1): the task id itself. */
  entities: (taskId: string): string => taskId,
  /** Visit dates. */
  schedule: (taskId: string): string => `${taskId}/schedule`,
  /** The order in which tasks are staffed. */
  team: (taskId: string): string => `${taskId}/team`,
  /** The inspectors' base order. */
  inspectors: (taskId: string): string => `${taskId}/inspectors`,
} as const;

/** The randomness of one plan: the seed key, derived once, and one ticket machine per scope. */
export interface Randomness {
  /** The public seed as given (recorded in the plan). */
  readonly seed: string;
  /** The task id the scopes are made from. */
  readonly taskId: string;
  /** K = SHA-256(UTF-8(NFC(seed))). */
  readonly key: SeedKey;
  /** Tickets of the entity draw (scope `<taskId>`). */
  readonly entities: TicketMachine;
  /** Tickets of the visit dates (scope `<taskId>/schedule`). */
  readonly schedule: TicketMachine;
  /** Tickets of the tasks to staff (scope `<taskId>/team`). */
  readonly team: TicketMachine;
  /** Tickets of the inspectors (scope `<taskId>/inspectors`). */
  readonly inspectors: TicketMachine;
}

/**
 * The randomness of a plan, derived from the seed and the task id: the one value every stage receives.
 * @example randomness("demo", "T-2026-001").entities.ticket("913502000728319549").ticket // "9dc3cb8fefab3"
 */
export function randomness(seed: string, taskId: string): Randomness {
  return randomnessOfKey(seed, taskId, seedKey(seed));
}

/**
 * The randomness of a plan from a seed key already derived from `seed` (e.g. sent to a worker thread as bytes).
 * The key must be `seedKey(seed)`: the plan records the seed, and anyone re-derives the key from it.
 */
export function randomnessOfKey(seed: string, taskId: string, key: SeedKey): Randomness {
  return {
    seed,
    taskId,
    key,
    entities: new TicketMachine(key, SCOPES.entities(taskId)),
    schedule: new TicketMachine(key, SCOPES.schedule(taskId)),
    team: new TicketMachine(key, SCOPES.team(taskId)),
    inspectors: new TicketMachine(key, SCOPES.inspectors(taskId)),
  };
}

/** The candidate order of the draw: ticket (or order key) ascending, then id in UTF-8 byte order. */
export function ticketThenId(ka: number, ida: string, kb: number, idb: string): number {
  return ka - kb || compareUtf8(ida, idb);
}

/** MurmurHash3 fmix32: the mixing step of the per-task inspector order. */
export function fmix32(h0: number): number {
  let h = h0 >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The order key of an inspector for one task (lower first): fmix32(hi32(T_inspector) XOR hi32(T_task)). */
export function inspectorKey(inspectorTicket: number, taskTicket: number): number {
  return fmix32(Math.floor(inspectorTicket / 1048576) ^ Math.floor(taskTicket / 1048576));
}

/** Where a task's scan of a pool of inspectors (in ticket order) starts: T_task mod poolSize (0 for an empty pool). */
export function poolStart(taskTicket: number, poolSize: number): number {
  return poolSize > 0 ? taskTicket % poolSize : 0;
}

import { compareUtf8, ticketOrder } from "../random/order.js";
import type { Randomness } from "../random/randomness.js";

/**
 * The working day of each visit, by position (see {@link spreadVisits}): tasks are ordered by their ticket in
 * scope `<taskId>/schedule` (ties by id in UTF-8 byte order), and the k-th of n gets day ⌊k·W/n⌋.
 * @param days W, the number of working days of the window (at least 1)
 * @returns the day index (0 … W−1) of `entityIds[j]` at `j`
 */
export function spreadVisitDays(random: Randomness, entityIds: readonly string[], days: number): Uint32Array {
  const m = random.schedule;
  const n = entityIds.length;
  const tickets = m.values(entityIds);
  const order = ticketOrder(tickets, (a, b) => compareUtf8(entityIds[a]!, entityIds[b]!));
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[order[k]!] = Math.floor((k * days) / n);
  return out;
}

/**
 * Spread visits over the working days of the window, deterministically: tasks are ordered by their ticket in
 * scope `<taskId>/schedule`, and the k-th of n tasks gets working day ⌊k·W/n⌋ (W working days), so every
 * day gets ⌊n/W⌋ or ⌈n/W⌉ visits and the order of visits is random but replayable.
 * @param random the plan's randomness (its `schedule` scope orders the visits)
 * @param workingDays the working days of the window, ascending (from {@link WorkingCalendar.workingDaysBetween})
 * @returns entity id → visit date (empty when there is no working day)
 */
export function spreadVisits(
  random: Randomness,
  entityIds: readonly string[],
  workingDays: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  const W = workingDays.length;
  if (W === 0) return out;
  const day = spreadVisitDays(random, entityIds, W);
  // in ticket order, as before: an id given twice takes the later of its days
  const order = Array.from(day.keys()).sort((a, b) => day[a]! - day[b]! || a - b);
  for (const j of order) out.set(entityIds[j]!, workingDays[day[j]!]!);
  return out;
}

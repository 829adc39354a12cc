import { compareUtf8 } from "../random/order.js";
import type { Randomness } from "../random/randomness.js";

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
  const m = random.schedule;
  const order = entityIds
    .map((id) => ({ id, t: m.value(id) }))
    .sort((a, b) => a.t - b.t || compareUtf8(a.id, b.id));
  const out = new Map<string, string>();
  const W = workingDays.length;
  if (W === 0) return out;
  order.forEach(({ id }, k) => {
    out.set(id, workingDays[Math.floor((k * W) / order.length)]!);
  });
  return out;
}

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in Beijing time (Asia/Shanghai, UTC+8 all year: China has kept
 * no daylight saving time since 1991) — the default "as of" day of results. Pure: the caller reads the clock.
 * @example shanghaiDate(new Date("2027-01-19T16:30:00Z")) // "2027-01-20"
 * @throws Error when the instant is not a valid date (misuse)
 */
export function shanghaiDate(instant: Date): string {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new Error("invalid instant");
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}

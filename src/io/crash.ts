// A test hook: DOUBLE_RANDOM_TEST_CRASH_AT=<point> kills the process (SIGKILL, nothing cleaned up) when it reaches
// that named point of a draw, replace or publish, so tests can check what an interrupted run leaves behind.

/** The named points where a run can be killed by the test hook, in the order a draw passes them. */
export const CRASH_POINTS = [
  "after-lock",
  "after-attempt-logged",
  "after-plan",
  "while-writing",
  "before-manifest",
  "before-version-rename",
  "before-switch",
  "after-switch",
  "after-outcome-logged",
] as const;

/** A named point of {@link CRASH_POINTS}. */
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** Kill this process at once when DOUBLE_RANDOM_TEST_CRASH_AT names `point` (tests only). */
export function crashPoint(point: CrashPoint): void {
  if (process.env.DOUBLE_RANDOM_TEST_CRASH_AT === point) process.kill(process.pid, "SIGKILL");
}

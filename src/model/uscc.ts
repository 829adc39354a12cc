/** The 31 characters of a 统一社会信用代码, in value order (GB 32100-2015). */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const VALUE: Record<string, number> = Object.fromEntries([...USCC_CHARSET].map((c, i) => [c, i]));

/** Why a string is not a valid 统一社会信用代码, or `undefined` when it is valid. */
export type UsccProblem = "length" | "charset" | "check-digit";

/**
 * Compute the check character (position 18) of the first 17 characters of a 统一社会信用代码.
 * @param body17 the first 17 characters, from {@link USCC_CHARSET}
 * @returns the check character, or `undefined` when the body is not 17 valid characters
 * @example usccCheckChar("91350200072831954") // "9"
 */
export function usccCheckChar(body17: string): string | undefined {
  if (body17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE[body17[i]!];
    if (v === undefined) return undefined;
    sum += v * WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Check a 统一社会信用代码: 18 characters of {@link USCC_CHARSET}, check digit per GB 32100-2015.
 * @returns `undefined` when valid, otherwise what is wrong
 * @example usccProblem("913502000728319549") // undefined
 */
export function usccProblem(id: string): UsccProblem | undefined {
  if (id.length !== 18) return "length";
  for (let i = 0; i < 18; i++) if (VALUE[id[i]!] === undefined) return "charset";
  return usccCheckChar(id.slice(0, 17)) === id[17] ? undefined : "check-digit";
}

/** True when `id` is a valid 统一社会信用代码. */
export function isValidUscc(id: string): boolean {
  return usccProblem(id) === undefined;
}

/** The 31 characters of a 统一社会信用代码, in value order (GB 32100-2015). */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** Value of each character code below 128 in {@link USCC_CHARSET}, or -1. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i++) VALUE[USCC_CHARSET.charCodeAt(i)] = i;
const value = (code: number): number => (code < 128 ? VALUE[code]! : -1);

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
  const sum = weightedSum(body17);
  return sum < 0 ? undefined : USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Check a 统一社会信用代码: 18 characters of {@link USCC_CHARSET}, check digit per GB 32100-2015.
 * @returns `undefined` when valid, otherwise what is wrong
 * @example usccProblem("913502000728319549") // undefined
 */
export function usccProblem(id: string): UsccProblem | undefined {
  if (id.length !== 18) return "length";
  const sum = weightedSum(id);
  const check = value(id.charCodeAt(17));
  if (sum < 0 || check < 0) return "charset";
  return (31 - (sum % 31)) % 31 === check ? undefined : "check-digit";
}

/** Σ value·weight over the first 17 characters, or -1 when one is not in the charset. */
function weightedSum(s: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = value(s.charCodeAt(i));
    if (v < 0) return -1;
    sum += v * WEIGHTS[i]!;
  }
  return sum;
}

/** True when `id` is a valid 统一社会信用代码. */
export function isValidUscc(id: string): boolean {
  return usccProblem(id) === undefined;
}

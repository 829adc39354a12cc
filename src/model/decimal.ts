/** An exact non-negative rational rate `num / den` (den a power of ten, or 100·10^k for percent strings). */
export interface ExactRate {
  readonly num: bigint;
  readonly den: bigint;
  /** The text it was parsed from, for display. */
  readonly text: string;
}

/** How a fractional sample size is made whole. `round` rounds half up. */
export type Rounding = "ceil" | "floor" | "round";

const DECIMAL = /^(\d+)(?:\.(\d{1,6}))?$/;

/**
 * Parse a rate given as a number with at most 6 fractional digits or a string such as `"0.05"` or `"5%"`.
 * No floating-point arithmetic is done on the value: `0.07` is exactly 7/100.
 * @returns the exact rate, or an error text (in Chinese) when it is not a decimal in [0, 1]
 * @example parseRate("5%") // { num: 5n, den: 100n, text: "5%" }
 */
export function parseRate(value: unknown): ExactRate | string {
  let text: string;
  let percent = false;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "比例必须是有限数";
    text = String(value);
    if (/e/i.test(text)) return `比例 ${text} 的小数位超过6位`;
  } else if (typeof value === "string") {
    text = value.trim();
    if (text.endsWith("%")) {
      percent = true;
      text = text.slice(0, -1).trim();
    }
  } else {
    return '比例必须是数字或字符串（如 0.05 或 "5%"）';
  }
  const m = DECIMAL.exec(text);
  if (!m) return `比例 ${String(value)} 不是非负小数（最多6位小数）`;
  const frac = m[2] ?? "";
  let num = BigInt(m[1]! + frac);
  let den = 10n ** BigInt(frac.length);
  if (percent) den *= 100n;
  const g = gcd(num, den);
  if (g > 1n) {
    num /= g;
    den /= g;
  }
  if (num > den) return `比例 ${String(value)} 大于 1`;
  return { num, den, text: typeof value === "string" ? value.trim() : text };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/**
 * `population × rate`, made whole by `rounding`, computed exactly on integers.
 * @example sizeFor(100, parseRate(0.07) as ExactRate, "ceil") // 7
 */
export function sizeFor(population: number, rate: ExactRate, rounding: Rounding): number {
  const p = BigInt(population) * rate.num;
  const q = p / rate.den;
  const r = p % rate.den;
  let n = q;
  if (rounding === "ceil" && r > 0n) n = q + 1n;
  else if (rounding === "round" && 2n * r >= rate.den) n = q + 1n;
  return Number(n);
}

/** The rate as a decimal number (for display and for the published inclusion probability). */
export function rateToNumber(rate: ExactRate): number {
  return Number(rate.num) / Number(rate.den);
}

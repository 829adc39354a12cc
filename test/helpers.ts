import fc from "fast-check";
import type { Entity, Inspector, Item } from "../src/model/types.js";
import { usccCheckChar } from "../src/model/uscc.js";

/** A valid USCC for an enterprise in `region` with serial `n`. */
export function makeUscc(n: number, region = "350102", kindDigit = "1"): string {
  const body = `9${kindDigit}${region}${String(n).padStart(9, "0")}`;
  return body + usccCheckChar(body)!;
}

/** A plain active entity. */
export function entity(n: number, over: Partial<Entity> = {}): Entity {
  return {
    id: makeUscc(n),
    name: `测试企业${n}有限公司`,
    kind: "enterprise",
    region: "350102",
    riskClass: "A",
    status: "active",
    tags: [],
    ...over,
  };
}

/** A certified inspector valid through 2030. */
export function inspector(id: string, over: Partial<Inspector> = {}): Inspector {
  return {
    id,
    name: `人员${id}`,
    certificateNo: `闽${id}`,
    certificateExpiresOn: "2030-12-31",
    department: "市场监管局",
    unit: "信用监管科",
    region: "350102",
    specialties: ["企业公示信息"],
    role: "inspector",
    unavailable: [],
    ...over,
  };
}

/**
 * Draws from a fixed list of generated numbers, in turn (wrapping around): `next()` the next number, `bit(p)` true
 * with p% of them. Lets a generated instance make any number of choices from one `fc.array(fc.nat(…))`.
 */
export function bitStream(bits: readonly number[]): {
  next: () => number;
  bit: (percent: number) => boolean;
} {
  let k = 0;
  const next = () => bits[k++ % bits.length] as number;
  return { next, bit: (percent) => next() % 100 < percent };
}

/** The general inspection item `IT` of department `D`, needing the given specialty when one is given. */
export function generalItem(specialty?: string): Item {
  return {
    id: "IT",
    name: "事项",
    department: "D",
    basis: "依据",
    category: "general",
    specialties: specialty ? [specialty] : [],
  };
}

/** fast-check arbitrary of a directory of distinct entities over given risk classes. */
export function arbEntities(
  opts: { min?: number; max?: number; classes?: string[] } = {},
): fc.Arbitrary<Entity[]> {
  const classes = opts.classes ?? ["A", "B", "C"];
  return fc
    .uniqueArray(fc.integer({ min: 1, max: 999_999 }), {
      minLength: opts.min ?? 0,
      maxLength: opts.max ?? 80,
    })
    .chain((ns) =>
      fc.tuple(
        fc.constant(ns),
        fc.array(fc.constantFrom(...classes), { minLength: ns.length, maxLength: ns.length }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: ns.length, maxLength: ns.length }),
        fc.array(
          fc.constantFrom("active", "active", "active", "deregistered", "revoked") as fc.Arbitrary<
            Entity["status"]
          >,
          {
            minLength: ns.length,
            maxLength: ns.length,
          },
        ),
        fc.array(fc.boolean(), { minLength: ns.length, maxLength: ns.length }),
      ),
    )
    .map(([ns, cls, ws, sts, tagged]) =>
      ns.map((n, i) =>
        entity(n, {
          riskClass: cls[i]!,
          weight: ws[i]!,
          status: sts[i]!,
          tags: tagged[i] && i % 7 === 0 ? ["重点"] : [],
        }),
      ),
    );
}

/** Shuffle deterministically with fast-check's random source. */
export function shuffled<T>(xs: readonly T[], perm: readonly number[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (perm[i % perm.length] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The ticket test vectors of draw contract v1 (SPEC §5.1): seed, scope, id → 13 hex digits. */
export const TICKET_VECTORS: readonly (readonly [string, string, string, string])[] = [
  ["demo", "T-2026-001", "913502000728319549", "9dc3cb8fefab3"],
  ["demo", "T-2026-001", "91350100M000100Y43", "2753f7f6f2195"],
  [
    "2026-11-21 双色球第2026135期 03 07 12 19 25 31 + 09",
    "SJ-2026-Q4",
    "913502000728319549",
    "e7ad227b43f31",
  ],
  ["Ω≈ç√ seed with 😀 emoji", "抽查任务/2026", "ID-1", "cf4ac1ef0c522"],
  ["e\u0301", "x", "y", "d2aafd38c7d5b"],
  ["", "", "", "231e028baa0f0"],
];

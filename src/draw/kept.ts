// What the first pass keeps of an entity (a candidate, an excluded entity): compact copies that do not keep
// the CSV rows they were cut from alive, and share their codes.
import type { Entity } from "../model/types.js";
import type { FirstPass } from "./first-pass.js";
import type { DrawCandidate } from "./types.js";

/**
 * A copy of a string that does not keep alive a longer string it was cut from. V8 makes a substring of 13
 * characters or more a view of its parent: an id or name cut from a CSV row would keep the whole decoded row
 * (some 200 bytes) alive for as long as the entity is kept — for a million candidates, 200 MB.
 */
export function own(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * A fresh copy of a string of Latin-1 characters (ids, codes, dates) in V8's one-byte form. Cut from a CSV row
 * that holds Chinese text, such a cell is a two-byte string; published plans then compare, hash and serialise
 * two-byte ids against one-byte ones, measured 3–5 times slower in the publication files of a 1M draw.
 */
export function oneByte(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/**
 * An entity as kept by the pass (a candidate): its long strings are copies of their own ({@link own}), its
 * id a one-byte string ({@link oneByte}), its codes (region, industry, date of registration) shared one-byte
 * strings ({@link code}), no list of tags of its own when it has none, and no origin (file and row: no
 * candidate is ever reported by row; duplicate ids are found from the source itself). A million candidates
 * are kept at 10M entities: each byte here is a megabyte.
 */
export function kept(e: Entity): Entity {
  const x: { -readonly [K in keyof Entity]: Entity[K] } = {
    id: oneByte(e.id),
    name: own(e.name),
    kind: e.kind,
    region: code(e.region),
    riskClass: code(e.riskClass),
    status: e.status,
    tags: e.tags.length === 0 ? NO_TAGS : e.tags,
  };
  if (e.industry !== undefined) x.industry = code(e.industry);
  if (e.weight !== undefined) x.weight = e.weight;
  if (e.registeredOn !== undefined) x.registeredOn = code(e.registeredOn);
  if (e.address !== undefined) x.address = own(e.address);
  if (e.legalRepresentative !== undefined) x.legalRepresentative = own(e.legalRepresentative);
  return x;
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/**
 * Shared one-byte copies of the codes of kept candidates (bounded, and only short codes: past it, codes are
 * copied one by one).
 */
const CODES = new Map<string, string>();

/** A code (region, industry, date, risk class) as a one-byte string shared by every candidate that has it. */
function code(s: string): string {
  if (s.length > 16) return oneByte(s);
  let c = CODES.get(s);
  if (c === undefined) {
    c = oneByte(s);
    if (CODES.size < 1 << 16) CODES.set(c, c);
  }
  return c;
}

/**
 * Make the candidates of a first pass received from elsewhere (a structured clone: every code a string of its
 * own, every empty list of tags a list of its own) share their codes as {@link DrawPass} keeps them, in
 * place. For the pass of a worker thread, whose candidates the receiving thread owns.
 */
export function shareCodes(first: FirstPass): void {
  const fix = (c: DrawCandidate): void => {
    const e = c.e as { -readonly [K in keyof Entity]: Entity[K] };
    e.region = code(e.region);
    e.riskClass = code(e.riskClass);
    if (e.industry !== undefined) e.industry = code(e.industry);
    if (e.registeredOn !== undefined) e.registeredOn = code(e.registeredOn);
    if (e.tags.length === 0) e.tags = NO_TAGS;
  };
  for (const s of first.strata) {
    for (const c of s.below) fix(c);
    for (const c of s.spill) fix(c);
  }
}

// The canonical JSON of a task, and the task digest a plan records (SHA-256 of it).

import { compareUtf8 } from "../random/order.js";
import { sha256 } from "../random/sha256.js";

const encoder = new TextEncoder();

/**
 * Canonical JSON text: no white space, object keys sorted by code point (UTF-8 byte order), keys whose value
 * is `undefined` left out, strings and numbers as `JSON.stringify` writes them. In Python:
 * `json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` (for numbers that are integers or
 * that Python writes alike, as task values are).
 * @example canonicalJson({ b: 1, a: [true, "x"] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort(compareUtf8);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Lowercase hex of bytes. */
export function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/**
 * The task digest a plan records: lowercase hex SHA-256 of the UTF-8 canonical JSON ({@link canonicalJson}) of
 * the validated task without its `inputs` — where the records are read from (file names, encoding), which the
 * content digests of the inputs replace — so that it depends neither on the task file's layout nor on the
 * format the records come in.
 * @example taskDigest(plan.task) === plan.taskDigest // true for a plan made by this version
 */
export function taskDigest(task: object): string {
  const { inputs: _where, ...what } = task as { inputs?: unknown };
  return hex(sha256(encoder.encode(canonicalJson(what))));
}

/**
 * A plan as JSON text that people can read and diff, at a fraction of the size of two-space indentation:
 * objects are indented, and each element of an array (selected, reserve, assignments, …) is one compact line.
 * `JSON.parse(planText(p))` equals `p`.
 * @example planText({ a: 1, rows: [{ x: 1 }, { x: 2 }] }) // '{\n  "a": 1,\n  "rows": [\n    {"x":1},\n    {"x":2}\n  ]\n}\n'
 */
export function planText(plan: object): string {
  return [...planChunks(plan)].join("");
}

/**
 * The text of {@link planText} in pieces of a few hundred records, so that a big plan can be hashed and
 * written without ever holding the whole text (or one string per record) at once.
 */
export function* planChunks(plan: object): Generator<string> {
  yield* layout(plan, "");
  yield "\n";
}

const ROWS_PER_CHUNK = 512;

function* layout(v: unknown, indent: string): Generator<string> {
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield "[]";
      return;
    }
    const inner = `${indent}  `;
    const between = `},\n${inner}{`;
    // lines gathered in an array and joined once per chunk (a flat string; appending would build a deep
    // tree of string pieces that lives until it is written)
    let lines: string[] = ["[\n"];
    for (let k = 0; k < v.length; k += ROWS_PER_CHUNK) {
      const end = Math.min(v.length, k + ROWS_PER_CHUNK);
      const last = end === v.length ? "\n" : ",\n";
      const block = plainObjects(v, k, end) ? recordLines(v.slice(k, end), between) : undefined;
      if (block !== undefined) lines.push(`${inner}${block}${last}`);
      else
        for (let j = k; j < end; j++)
          lines.push(`${inner}${JSON.stringify(v[j])}${j + 1 < v.length ? ",\n" : "\n"}`);
      if (end < v.length) {
        yield lines.join("");
        lines = [];
      }
    }
    lines.push(`${indent}]`);
    yield lines.join("");
    return;
  }
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) {
      yield "{}";
      return;
    }
    const inner = `${indent}  `;
    yield "{\n";
    for (let k = 0; k < entries.length; k++) {
      const [key, x] = entries[k]!;
      yield `${inner}${JSON.stringify(key)}: `;
      yield* layout(x, inner);
      yield k + 1 < entries.length ? ",\n" : "\n";
    }
    yield `${indent}}`;
    return;
  }
  yield JSON.stringify(v);
}

/** True when v[from..to) are all plain objects (no arrays, nulls, class instances, toJSON). */
function plainObjects(v: readonly unknown[], from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const x = v[j];
    if (typeof x !== "object" || x === null || Object.getPrototypeOf(x) !== Object.prototype) return false;
    if ("toJSON" in x) return false;
  }
  return true;
}

/**
 * Plain objects as one JSON text per record, joined by `between` (`},` line end, indent, `{`): the records are
 * stringified as one array (one call instead of one per record: about half the time) and split where one ends
 * and the next begins. `},{` occurs once between each two records; when it occurs anywhere else too (inside a
 * string, or in nested arrays of objects), the count says so and undefined is returned (the caller then
 * stringifies the records one by one).
 */
function recordLines(records: readonly unknown[], between: string): string | undefined {
  const all = JSON.stringify(records);
  let n = 0;
  for (let at = all.indexOf("},{"); at >= 0; at = all.indexOf("},{", at + 3)) n++;
  if (n !== records.length - 1) return undefined;
  return all.slice(1, -1).replaceAll("},{", between);
}

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
    // lines gathered in an array and joined once per chunk (a flat string; appending would build a deep
    // tree of string pieces that lives until it is written)
    let lines: string[] = ["[\n"];
    for (let k = 0; k < v.length; k++) {
      lines.push(`${inner}${JSON.stringify(v[k])}${k + 1 < v.length ? ",\n" : "\n"}`);
      if ((k + 1) % ROWS_PER_CHUNK === 0) {
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

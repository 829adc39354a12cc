/**
 * A plan as JSON text that people can read and diff, at a fraction of the size of two-space indentation:
 * objects are indented, and each element of an array of records (selected, reserve, assignments, …) is one
 * compact line. `JSON.parse(planText(p))` equals `p`.
 * @example planText({ a: 1, rows: [{ x: 1 }, { x: 2 }] }) // '{\n  "a": 1,\n  "rows": [\n    {"x":1},\n    {"x":2}\n  ]\n}\n'
 */
export function planText(plan: object): string {
  return `${layout(plan, "")}\n`;
}

function layout(v: unknown, indent: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const inner = `${indent}  `;
    return `[\n${v.map((x) => inner + JSON.stringify(x)).join(",\n")}\n${indent}]`;
  }
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${layout(x, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(v);
}

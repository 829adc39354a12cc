/** One difference between two plans: a JSON path and both values, in plain words. */
export interface Difference {
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}

/**
 * Compare two JSON values and list their first differences (at most `limit`), depth first.
 * @example diffJson({ a: 1 }, { a: 2 }) // [{ path: "a", expected: "1", actual: "2" }]
 */
export function diffJson(expected: unknown, actual: unknown, limit = 10): Difference[] {
  const out: Difference[] = [];
  const show = (v: unknown) => (v === undefined ? "（无）" : JSON.stringify(v).slice(0, 200));
  const walk = (a: unknown, b: unknown, path: string) => {
    if (out.length >= limit) return;
    if (a === b) return;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
      if (JSON.stringify(a) !== JSON.stringify(b))
        out.push({ path: path || "$", expected: show(a), actual: show(b) });
      return;
    }
    if (Array.isArray(a) !== Array.isArray(b)) {
      out.push({ path: path || "$", expected: show(a), actual: show(b) });
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length)
        out.push({ path: `${path}.length`, expected: String(a.length), actual: String(b.length) });
      for (let i = 0; i < Math.min(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)]))
      walk(ao[k], bo[k], path ? `${path}.${k}` : k);
  };
  walk(expected, actual, "");
  return out;
}

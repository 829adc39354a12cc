import type { Plan } from "./schema.js";

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

/** The facts of one input as a plan records them (see {@link Plan}'s `inputs`). */
type InputFacts = Plan["inputs"][string];

/**
 * Compare the inputs of a recorded plan with those of a recomputed one, by content: the content digests
 * (content@1) must be equal, whatever the files' format, encoding or row order; the files' bytes digests are
 * recorded facts and are compared only where the recorded plan has no content digest (plans made before
 * content digests existed). An input absent on one side equals an input without records on the other.
 * @returns the differences, with paths such as `inputs.entities.content.sha256`
 */
export function compareInputs(recorded: Plan, fresh: Plan): Difference[] {
  const out: Difference[] = [];
  const empty = (f: InputFacts | undefined) => f === undefined || (f.content?.records ?? f.rows) === 0;
  for (const kind of new Set([...Object.keys(recorded.inputs), ...Object.keys(fresh.inputs)])) {
    const r = recorded.inputs[kind];
    const f = fresh.inputs[kind];
    if (r === undefined || f === undefined) {
      if (!(empty(r) && empty(f)))
        out.push({
          path: `inputs.${kind}`,
          expected: f === undefined ? "（无）" : `${f.content?.records ?? f.rows} 条记录`,
          actual: r === undefined ? "（无）" : `${r.content?.records ?? r.rows} 条记录`,
        });
      continue;
    }
    if (r.content !== undefined && f.content !== undefined) {
      if (r.content.records !== f.content.records)
        out.push({
          path: `inputs.${kind}.content.records`,
          expected: String(f.content.records),
          actual: String(r.content.records),
        });
      if (r.content.sha256 !== f.content.sha256)
        out.push({
          path: `inputs.${kind}.content.sha256`,
          expected: f.content.sha256,
          actual: r.content.sha256,
        });
    } else if (r.sha256 !== f.sha256) {
      out.push({
        path: `inputs.${kind}.sha256`,
        expected: f.sha256 ?? "（无）",
        actual: r.sha256 ?? "（无）",
      });
    }
  }
  return out;
}

/**
 * Compare a recorded plan with the plan recomputed from the same seed and inputs: the inputs by content
 * ({@link compareInputs}), everything else value by value — except `taskFile` and `task.inputs` (where the
 * task file and the records were read from) and `issues` (diagnostics of the reading, whose locations depend
 * on the files' format and row order).
 * @returns the first differences (at most `limit`); none when the plan is verified
 */
export function comparePlans(recorded: Plan, fresh: Plan, limit = 10): Difference[] {
  const rest = (p: Plan) => ({
    ...p,
    task: { ...p.task, inputs: undefined },
    taskFile: undefined,
    inputs: undefined,
    issues: undefined,
  });
  return [...compareInputs(recorded, fresh), ...diffJson(rest(fresh), rest(recorded), limit)].slice(0, limit);
}

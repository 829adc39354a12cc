import type { Plan } from "../plan/schema.js";
import { compareUtf8 } from "../random/order.js";
import type { NoticeOptions } from "./names.js";
import { publishedName } from "./names.js";

/** Header of the public list of selected entities (public/selected.csv, the notice, public/selected.xlsx). */
export const PUBLIC_LIST_HEADER = ["序号", "名称", "统一社会信用代码", "抽查事项", "实施机关"] as const;

const cache = new WeakMap<Plan, Map<string, string[][]>>();

/**
 * The public list of selected entities: 序号, 名称 (masked per the options), 统一社会信用代码, 抽查事项,
 * 实施机关 — in the order of the credit codes, so that the list reveals neither stratum nor selection reason.
 * Computed once per plan and options; treat the result as read-only.
 */
export function publicListRows(plan: Plan, opts: NoticeOptions = {}): string[][] {
  const key = JSON.stringify(opts);
  let m = cache.get(plan);
  if (!m) {
    m = new Map();
    cache.set(plan, m);
  }
  const hit = m.get(key);
  if (hit) return hit;
  const name = publishedName(plan, opts);
  const items = plan.items.map((i) => i.name).join("；");
  const depts = [...new Set(plan.items.map((i) => i.department))].join("、");
  const rows = byEntityId(plan.selected).map((s, k) => [String(k + 1), name(s), s.entityId, items, depts]);
  m.set(key, rows);
  return rows;
}

/**
 * The entities in the UTF-8 order of their ids (stable). Positions are sorted over a flat list of the ids: about
 * half the time of comparing the entities themselves; plain `<` where no id holds a surrogate (then UTF-16 order
 * is code point order).
 */
function byEntityId<T extends { entityId: string }>(xs: readonly T[]): T[] {
  const ids = xs.map((x) => x.entityId);
  const at = Array.from(ids, (_, k) => k);
  if (ids.some((id) => SURROGATE.test(id))) at.sort((i, j) => compareUtf8(ids[i]!, ids[j]!) || i - j);
  else at.sort((i, j) => (ids[i]! < ids[j]! ? -1 : ids[i]! > ids[j]! ? 1 : i - j));
  return at.map((k) => xs[k]!);
}

const SURROGATE = /[\ud800-\udfff]/;

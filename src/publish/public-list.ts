import type { Plan } from "../plan/schema.js";
import { compareUtf8 } from "../random/order.js";
import type { NoticeOptions } from "./names.js";
import { publishedName } from "./names.js";
import { planIndex } from "./plan-index.js";

/** Header of the public list of selected entities (public/selected.csv, the notice, public/selected.xlsx). */
export const PUBLIC_LIST_HEADER = ["序号", "名称", "统一社会信用代码", "抽查事项", "实施机关"] as const;

/** The columns of the public list that never wrap when printed (序号, 统一社会信用代码). */
export const PUBLIC_LIST_NOWRAP: readonly number[] = [0, 2];

/** Rows to go through, as many times as wanted, with their number known beforehand. */
export interface RowList extends Iterable<readonly string[]> {
  readonly length: number;
}

const cache = new WeakMap<Plan, Map<string, string[][]>>();
const orderCache = new WeakMap<Plan, Plan["selected"]>();

/**
 * The public list of selected entities: 序号, 名称 (masked per the options), 统一社会信用代码, 抽查事项,
 * 实施机关 — in the order of the credit codes, so that the list reveals neither stratum nor selection reason.
 * Computed once per plan and options; treat the result as read-only. The publication files use
 * {@link publicListRowList} (the same rows, made as they are written).
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
  const rows = [...publicListRowList(plan, opts)] as string[][];
  m.set(key, rows);
  return rows;
}

/**
 * {@link publicListRows} made as they are iterated (each time): only the order of the entities is kept (per
 * plan), never a row per entity — a big plan's list is written into five files.
 */
export function publicListRowList(plan: Plan, opts: NoticeOptions = {}): RowList {
  let order = orderCache.get(plan);
  if (order === undefined) {
    order = byEntityId(plan);
    orderCache.set(plan, order);
  }
  const xs = order;
  const name = publishedName(plan, opts);
  const items = plan.items.map((i) => i.name).join("；");
  const depts = [...new Set(plan.items.map((i) => i.department))].join("、");
  return {
    length: xs.length,
    *[Symbol.iterator]() {
      for (let k = 0; k < xs.length; k++) {
        const s = xs[k]!;
        yield [String(k + 1), name(s), s.entityId, items, depts];
      }
    },
  };
}

/**
 * The selected entities in the UTF-8 order of their ids. The schedule lists the visits in that order (as the
 * planner makes it): when it holds every selected entity once, in strictly increasing order (checked, one pass),
 * its order is taken (the plan index checks it while it joins the visits); else positions are sorted over a flat list of the ids (stable). Measured in a 1M draw:
 * sorting 87k entities with a comparator took seconds there (ids as the file reader made them), the check ~10 ms.
 */
function byEntityId(plan: Plan): Plan["selected"] {
  const xs = plan.selected;
  const ix = planIndex(plan);
  if (ix.visitsInIdOrder) return ix.selectedOfVisit as Plan["selected"];
  const ids = xs.map((x) => x.entityId);
  const at = Array.from(ids, (_, k) => k);
  if (ids.some((id) => SURROGATE.test(id))) at.sort((i, j) => compareUtf8(ids[i]!, ids[j]!) || i - j);
  else at.sort((i, j) => (ids[i]! < ids[j]! ? -1 : ids[i]! > ids[j]! ? 1 : i - j));
  return at.map((k) => xs[k]!);
}

const SURROGATE = /[\ud800-\udfff]/;

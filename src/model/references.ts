import { type Issue, issue } from "../util/issue.js";
import type { Conflict, HistoryRecord, Inspector, Item } from "./types.js";

function at(r: { origin?: { file: string; row: number } }, column: string, received: string) {
  return r.origin ? { file: r.origin.file, row: r.origin.row, column, received } : { column, received };
}

/**
 * Cross-file checks of the small inputs: duplicate ids, task items missing from the item list, conflicts and
 * history naming unknown inspectors or items (dangling references).
 */
export function checkReferences(input: {
  readonly taskItems: readonly string[];
  readonly inspectors: readonly Inspector[];
  readonly items: readonly Item[];
  readonly conflicts: readonly Conflict[];
  readonly history: readonly HistoryRecord[];
}): Issue[] {
  const issues: Issue[] = [];
  const insIds = new Set<string>();
  for (const i of input.inspectors) {
    if (insIds.has(i.id)) issues.push(issue("duplicate-id", `人员编号重复：${i.id}`, at(i, "id", i.id)));
    insIds.add(i.id);
  }
  const certs = new Map<string, string>();
  for (const i of input.inspectors) {
    if (i.role !== "inspector" || i.certificateNo === undefined) continue;
    const other = certs.get(i.certificateNo);
    if (other !== undefined) {
      issues.push(
        issue(
          "duplicate-certificate",
          `执法证号 ${i.certificateNo} 同时属于 ${other} 和 ${i.id}`,
          at(i, "certificateNo", i.certificateNo),
        ),
      );
    }
    certs.set(i.certificateNo, i.id);
  }
  const itemIds = new Set<string>();
  for (const it of input.items) {
    if (itemIds.has(it.id)) issues.push(issue("duplicate-id", `事项编号重复：${it.id}`, at(it, "id", it.id)));
    itemIds.add(it.id);
  }
  input.taskItems.forEach((id, k) => {
    if (!itemIds.has(id)) {
      issues.push(
        issue("unknown-item", `任务的抽查事项 ${id} 不在事项清单中`, { key: `items[${k}]`, received: id }),
      );
    }
  });
  for (const c of input.conflicts) {
    if (!insIds.has(c.inspectorId)) {
      issues.push(
        issue(
          "unknown-inspector",
          `回避记录中的人员编号 ${c.inspectorId} 不在执法检查人员名录库中`,
          at(c, "inspectorId", c.inspectorId),
        ),
      );
    }
  }
  for (const h of input.history) {
    if (!itemIds.has(h.itemId)) {
      issues.push(
        issue(
          "unknown-item",
          `检查记录中的事项 ${h.itemId} 不在事项清单中`,
          at(h, "itemId", h.itemId),
          "warning",
        ),
      );
    }
    for (const i of h.inspectorIds) {
      if (!insIds.has(i)) {
        issues.push(
          issue(
            "unknown-inspector",
            `检查记录中的人员编号 ${i} 不在执法检查人员名录库中`,
            at(h, "inspectorIds", i),
            "warning",
          ),
        );
      }
    }
  }
  return issues;
}

import { type Issue, issue } from "../util/issue.js";
import { type ConflictInput, ConflictTable, type HistoryInput, HistoryTable } from "./tables.js";
import type { Inspector, Item, Origin } from "./types.js";

function at(r: { origin?: Origin | undefined }, column: string, received: string) {
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
  readonly conflicts: ConflictInput;
  readonly history: HistoryInput;
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
  // on the tables' columns: each distinct id is looked up once, a record is located only when it has a problem
  const conflicts = ConflictTable.of(input.conflicts);
  const unknownIns = conflicts.inspectorIds.values.map((id) => !insIds.has(id));
  for (let k = 0; k < conflicts.length; k++) {
    if (!unknownIns[conflicts.inspector[k]!]) continue;
    const id = conflicts.inspectorIds.values[conflicts.inspector[k]!]!;
    issues.push(
      issue(
        "unknown-inspector",
        `回避记录中的人员编号 ${id} 不在执法检查人员名录库中`,
        at({ origin: conflicts.origin(k) }, "inspectorId", id),
      ),
    );
  }
  const history = HistoryTable.of(input.history);
  const unknownItem = history.itemIds.values.map((id) => !itemIds.has(id));
  const unknownVisitor = history.inspectorIds.values.map((id) => !insIds.has(id));
  for (let k = 0; k < history.length; k++) {
    const item = history.item[k]!;
    if (unknownItem[item]) {
      const id = history.itemIds.values[item]!;
      issues.push(
        issue(
          "unknown-item",
          `检查记录中的事项 ${id} 不在事项清单中`,
          at({ origin: history.origin(k) }, "itemId", id),
          "warning",
        ),
      );
    }
    for (let j = history.inspectorStart(k); j < history.inspectorEnd(k); j++) {
      if (!unknownVisitor[history.inspectors[j]!]) continue;
      const i = history.inspectorIds.values[history.inspectors[j]!]!;
      issues.push(
        issue(
          "unknown-inspector",
          `检查记录中的人员编号 ${i} 不在执法检查人员名录库中`,
          at({ origin: history.origin(k) }, "inspectorIds", i),
          "warning",
        ),
      );
    }
  }
  return issues;
}

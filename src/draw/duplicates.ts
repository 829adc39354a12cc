// Duplicate ids of the directory, found from the ticket values of all rows.
import type { Entity } from "../model/types.js";
import { compareUtf8, sortTickets } from "../random/order.js";
import type { TicketMachine } from "../random/ticket.js";
import { type Issue, issue } from "../util/issue.js";
import { type EntitySource, entityBatches } from "./source.js";

/**
 * Duplicate ids, found from the ticket values of all entities: equal ids have equal tickets, so only when
 * two tickets are equal (a duplicate, or a 52-bit collision of different ids, about once in 10⁴ draws of a
 * million) is the source read again to name the ids and all their rows.
 * @returns the issues, and how many rows were repeats (to correct the input count)
 */
export async function findDuplicates(
  source: EntitySource,
  machine: TicketMachine,
  tickets: Float64Array,
): Promise<{ issues: Issue[]; extra: number }> {
  const sorted = sortTickets(tickets);
  const equal = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) equal.add(sorted[i]!);
  if (equal.size === 0) return { issues: [], extra: 0 };
  const rows = new Map<string, Entity[]>();
  for await (const batch of entityBatches(source))
    for (const e of batch) {
      if (!equal.has(machine.value(e.id))) continue;
      const l = rows.get(e.id);
      if (l) l.push(e);
      else rows.set(e.id, [e]);
    }
  const issues: Issue[] = [];
  let extra = 0;
  for (const [id, es] of [...rows].sort((a, b) => compareUtf8(a[0], b[0]))) {
    if (es.length < 2) continue;
    extra += es.length - 1;
    const where = es.map((e) => e.origin?.row).filter((r) => r !== undefined);
    for (const e of es.slice(1)) {
      issues.push(
        issue(
          "duplicate-id",
          where.length === es.length
            ? `统一社会信用代码重复：${id}（第 ${where.join("、")} 行）`
            : `统一社会信用代码重复：${id}`,
          locate(e, "id"),
        ),
      );
    }
  }
  return { issues, extra };
}

/** Where an entity's value is: file, row and column when it came from a file, else only the column. */
export function locate(
  e: Entity,
  column: string,
): { file?: string; row?: number; column: string; received: string } {
  return e.origin
    ? { file: e.origin.file, row: e.origin.row, column, received: e.id }
    : { column, received: e.id };
}

// Duplicate ids of the directory, found from the ticket values of all rows.
import type { Entity } from "../model/types.js";
import { compareUtf8 } from "../random/order.js";
import type { TicketMachine } from "../random/ticket.js";
import { type Issue, issue } from "../util/issue.js";
import { type EntitySource, entityBatches } from "./source.js";

/**
 * Duplicate ids, found from the ticket values of all entities: equal ids have equal tickets, so only when
 * two tickets are equal (a duplicate, or a 52-bit collision of different ids, about once in 10⁴ draws of a
 * million) is the source read again to name the ids and all their rows.
 * @param tickets the ticket values, as one array or several runs (each is sorted in place when it is not in
 * ascending order already: the caller must be done with their order)
 * @returns the issues, and how many rows were repeats (to correct the input count)
 */
export async function findDuplicates(
  source: EntitySource,
  machine: TicketMachine,
  tickets: Float64Array | readonly Float64Array[],
): Promise<{ issues: Issue[]; extra: number }> {
  const equal = equalTickets(tickets instanceof Float64Array ? [tickets] : tickets);
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

/**
 * The ticket values that occur more than once in the runs: each run sorted (in place, when not already), then
 * the runs walked together in ascending order (no merged copy of them all: 80 MB at 10M rows).
 */
export function equalTickets(runs: readonly Float64Array[]): Set<number> {
  const live: Float64Array[] = [];
  for (const r of runs) {
    if (r.length === 0) continue;
    for (let i = 1; i < r.length; i++)
      if (r[i]! < r[i - 1]!) {
        r.sort();
        break;
      }
    live.push(r);
  }
  const equal = new Set<number>();
  const at = new Array<number>(live.length).fill(0);
  let last = Number.NaN;
  for (;;) {
    // the run with the smallest next value, and the smallest next value of the others
    let k = -1;
    let v = Number.POSITIVE_INFINITY;
    let w = Number.POSITIVE_INFINITY;
    for (let j = 0; j < live.length; j++) {
      const x = live[j]![at[j]!];
      if (x === undefined) continue;
      if (x < v) {
        w = v;
        v = x;
        k = j;
      } else if (x < w) w = x;
    }
    if (k < 0) return equal;
    // that run's values up to the others' next one, taken in one go
    const r = live[k]!;
    let i = at[k]!;
    if (r[i] === last) equal.add(last);
    i++;
    while (i < r.length && r[i]! <= w) {
      if (r[i] === r[i - 1]) equal.add(r[i]!);
      i++;
    }
    at[k] = i;
    last = r[i - 1]!;
  }
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

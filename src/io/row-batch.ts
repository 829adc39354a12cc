// Rows of text cells sent to another thread as one string and the cells' lengths: no escaping, no JSON to write
// or parse (measured: making and reading JSON batches as UTF-8 took ~0.4 s of the 1M draw's files step).
import type { TextRow } from "../publish/xlsx.js";

/** A batch of rows as sent: every cell's text one after the other, and per row its cell count then cell lengths. */
export interface RowBatch {
  readonly text: string;
  readonly shape: Uint32Array;
}

/**
 * Rows into a {@link RowBatch}.
 * @throws {TypeError} on a cell that is not a string (as a workbook writer would)
 */
export function packRows(rows: readonly TextRow[]): RowBatch {
  let cells = 0;
  for (const r of rows) cells += r.length;
  const shape = new Uint32Array(rows.length + cells);
  const parts: string[] = new Array(cells);
  let at = 0;
  let p = 0;
  for (const r of rows) {
    shape[at++] = r.length;
    for (let i = 0; i < r.length; i++) {
      const v = r[i];
      if (typeof v !== "string") throw new TypeError(`a workbook cell that is not text: ${String(v)}`);
      parts[p++] = v;
      shape[at++] = v.length;
    }
  }
  return { text: parts.join(""), shape };
}

/** The rows of a {@link RowBatch}. */
export function unpackRows(batch: RowBatch): string[][] {
  const { text, shape } = batch;
  const rows: string[][] = [];
  let from = 0;
  for (let at = 0; at < shape.length; ) {
    const n = shape[at++] as number;
    const row: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const to = from + (shape[at++] as number);
      row[i] = text.slice(from, to);
      from = to;
    }
    rows.push(row);
  }
  return rows;
}

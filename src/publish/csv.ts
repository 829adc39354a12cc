import { joinPieces } from "./text.js";

/** UTF-8 byte order mark: lets Excel open a UTF-8 CSV with Chinese text correctly. */
export const BOM = "\uFEFF";

/**
 * Neutralise a cell against formula injection: a value starting with `=`, `+`, `-`, `@`, tab or CR is
 * prefixed with a single quote, so spreadsheet software shows it as text.
 * @example neutraliseCell("=HYPERLINK(\"http://x\")") // "'=HYPERLINK(\"http://x\")"
 */
export function neutraliseCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** A cell as written: neutralised ({@link neutraliseCell}), then quoted per RFC 4180 when it holds a comma,
 * quote or line break. One scan of the characters, no regular expressions (publication files have millions of
 * cells). */
function csvCell(v: string): string {
  const n = v.length;
  if (n === 0) return v;
  const c0 = v.charCodeAt(0);
  // = + - @ TAB CR
  const s = c0 === 61 || c0 === 43 || c0 === 45 || c0 === 64 || c0 === 9 || c0 === 13 ? `'${v}` : v;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${s.replaceAll('"', '""')}"`;
  }
  return s;
}

/** One CSV line (no line end). */
function csvLine(cells: readonly (string | number)[], reused: string[]): string {
  // cells into one reused array joined once: measured faster than concatenating a line cell by cell
  reused.length = cells.length;
  for (let i = 0; i < cells.length; i++) reused[i] = csvCell(String(cells[i]!));
  return reused.join(",");
}

/**
 * {@link toCsv}'s text in pieces (BOM and header line, then a line per row, each with its CRLF), for
 * writing a large file without holding it.
 */
export function* csvPieces(
  header: readonly string[],
  rows: Iterable<readonly (string | number)[]>,
): Generator<string> {
  const reused: string[] = [];
  yield csvHead(header);
  for (const r of rows) yield `${csvLine(r, reused)}\r\n`;
}

/** The start of a CSV file as {@link csvPieces} writes it: BOM and header line with its CRLF. */
export function csvHead(header: readonly string[]): string {
  return `${BOM}${csvLine(header, [])}\r\n`;
}

/** Rows as the lines {@link csvPieces} writes for them (each with its CRLF), as one text. */
export function csvLines(rows: readonly (readonly (string | number)[])[]): string {
  const reused: string[] = [];
  const lines: string[] = new Array(rows.length + 1);
  for (let k = 0; k < rows.length; k++) lines[k] = csvLine(rows[k]!, reused);
  lines[rows.length] = "";
  return lines.join("\r\n");
}

/**
 * Render rows as CSV for publication: UTF-8 with BOM, CRLF line ends, every cell neutralised and quoted.
 * @param header the header row (Chinese column names)
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly (string | number)[]>): string {
  return joinPieces(csvPieces(header, rows));
}

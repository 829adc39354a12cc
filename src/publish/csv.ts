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

/** Characters that make a cell quoted. */
const QUOTED = /[,"\n\r]/;

/** A cell as written: neutralised ({@link neutraliseCell}), then quoted per RFC 4180 when it holds a comma,
 * quote or line break (publication files have millions of cells: one character compared for the one, one
 * regular expression test for the other, measured faster than a loop over the characters). */
function csvCell(v: string): string {
  if (v === "") return v;
  const c0 = v.charCodeAt(0);
  // = + - @ TAB CR
  const s = c0 === 61 || c0 === 43 || c0 === 45 || c0 === 64 || c0 === 9 || c0 === 13 ? `'${v}` : v;
  return QUOTED.test(v) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV line (no line end): the cells concatenated (measured faster than joining an array per line). */
function csvLine(cells: readonly (string | number)[]): string {
  if (cells.length === 0) return "";
  let line = csvCell(String(cells[0]));
  for (let i = 1; i < cells.length; i++) line += `,${csvCell(String(cells[i]))}`;
  return line;
}

/**
 * {@link toCsv}'s text in pieces (BOM and header line, then a line per row, each with its CRLF), for
 * writing a large file without holding it.
 */
export function* csvPieces(
  header: readonly string[],
  rows: Iterable<readonly (string | number)[]>,
): Generator<string> {
  yield csvHead(header);
  for (const r of rows) yield csvRow(r);
}

/** The start of a CSV file as {@link csvPieces} writes it: BOM and header line with its CRLF. */
export function csvHead(header: readonly string[]): string {
  return `${BOM}${csvLine(header)}\r\n`;
}

/** A row as the line {@link csvPieces} writes for it (with its CRLF). */
export function csvRow(cells: readonly (string | number)[]): string {
  return `${csvLine(cells)}\r\n`;
}

/**
 * Render rows as CSV for publication: UTF-8 with BOM, CRLF line ends, every cell neutralised and quoted.
 * @param header the header row (Chinese column names)
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly (string | number)[]>): string {
  return joinPieces(csvPieces(header, rows));
}

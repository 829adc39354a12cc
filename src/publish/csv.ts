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

/** Quote a cell per RFC 4180 when it holds a comma, quote or line break. */
function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * Render rows as CSV for publication: UTF-8 with BOM, CRLF line ends, every cell neutralised and quoted.
 * @param header the header row (Chinese column names)
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) =>
    cells.map((c) => quote(neutraliseCell(String(c)))).join(",");
  return `${BOM}${[line(header), ...rows.map(line)].join("\r\n")}\r\n`;
}

// The rows of the notice's list of selected entities as text, in Markdown or HTML: a module of its own, light
// enough for the workbook worker, which writes the notice's list from the rows it gets for public/selected.xlsx.
import { escapeHtml } from "./names.js";

/** The notice formats. */
export type NoticeFormat = "markdown" | "html";

const MD_SPECIAL = /[\\|\n<>*_`[\]]/;
/** A Markdown table cell: the characters Markdown would read escaped, no raw HTML, one line. */
export function mdCell(v: string): string {
  if (!MD_SPECIAL.test(v)) return v;
  return v
    .replaceAll("\\", "\\\\")
    .replaceAll("|", "\\|")
    .replaceAll("\n", " ")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll("*", "\\*")
    .replaceAll("_", "\\_")
    .replaceAll("`", "\\`")
    .replaceAll("[", "\\[")
    .replaceAll("]", "\\]");
}

/** One row of the notice's list as text in a format, line end included (Markdown) — the notice's own bytes. */
export function noticeListRow(format: NoticeFormat, r: readonly string[], nowrap: readonly number[]): string {
  if (format === "markdown") return `| ${r.map(mdCell).join(" | ")} |\n`;
  let row = "<tr>";
  for (let i = 0; i < r.length; i++)
    row += nowrap.includes(i) ? `<td class="nw">${escapeHtml(r[i]!)}</td>` : `<td>${escapeHtml(r[i]!)}</td>`;
  return `${row}</tr>`;
}

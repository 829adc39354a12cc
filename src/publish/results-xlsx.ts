// The results tables as Excel workbooks (exceljs): codes and dates stay text cells, so Excel never turns an
// all-digit 统一社会信用代码 into 9.13501E+17. Same rows as the CSV files (resultsTables).

import {
  departmentFolder,
  RESULTS_DEADLINE_HEADER,
  RESULTS_FOLLOWUP_HEADER,
  RESULTS_PUBLIC_HEADER,
  type ResultsTables,
} from "./results.js";
import { tableXlsxBytes } from "./xlsx.js";

/** Display width of a text: CJK and other wide characters count two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) > 0x2e7f ? 2 : 1;
  return w;
}

/**
 * The results workbooks: per 检查实施机关 `public/results/<department>/results-publication.xlsx` (sheet 抽查结果) and
 * `internal/results.xlsx` (sheets 后续处置 and 期限报告), written by {@link tableXlsxBytes}: every cell a text cell
 * with the text format `@`, Chinese headers in bold, a frozen header row, widths fitted to the content.
 * @param asOf the workbooks' creation date (`YYYY-MM-DD`), so that nothing depends on the clock
 */
export async function resultsWorkbooks(
  tables: ResultsTables,
  asOf: string,
): Promise<Record<string, Uint8Array>> {
  const created = new Date(`${asOf}T00:00:00Z`);
  const book = (sheets: readonly { name: string; header: readonly string[]; rows: readonly string[][] }[]) =>
    tableXlsxBytes(
      sheets.map((s) => ({
        ...s,
        widths: s.header.map((h, j) =>
          Math.min(60, Math.max(width(h), ...s.rows.map((r) => width(r[j] ?? ""))) + 2),
        ),
      })),
      created,
    );
  const out: Record<string, Uint8Array> = {};
  for (const [dept, rows] of tables.public)
    out[`public/results/${departmentFolder(dept)}/results-publication.xlsx`] = await book([
      { name: "抽查结果", header: RESULTS_PUBLIC_HEADER, rows },
    ]);
  out["internal/results.xlsx"] = await book([
    { name: "后续处置", header: RESULTS_FOLLOWUP_HEADER, rows: tables.followUps },
    { name: "期限报告", header: RESULTS_DEADLINE_HEADER, rows: tables.deadlines },
  ]);
  return out;
}

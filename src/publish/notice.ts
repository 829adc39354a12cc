import type { Plan } from "../plan/schema.js";
import { escapeHtml, type NoticeOptions, noticeTitle } from "./names.js";
import { mdCell, type NoticeFormat, noticeListRow } from "./notice-rows.js";
import { noticeSections, type Section, signatureLines } from "./notice-sections.js";
import type { RowList } from "./public-list.js";
import { joinPieces } from "./text.js";

export {
  escapeHtml,
  formatProbability,
  type NoticeOptions,
  noticeTitle,
  publishedName,
  reasonLabel,
  verifyCommand,
} from "./names.js";
export { type NoticeFormat, noticeListRow } from "./notice-rows.js";

const sectionCache = new WeakMap<Plan, Map<string, Section[]>>();

/** The notice's sections, computed once per plan and options (Markdown and HTML share them). */
function sections(plan: Plan, opts: NoticeOptions): Section[] {
  const key = JSON.stringify(opts);
  let m = sectionCache.get(plan);
  if (!m) {
    m = new Map();
    sectionCache.set(plan, m);
  }
  let v = m.get(key);
  if (v === undefined) {
    v = noticeSections(plan, opts);
    m.set(key, v);
  }
  return v;
}

/** The public 公示 notice as Markdown (values escaped; no raw HTML passes through). */
export function noticeMarkdown(plan: Plan, opts: NoticeOptions = {}): string {
  return joinPieces(noticeMarkdownPieces(plan, opts));
}

/** {@link noticeMarkdown}'s text in pieces (about a line each), for writing a large notice without holding it. */
export function* noticeMarkdownPieces(plan: Plan, opts: NoticeOptions = {}): Generator<string> {
  yield* expanded(markdownParts(plan, opts), "markdown");
}

/**
 * The rows of the notice's list of selected entities (五、抽查对象名单), in place of their text: the one table
 * of a notice that grows with the plan. A writer may render them elsewhere (the CLI's workbook worker, which
 * gets the same rows for public/selected.xlsx) with {@link noticeListRow}; the bytes are the same.
 */
export interface ListRows {
  readonly rows: RowList;
  /** Columns whose cells never wrap (HTML). */
  readonly nowrap: readonly number[];
}

/**
 * The notice in a format, split at the rows of its list of selected entities: the text before them, the rows
 * and the text after — before + each row by {@link noticeListRow} + after is the notice, byte for byte.
 * Undefined when the notice has no such rows (nothing selected).
 */
export function noticeAroundList(
  plan: Plan,
  opts: NoticeOptions,
  format: NoticeFormat,
): { readonly before: string; readonly list: ListRows; readonly after: string } | undefined {
  const before: string[] = [];
  const after: string[] = [];
  let list: ListRows | undefined;
  const parts = format === "markdown" ? markdownParts(plan, opts) : htmlParts(plan, opts);
  for (const p of parts) {
    if (typeof p !== "string") list = p;
    else (list === undefined ? before : after).push(format === "markdown" ? `${p}\n` : p);
  }
  return list === undefined ? undefined : { before: before.join(""), list, after: after.join("") };
}

/** The pieces of a notice with the list's rows rendered in place. */
function* expanded(parts: Iterable<string | ListRows>, format: NoticeFormat): Generator<string> {
  for (const p of parts) {
    if (typeof p === "string") yield format === "markdown" ? `${p}\n` : p;
    else for (const r of p.rows) yield noticeListRow(format, r, p.nowrap);
  }
}

/** The Markdown notice as lines (without their line ends), the list's rows as one part. */
function* markdownParts(plan: Plan, opts: NoticeOptions): Generator<string | ListRows> {
  yield `# ${mdCell(noticeTitle(plan))}`;
  yield "";
  for (const s of sections(plan, opts)) {
    if (s.annex) continue;
    yield* markdownSection(s);
  }
  for (const l of signatureLines(plan)) yield `${mdCell(l)}  `;
  yield "";
  for (const s of sections(plan, opts)) if (s.annex) yield* markdownSection(s);
}

function* markdownSection(s: Section): Generator<string | ListRows> {
  if (s.title) {
    yield `## ${mdCell(s.title)}`;
    yield "";
  }
  for (const p of s.paragraphs ?? []) {
    if (!s.annex) {
      yield mdCell(p);
      yield "";
    }
  }
  if (s.kv) {
    yield "| 项目 | 内容 |";
    yield "| --- | --- |";
    for (const [k, v] of s.kv) yield `| ${mdCell(k)} | ${mdCell(v)} |`;
    yield "";
  }
  if (s.annex) {
    for (const p of s.paragraphs ?? []) {
      yield mdCell(p);
      yield "";
    }
  }
  if (s.table) {
    if (s.table.rows.length === 0) {
      yield "（无）";
      yield "";
    } else {
      yield `| ${s.table.header.map(mdCell).join(" | ")} |`;
      yield `| ${s.table.header.map(() => "---").join(" | ")} |`;
      if (s.table.list) yield { rows: s.table.rows, nowrap: s.table.nowrap ?? [] };
      else for (const r of s.table.rows) yield `| ${r.map(mdCell).join(" | ")} |`;
      yield "";
    }
  }
}

/** Print and screen style of the notice: A4 with page numbers, repeated table headers, codes kept whole. */
export const NOTICE_CSS = `@page{size:A4;margin:18mm 15mm 20mm 15mm;@bottom-center{content:"第 " counter(page) " 页 共 " counter(pages) " 页";font-size:9pt;color:#333}}
body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC","SimSun","Songti SC","Microsoft YaHei",serif;margin:2em auto;max-width:60em;color:#111;line-height:1.6;padding:0 1em;font-size:11pt}
h1{text-align:center;font-size:18pt;margin:.4em 0 1em}h2{font-size:13pt;margin:1.2em 0 .4em;break-after:avoid}
p{text-indent:2em;margin:.3em 0;text-align:justify}
table{border-collapse:collapse;width:100%;font-size:9.5pt;margin:.4em 0}
th,td{border:1px solid #666;padding:.2em .35em;vertical-align:top;overflow-wrap:break-word}
th{background:#eee;font-weight:bold}thead{display:table-header-group}tr{break-inside:avoid}
table.fixed{table-layout:fixed}table.fixed td{overflow-wrap:anywhere}table.fixed td.nw{overflow-wrap:normal}
.nw{white-space:nowrap}.num{text-align:right;white-space:nowrap}
code,.code{font-family:"Noto Sans Mono CJK SC","DejaVu Sans Mono",monospace;font-size:9pt}
.kv th{width:8em;text-align:left;white-space:nowrap}
.sign{text-align:right;margin-top:2em}.sign p{text-indent:0;text-align:right;margin:.2em 0}
.annex{break-before:page}.annex code{overflow-wrap:break-word}
@media print{body{margin:0;max-width:none;padding:0}}`;

/** The public 公示 notice as one self-contained, print-friendly HTML file (no outside resources; escaped). */
export function noticeHtml(plan: Plan, opts: NoticeOptions = {}): string {
  return joinPieces(noticeHtmlPieces(plan, opts));
}

/** {@link noticeHtml}'s text in pieces (a table row each), for writing a large notice without holding it. */
export function* noticeHtmlPieces(plan: Plan, opts: NoticeOptions = {}): Generator<string> {
  yield* expanded(htmlParts(plan, opts), "html");
}

/** The HTML notice in pieces, the list's rows as one part. */
function* htmlParts(plan: Plan, opts: NoticeOptions): Generator<string | ListRows> {
  const e = escapeHtml;
  yield `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(noticeTitle(plan))}</title><style>${NOTICE_CSS}</style></head>
<body>
<h1>${e(noticeTitle(plan))}</h1>`;
  const all = sections(plan, opts);
  for (const s of all) if (!s.annex) yield* htmlSection(s);
  yield `\n<div class="sign">${signatureLines(plan)
    .map((l) => `<p>${e(l)}</p>`)
    .join("")}</div>`;
  for (const s of all) if (s.annex) yield* htmlSection(s);
  yield "\n</body></html>\n";
}

function* htmlSection(s: Section): Generator<string | ListRows> {
  const e = escapeHtml;
  yield s.annex ? `\n<section class="annex">` : "\n<section>";
  if (s.title) yield `<h2>${e(s.title)}</h2>`;
  if (!s.annex) for (const p of s.paragraphs ?? []) yield `\n<p>${e(p)}</p>`;
  if (s.kv) {
    yield `\n<table class="kv">${s.kv
      .map(([k, v]) => `<tr><th>${e(k)}</th><td>${s.annex ? `<code>${e(v)}</code>` : e(v)}</td></tr>`)
      .join("")}</table>`;
  }
  if (s.annex) for (const p of s.paragraphs ?? []) yield `\n<p>${e(p)}</p>`;
  if (s.table) {
    if (s.table.rows.length === 0) yield "\n<p>（无）</p>";
    else {
      const nw = new Set(s.table.nowrap ?? []);
      const w = s.table.widths;
      yield w
        ? `\n<table class="fixed"><colgroup>${w.map((x) => `<col style="width:${e(x)}">`).join("")}</colgroup>`
        : "\n<table>";
      yield `<thead><tr>${s.table.header.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead><tbody>`;
      if (s.table.list) yield { rows: s.table.rows, nowrap: s.table.nowrap ?? [] };
      else
        for (const r of s.table.rows) {
          let row = "<tr>";
          for (let i = 0; i < r.length; i++)
            row += nw.has(i) ? `<td class="nw">${e(r[i]!)}</td>` : `<td>${e(r[i]!)}</td>`;
          yield `${row}</tr>`;
        }
      yield "</tbody></table>";
    }
  }
  yield "\n</section>";
}

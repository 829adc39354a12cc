import type { Plan } from "../plan/schema.js";
import { planWarningsText } from "../plan/warnings.js";
import { csvPieces } from "./csv.js";
import {
  internalSelectedHeader,
  internalSelectedRows,
  REPLACEMENT_HEADER,
  recordSheetPieces,
  replacementRows,
  reserveHeader,
  reserveRows,
  SCHEDULE_HEADER,
  scheduleRows,
  TEAM_HEADER,
  teamRows,
} from "./internal.js";
import type { NoticeOptions } from "./names.js";
import { type NoticeFormat, noticeAroundList, noticeHtmlPieces, noticeMarkdownPieces } from "./notice.js";
import { PUBLIC_LIST_HEADER, publicListRowList } from "./public-list.js";
import { joinPieces } from "./text.js";
import { verifyHtmlPieces } from "./verify-page.js";
import { type SheetSpec, type SheetText, xlsxBytes } from "./xlsx.js";

/** A file's content as made: text pieces (written as UTF-8) or, for workbooks, a stream of bytes. */
export type FileContent = Iterable<string> | AsyncIterable<Uint8Array>;

/** The date every workbook timestamp is set to: the first day of the inspection window (from the plan). */
export function workbookDate(plan: Plan): Date {
  return new Date(`${plan.task.schedule.start}T00:00:00Z`);
}

/**
 * The publication files of a plan as relative path → function giving the content, made only when called (one
 * file at a time, never all held at once). `public/…` is meant for the website (no visit dates, teams, deadlines,
 * risk classes, strata, probabilities, recusal reasons or unmasked natural-person names); `internal/…` is the
 * bureau's working pack. The content is a function of the plan and options alone: `publish` re-renders the same
 * bytes. plan.json, its schema, the draw log and any manifest are the CLI's.
 */
export function publicationFilePieces(
  plan: Plan,
  opts: NoticeOptions = {},
): Record<string, () => FileContent> {
  return {
    "public/notice.html": () => noticeHtmlPieces(plan, opts),
    "public/notice.md": () => noticeMarkdownPieces(plan, opts),
    "public/verify.html": () => verifyHtmlPieces(plan),
    "public/selected.csv": () => csvPieces(PUBLIC_LIST_HEADER, publicListRowList(plan, opts)),
    "internal/selected.csv": () => csvPieces(internalSelectedHeader(plan), internalSelectedRows(plan)),
    "internal/teams.csv": () => csvPieces(TEAM_HEADER, teamRows(plan)),
    "internal/schedule.csv": () => csvPieces(SCHEDULE_HEADER, scheduleRows(plan)),
    "internal/reserve.csv": () => csvPieces(reserveHeader(plan), reserveRows(plan)),
    "internal/replacements.csv": () => csvPieces(REPLACEMENT_HEADER, replacementRows(plan)),
    "internal/record-sheets.html": () => recordSheetPieces(plan),
    "internal/warnings.txt": () => planWarningsText(plan),
    ...Object.fromEntries(
      Object.entries(publicationWorkbooks(plan, opts)).map(([name, w]) => [
        name,
        () => xlsxBytes(w.sheets, w.date),
      ]),
    ),
  };
}

/** A workbook to write: its sheets and the date of every timestamp inside it. */
export interface WorkbookSpec {
  readonly sheets: readonly SheetSpec[];
  readonly date: Date;
}

/**
 * The workbooks among the publication files (path → sheets), for a writer that renders them elsewhere (the CLI
 * uses a worker thread); {@link publicationFilePieces} renders the same specs, to the same bytes. A sheet whose
 * rows are also a CSV file names it (`csv`): the same header and rows, so both can be written from rows made once.
 */
export function publicationWorkbooks(plan: Plan, opts: NoticeOptions = {}): Record<string, WorkbookSpec> {
  const date = workbookDate(plan);
  return {
    "public/selected.xlsx": {
      sheets: [
        {
          name: "抽查对象名单",
          header: PUBLIC_LIST_HEADER,
          rows: () => publicListRowList(plan, opts),
          widths: [6, 36, 22, 40, 30],
          csv: "public/selected.csv",
          // the notice lists the same rows: a writer that makes them once (the CLI's worker) writes both
          texts: noticeTexts(plan, opts),
        },
      ],
      date,
    },
    // the team members are in the first sheet's 检查人员 column; one row per member stays in teams.csv (a second
    // sheet of 2 rows per visit doubled the workbook's time)
    "internal/plan.xlsx": {
      sheets: [
        {
          name: "抽查对象及检查安排",
          header: internalSelectedHeader(plan),
          rows: () => internalSelectedRows(plan),
          csv: "internal/selected.csv",
        },
        {
          name: "递补名单",
          header: reserveHeader(plan),
          rows: () => reserveRows(plan),
          csv: "internal/reserve.csv",
        },
        {
          name: "递补与回避记录",
          header: REPLACEMENT_HEADER,
          rows: () => replacementRows(plan),
          csv: "internal/replacements.csv",
        },
      ].map((s) => ({ ...s, widths: s.header.map((h) => widthOf(h)) })),
      date,
    },
  };
}

/** The notice files as text around the public list's rows (none when nothing is selected: no list then). */
function noticeTexts(plan: Plan, opts: NoticeOptions): SheetText[] {
  if (plan.selected.length === 0) return [];
  const text = (file: string, format: NoticeFormat): SheetText => {
    let around: ReturnType<typeof noticeAroundList>;
    const made = () => {
      around ??= noticeAroundList(plan, opts, format);
      if (around === undefined) throw new Error(`${file}: the notice has no list of selected entities`);
      return around;
    };
    return {
      file,
      format,
      around: () => {
        const a = made();
        return { before: a.before, after: a.after, nowrap: a.list.nowrap };
      },
    };
  };
  return [text("public/notice.md", "markdown"), text("public/notice.html", "html")];
}

function widthOf(header: string): number {
  if (header.includes("统一社会信用代码")) return 22;
  if (header === "名称") return 36;
  if (header.startsWith("检查人员")) return 40;
  if (header.includes("日") || header.includes("抽取号")) return 14;
  return Math.max(8, [...header].length * 2 + 2);
}

/** True for the files given as bytes (workbooks). */
export function isBinaryFile(name: string): boolean {
  return name.endsWith(".xlsx");
}

/** The text publication files of a plan: path → content (workbooks left out; see {@link publicationFilePieces}). */
export function publicationFiles(plan: Plan, opts: NoticeOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, make] of Object.entries(publicationFilePieces(plan, opts)))
    if (!isBinaryFile(name)) out[name] = joinPieces(make() as Iterable<string>);
  return out;
}

/** The text publication files as path → function making the content (workbooks left out). */
export function publicationFileMakers(plan: Plan, opts: NoticeOptions = {}): Record<string, () => string> {
  const out: Record<string, () => string> = {};
  for (const [name, make] of Object.entries(publicationFilePieces(plan, opts)))
    if (!isBinaryFile(name)) out[name] = () => joinPieces(make() as Iterable<string>);
  return out;
}

/** Every publication file's bytes, workbooks included (for tests and callers that want them in memory). */
export async function publicationFileBytes(
  plan: Plan,
  opts: NoticeOptions = {},
): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const [name, make] of Object.entries(publicationFilePieces(plan, opts))) {
    const c = make();
    if (Symbol.asyncIterator in c) {
      const parts: Uint8Array[] = [];
      for await (const b of c) parts.push(b);
      out[name] = Buffer.concat(parts);
    } else out[name] = Buffer.from(joinPieces(c), "utf8");
  }
  return out;
}

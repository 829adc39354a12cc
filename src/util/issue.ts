/**
 * One expected problem, reported as data: a code literal, a location and a message in Chinese
 * (with the English code beside it). Functions of this library return lists of these instead of throwing.
 */
export interface Issue {
  /** Stable machine-readable code, e.g. `invalid-uscc`, `duplicate-id`, `stratum-without-rate`. */
  readonly code: string;
  /** `error` stops the plan from being written; `warning` is reported and the plan still comes out. */
  readonly severity: "error" | "warning";
  /** Message in Chinese, for the official reading it. */
  readonly message: string;
  /** File the problem was found in, when it came from a file. */
  readonly file?: string;
  /** 1-based row; the header row is row 1. */
  readonly row?: number;
  /** Column (canonical key) or JSON path of the value. */
  readonly column?: string;
  /** The offending value, as read. */
  readonly received?: string;
}

/** The result of an operation that can fail in expected ways. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Build an error issue without undefined-valued optional keys. */
export function issue(
  code: string,
  message: string,
  at: {
    file?: string | undefined;
    row?: number | undefined;
    column?: string | undefined;
    received?: string | undefined;
  } = {},
  severity: "error" | "warning" = "error",
): Issue {
  const out: { -readonly [K in keyof Issue]: Issue[K] } = { code, severity, message };
  if (at.file !== undefined) out.file = at.file;
  if (at.row !== undefined) out.row = at.row;
  if (at.column !== undefined) out.column = at.column;
  if (at.received !== undefined) out.received = at.received;
  return out;
}

/** True when any issue of the list is an error. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

/** Render one issue as a single line: `file:row [column] code: message`. */
export function formatIssue(i: Issue): string {
  const where = [
    i.file,
    i.row !== undefined ? `第${i.row}行` : undefined,
    i.column ? `列 ${i.column}` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(" ");
  const sev = i.severity === "error" ? "错误" : "警告";
  return `${where ? `${where}: ` : ""}${sev} [${i.code}] ${i.message}`;
}

/** Error thrown only by the throwing convenience wrappers, carrying the issues. */
export class DoubleRandomError extends Error {
  /** The issues that made the operation fail. */
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "DoubleRandomError";
    this.issues = issues;
  }
}

import { type Issue, issue } from "../util/issue.js";

/**
 * Collects issues, keeping at most `limit` per file and code so that a million bad rows do not fill memory;
 * what was left out is counted and reported by {@link IssueCollector.list} as one summary issue per file.
 */
export class IssueCollector {
  private readonly kept: Issue[] = [];
  private readonly perKey = new Map<string, number>();
  private readonly dropped = new Map<string, { errors: number; warnings: number }>();
  errorCount = 0;

  constructor(private readonly limit = 100) {}

  /** Add issues. */
  add(...issues: readonly Issue[]): void {
    for (const i of issues) {
      if (i.severity === "error") this.errorCount++;
      const key = `${i.file ?? ""}\u0000${i.code}`;
      const n = this.perKey.get(key) ?? 0;
      this.perKey.set(key, n + 1);
      if (n < this.limit) this.kept.push(i);
      else {
        const d = this.dropped.get(i.file ?? "") ?? { errors: 0, warnings: 0 };
        if (i.severity === "error") d.errors++;
        else d.warnings++;
        this.dropped.set(i.file ?? "", d);
      }
    }
  }

  /** The collected issues as plain data (e.g. to send from a worker thread): see {@link IssueCollector.absorb}. */
  toData(): CollectedIssues {
    return { kept: [...this.kept], dropped: [...this.dropped], limit: this.limit };
  }

  /**
   * Add what another collector collected (its kept issues, under this collector's limits, and the counts it did
   * not list), e.g. the issues of a part of a file read elsewhere.
   * @param shiftRow added to the row of every issue that has one (a part's rows counted from its own start)
   */
  absorb(data: CollectedIssues, shiftRow = 0): void {
    for (const i of data.kept)
      this.add(shiftRow !== 0 && i.row !== undefined ? { ...i, row: i.row + shiftRow } : i);
    for (const [file, d] of data.dropped) {
      const mine = this.dropped.get(file) ?? { errors: 0, warnings: 0 };
      mine.errors += d.errors;
      mine.warnings += d.warnings;
      this.dropped.set(file, mine);
      this.errorCount += d.errors;
    }
  }

  /** All kept issues, followed by one summary per file of what was not listed. */
  list(): Issue[] {
    const out = [...this.kept];
    for (const [file, d] of this.dropped) {
      out.push(
        issue(
          "more-issues",
          `另有 ${d.errors} 个错误、${d.warnings} 个警告未逐条列出（同类问题每类最多列出 ${this.limit} 条）`,
          file ? { file } : {},
          d.errors > 0 ? "error" : "warning",
        ),
      );
    }
    return out;
  }
}

/** What an {@link IssueCollector} collected, as plain data. */
export interface CollectedIssues {
  readonly kept: readonly Issue[];
  /** Per file, the errors and warnings not listed. */
  readonly dropped: readonly (readonly [string, { readonly errors: number; readonly warnings: number }])[];
  readonly limit: number;
}

import type { IssueCode } from "../util/issue.js";

/** A whole-file problem (unreadable, undecodable, malformed CSV): reported as an issue by the loaders. */
export class InputFileError extends Error {
  constructor(
    readonly code: IssueCode,
    message: string,
    readonly row?: number,
  ) {
    super(message);
  }
}

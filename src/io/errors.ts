/** A whole-file problem (unreadable, undecodable, malformed CSV): reported as an issue by the loaders. */
export class InputFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly row?: number,
  ) {
    super(message);
  }
}

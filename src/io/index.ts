// The edge of the library: file readers and writers. The core (`double-random`) never imports this module.
export { IssueCollector } from "./issues.js";
export { firstPassInParts, PART_MIN_BYTES, type PartsFacts, type PartsJob } from "./parts.js";
export {
  type FilePlanOptions,
  type FilePlanOutcome,
  loadTaskAndInputs,
  planFromFiles,
  withFileFacts,
} from "./plan-files.js";
export {
  detectEncoding,
  type InputEncoding,
  loadRecords,
  type ReadOptions,
  readCsvRows,
  readRawRows,
  readRecords,
} from "./read.js";
export { fileDigest, type LoadedInputs, type LoadedTask, loadInputs, readTask } from "./task.js";
export { firstPassWithRowTickets, RowTickets } from "./tickets.js";
export { appendLog, StagedFiles, writeFilesAtomically } from "./write.js";

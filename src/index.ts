// double-random — the front door: what a regulator's backend needs to build, verify, amend and publish a plan.
// Building blocks and performance seams (the draw's first pass, ticket machines, staffing, converters,
// publication in pieces) are in `double-random/advanced`; file reading and writing in `double-random/io`.

export { type ContentDigest, contentDigest } from "./content/digest.js";
// the task and the records
export { type Task, TaskSchema } from "./model/schemas.js";
export type {
  Conflict,
  DateRange,
  Entity,
  EntityKind,
  EntityStatus,
  HistoryRecord,
  Inspector,
  InspectorRole,
  Item,
} from "./model/types.js";
export { isValidUscc } from "./model/uscc.js";
// build and verify
export { buildPlan, type PlanInput } from "./plan/build.js";
export { taskDigest } from "./plan/canonical.js";
export { comparePlans, type Difference } from "./plan/compare.js";
export { planText } from "./plan/json.js";
export type { Records } from "./plan/records.js";
// after the draw: replacements (递补), publication (公示), results
export { type ReplaceContext, type ReplaceOutcome, replaceEntity, replaceInspector } from "./plan/replace.js";
// the plan
export { type Plan, PlanSchema, planJsonSchema } from "./plan/schema.js";
export type { PlanOutcome } from "./plan/sources.js";
export { type VerifyInput, type VerifyOutcome, verifyPlan } from "./plan/verify.js";
export { publicationFilePieces, publicationFiles } from "./publish/files.js";
export { type NoticeOptions, noticeHtml, noticeMarkdown } from "./publish/notice.js";
export { type ResultsFilesOptions, resultsFiles } from "./publish/results.js";
// tickets and versions
export { ALGORITHM_VERSION, ticketOf } from "./random/ticket.js";
export {
  type DeadlineLine,
  deadlineReport,
  type InspectionResult,
  RESULT_COLUMNS,
  validateResults,
} from "./results/intake.js";
// working days and deadlines
export {
  type CalendarFile,
  CalendarFileSchema,
  WorkingCalendar,
} from "./schedule/calendar.js";
export {
  publicationDeadline,
  publishWithinWorkingDays,
} from "./schedule/deadline.js";
// issues
export {
  formatIssue,
  hasErrors,
  ISSUE_CODES,
  type Issue,
  type IssueCode,
  type IssueLanguage,
  type IssueLocation,
  type Result,
} from "./util/issue.js";
export { LIBRARY_VERSION } from "./version.js";

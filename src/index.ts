// double-random — the pure core: draw, teams, schedule, publication. File I/O lives in `double-random/io`.

// draw
export { type DrawConfig, drawConfigFromTask, STRATIFY_FIELDS } from "./draw/config.js";
export {
  type Accounting,
  type DrawCandidate,
  type DrawOptions,
  DrawPass,
  type DrawResult,
  drawEntities,
  type EntitySource,
  type EntitySummary,
  EXCLUSION_LABELS,
  type ExcludedEntity,
  type ExclusionReason,
  entityBatches,
  type FirstPass,
  type FirstPassRunner,
  type FirstPassStratum,
  historyIndex,
  inScope,
  lookupRate,
  mergeFirstPasses,
  paretoKey,
  type ReserveEntity,
  type SelectedEntity,
  type StratumResult,
  stratumKey,
  takeAll,
} from "./draw/draw.js";
export { PrefixedSha256, sha256 } from "./draw/sha256.js";
export {
  ALGORITHM_VERSION,
  compareUtf8,
  sortTickets,
  TICKET_SPACE,
  type Ticket,
  TicketMachine,
  ticketHex,
  ticketOf,
  ticketOrder,
  ticketU,
} from "./draw/ticket.js";
// model
export {
  type ColumnCheckOptions,
  type ColumnDef,
  checkColumns,
  editDistance,
  suggestColumn,
} from "./model/columns.js";
export { addDays, dayOfWeek, isIsoDate } from "./model/dates.js";
export { type ExactRate, parseRate, type Rounding, rateToNumber, sizeFor } from "./model/decimal.js";
export {
  COLUMNS,
  CONVERTERS,
  type Converted,
  canonicalColumn,
  checkHeader,
  type RawRecord,
  type RecordKind,
  toConflict,
  toEntity,
  toHistory,
  toInspector,
  toItem,
} from "./model/records.js";
export { checkReferences } from "./model/references.js";
export {
  ConflictSchema,
  DEFAULT_RESULT_CATEGORIES,
  EntitySchema,
  HistorySchema,
  InspectorSchema,
  ItemSchema,
  inputJsonSchemas,
  type ScopeFilters,
  type Task,
  TaskSchema,
  UsccSchema,
} from "./model/schemas.js";
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
  Origin,
} from "./model/types.js";
export { isValidUscc, USCC_CHARSET, type UsccProblem, usccCheckChar, usccProblem } from "./model/uscc.js";
// plan
export { buildPlan, type PlanInput, type PlanOutcome, seedDigest } from "./plan/build.js";
export { type Difference, diffJson } from "./plan/compare.js";
export { planChunks, planText } from "./plan/json.js";
export { type ReplaceContext, replaceEntity, replaceInspector, replayReplacements } from "./plan/replace.js";
export { type Plan, PlanSchema, planJsonSchema } from "./plan/schema.js";
export {
  PLAN_WARNING_CODES,
  type PlanCheckInput,
  planChecks,
  planWarningLines,
} from "./plan/warnings.js";
// publication and results
export { BOM, csvPieces, neutraliseCell, toCsv } from "./publish/csv.js";
export { publicationFileMakers, publicationFilePieces, publicationFiles } from "./publish/files.js";
export { maskPersonalName } from "./publish/mask.js";
export {
  escapeHtml,
  formatProbability,
  type NoticeOptions,
  noticeHtml,
  noticeHtmlPieces,
  noticeMarkdown,
  noticeMarkdownPieces,
  noticeTitle,
  publishedName,
  reasonLabel,
  SELECTED_HEADER,
  selectedRows,
} from "./publish/notice.js";
export {
  DEADLINE_STATUS_LABELS,
  departmentFolder,
  RESULTS_DEADLINE_HEADER,
  RESULTS_FOLLOWUP_HEADER,
  RESULTS_PUBLIC_HEADER,
  type ResultsFilesOptions,
  type ResultsTables,
  resultsFiles,
  resultsTables,
  resultsTitle,
} from "./publish/results.js";
export { resultsWorkbooks } from "./publish/results-xlsx.js";
export { shanghaiDate } from "./results/asof.js";
export {
  contradiction,
  FOLLOW_UP_RULES,
  type FollowUpRule,
  followUpRule,
  type ItemForResults,
  isPublicInfoCheck,
  itemResultCategories,
  NO_PROBLEM,
  PUBLIC_INFO_CATEGORIES,
  TERMINAL_CATEGORIES,
} from "./results/categories.js";
export {
  type DeadlineLine,
  deadlineReport,
  type FollowUp,
  type InspectionResult,
  RESULT_COLUMNS,
  type ValidateResultsOptions,
  validateResults,
} from "./results/intake.js";
export { provisionalResultDates } from "./results/provisional.js";
// schedule
export {
  BUILT_IN_YEARS,
  type CalendarFile,
  CalendarFileSchema,
  type CalendarYear,
  WorkingCalendar,
} from "./schedule/calendar.js";
export { spreadVisits } from "./schedule/dates.js";
// teams
export {
  Eligibility,
  type EligibilityRules,
  INELIGIBLE_ZH,
  type IneligibleReason,
} from "./teams/eligibility.js";
export {
  fmix32,
  type StaffingInput,
  type StaffingResult,
  type StaffingTask,
  staffTeams,
  type Team,
  type TeamRules,
  type Unstaffed,
} from "./teams/staff.js";
// issues
export { DoubleRandomError, formatIssue, hasErrors, type Issue, issue, type Result } from "./util/issue.js";
export { LIBRARY_VERSION } from "./version.js";

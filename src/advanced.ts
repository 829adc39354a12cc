// double-random/advanced — the building blocks and performance seams under buildPlan: the pipeline from
// validated sources, the entity draw and its first pass (the seam through which it runs on worker threads,
// over shards of a directory or in a database), the randomness, staffing, schedules, record converters and
// publication in pieces. The root entry (`double-random`) is what most backends need.

// content digests
// moved from the root entry: constants and building blocks a backend rarely needs
export {
  CONTENT_COLUMNS,
  CONTENT_FORMAT,
  ContentHasher,
  type ContentKind,
  calendarRecords,
  contentOfDigests,
  type DigestStore,
  recordLine,
} from "./content/digest.js";
// the entity draw (first random)
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
  type FirstPassContent,
  type FirstPassRunner,
  type FirstPassStratum,
  FrameRules,
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
// records: columns, converters, checks, schemas
export {
  type ColumnCheckOptions,
  type ColumnDef,
  checkColumns,
  editDistance,
  recordKeyIssues,
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
  UsccSchema,
} from "./model/schemas.js";
export type { Origin } from "./model/types.js";
export { USCC_CHARSET, type UsccProblem, usccCheckChar, usccProblem } from "./model/uscc.js";
export { parseWith, zodIssues, zodParseParams } from "./model/zod-issues.js";
// the pipeline
export { type PreparedInput, prepareInput } from "./plan/build.js";
export { canonicalJson, hex } from "./plan/canonical.js";
export { compareInputs, diffJson } from "./plan/compare.js";
export { planChunks } from "./plan/json.js";
export { type RecordOfKind, validateRecords } from "./plan/records.js";
export { replayReplacements } from "./plan/replace.js";
export { type PlanOutcome, type PlanSources, planFromSources, seedDigest } from "./plan/sources.js";
export {
  PLAN_WARNING_CODES,
  type PlanCheckInput,
  planChecks,
  planWarningLines,
  planWarningsText,
} from "./plan/warnings.js";
// publication in pieces
export { BOM, csvPieces, neutraliseCell, toCsv } from "./publish/csv.js";
export {
  type FileContent,
  publicationFileBytes,
  publicationFileMakers,
  publicationFilePieces,
} from "./publish/files.js";
export {
  internalSelectedHeader,
  internalSelectedRows,
  recordSheetPieces,
} from "./publish/internal.js";
export { ratePercent, regionName, riskClassLabel, scopeText, stratumLabel } from "./publish/labels.js";
export { maskPersonalName } from "./publish/mask.js";
export {
  escapeHtml,
  formatProbability,
  noticeHtmlPieces,
  noticeMarkdownPieces,
  noticeTitle,
  publishedName,
  reasonLabel,
} from "./publish/notice.js";
export { PUBLIC_LIST_HEADER, publicListRows } from "./publish/public-list.js";
export {
  DEADLINE_STATUS_LABELS,
  departmentFolder,
  RESULTS_DEADLINE_HEADER,
  RESULTS_FOLLOWUP_HEADER,
  RESULTS_PUBLIC_HEADER,
  type ResultsTables,
  resultsTables,
  resultsTitle,
} from "./publish/results.js";
export { resultsWorkbooks } from "./publish/results-xlsx.js";
export { verifyHtmlPieces } from "./publish/verify-page.js";
// randomness: tickets, scopes, orders
export { compareUtf8, sortTickets, ticketOrder } from "./random/order.js";
export {
  fmix32,
  inspectorKey,
  poolStart,
  type Randomness,
  randomness,
  SCOPES,
  ticketThenId,
} from "./random/randomness.js";
export { PrefixedSha256, Sha256, sha256 } from "./random/sha256.js";
export { sha256Batch } from "./random/sha256-batch.js";
export { simdSha256, useSimdSha256 } from "./random/sha256-simd.js";
export {
  type SeedKey,
  seedKey,
  seedKeyFromBytes,
  TICKET_SPACE,
  type Ticket,
  TicketMachine,
  ticketHex,
  ticketU,
} from "./random/ticket.js";
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
export type { FollowUp, ValidateResultsOptions } from "./results/intake.js";
export { provisionalResultDates } from "./results/provisional.js";
export type { CalendarYear } from "./schedule/calendar.js";
export { BUILT_IN_YEARS } from "./schedule/calendar.js";
export { spreadVisits } from "./schedule/dates.js";
export { DEFAULT_PUBLISH_WITHIN_WORKING_DAYS } from "./schedule/deadline.js";
// teams (second random) and visit dates
export {
  Eligibility,
  type EligibilityRules,
  INELIGIBLE_ZH,
  type IneligibleReason,
} from "./teams/eligibility.js";
export {
  type StaffingInput,
  type StaffingResult,
  type StaffingTask,
  staffTeams,
  type Team,
  type TeamRules,
  type Unstaffed,
} from "./teams/staff.js";
// issues
export {
  failure,
  formatLocation,
  type IssueAt,
  type IssueCodeInfo,
  inFile,
  isIssueCode,
  issue,
  issueMessage,
  keyPath,
  success,
} from "./util/issue.js";

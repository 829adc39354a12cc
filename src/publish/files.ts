import type { Plan } from "../plan/schema.js";
import { csvPieces } from "./csv.js";
import {
  type NoticeOptions,
  noticeHtmlPieces,
  noticeMarkdownPieces,
  publishedName,
  SELECTED_HEADER,
  selectedRows,
} from "./notice.js";
import { joinPieces } from "./text.js";

/** The published files of a plan: name → content. Pure; the CLI writes them. */
export function publicationFiles(plan: Plan, opts: NoticeOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, make] of Object.entries(publicationFileMakers(plan, opts))) out[name] = make();
  return out;
}

/**
 * The published files of a plan as name → function making the content, so that a caller can make and write
 * one file at a time instead of holding all of them (tens of MB for a provincial plan) at once.
 */
export function publicationFileMakers(plan: Plan, opts: NoticeOptions = {}): Record<string, () => string> {
  const out: Record<string, () => string> = {};
  for (const [name, pieces] of Object.entries(publicationFilePieces(plan, opts)))
    out[name] = () => joinPieces(pieces());
  return out;
}

/**
 * The published files of a plan as name → function giving the content in pieces (about a line each), so that
 * a caller can write each file as it is made without ever holding it whole. The pieces joined are
 * {@link publicationFiles}' text.
 */
export function publicationFilePieces(
  plan: Plan,
  opts: NoticeOptions = {},
): Record<string, () => Iterable<string>> {
  const ins = new Map(plan.inspectors.map((i) => [i.id, i]));
  const name = publishedName(plan, opts);
  const sel = new Map(plan.selected.map((s) => [s.entityId, s]));
  const when = new Map(plan.schedule.map((s) => [s.entityId, s]));
  function* teamRows(): Generator<string[]> {
    for (const a of plan.assignments) {
      const s = sel.get(a.entityId);
      const shown = s ? name(s) : "";
      const date = when.get(a.entityId)?.date ?? "";
      for (const ids of [a.inspectorIds, a.expertIds])
        for (const id of ids) {
          const i = ins.get(id);
          const expert = i?.role === "expert";
          yield [
            a.entityId,
            shown,
            date,
            id,
            i?.name ?? "",
            expert ? "" : (i?.certificateNo ?? ""),
            i?.department ?? "",
            expert ? "专家" : "执法人员",
          ];
        }
    }
  }
  function* scheduleRows(): Generator<string[]> {
    for (const s of plan.schedule) {
      const e = sel.get(s.entityId);
      yield [s.entityId, e ? name(e) : "", s.date, s.publishBy];
    }
  }
  return {
    "selected.csv": () => csvPieces(SELECTED_HEADER, selectedRows(plan, opts)),
    "teams.csv": () =>
      csvPieces(
        ["统一社会信用代码", "名称", "检查日期", "人员编号", "姓名", "执法证号", "所属部门", "角色"],
        teamRows(),
      ),
    "schedule.csv": () =>
      csvPieces(["统一社会信用代码", "名称", "检查日期", "结果公示截止日"], scheduleRows()),
    "reserve.csv": () =>
      csvPieces(
        ["层", "顺位", "统一社会信用代码", "名称", "抽取号"],
        plan.reserve.map((r) => [r.stratum, r.rank, r.entityId, name(r), r.ticket]),
      ),
    "notice.md": () => noticeMarkdownPieces(plan, opts),
    "notice.html": () => noticeHtmlPieces(plan, opts),
  };
}

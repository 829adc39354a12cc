import type { Plan } from "../plan/schema.js";
import { maskPersonalName } from "./mask.js";

/** Options of the published files. */
export interface NoticeOptions {
  /** Mask natural-person names of 个体工商户 (default: the task's `publication.maskIndividualNames`, else true). */
  readonly maskIndividualNames?: boolean;
}

/**
 * How an entity's name is published: natural-person names of 个体工商户 are masked unless masking is off
 * (option, else the task's `publication.maskIndividualNames`, else on).
 */
export function publishedName(
  plan: Plan,
  opts: NoticeOptions,
): (e: { kind: string; name: string }) => string {
  const mask = opts.maskIndividualNames ?? plan.task.publication?.maskIndividualNames ?? true;
  return (e) => (e.kind === "individual" && mask ? maskPersonalName(e.name) : e.name);
}

const HTML_SPECIAL = /[&<>"']/;

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(v: string): string {
  if (!HTML_SPECIAL.test(v)) return v;
  return v
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Chinese description of the selection reason (internal files). */
export function reasonLabel(reason: string, takeAll = false): string {
  if (takeAll) return "必入样（λ≥1）";
  if (reason === "random") return "随机抽取";
  if (reason === "replacement") return "递补";
  if (reason === "forced:list") return "必查（名单）";
  if (reason.startsWith("forced:tag:")) return `必查（${reason.slice(11)}）`;
  return reason;
}

/** Probability with up to 6 significant decimals. */
export function formatProbability(p: number): string {
  return p === 1 ? "1" : String(Number(p.toFixed(6)));
}

/** The verification command printed in notices. */
export function verifyCommand(): string {
  return "npx double-random verify plan.json --task <任务文件 task.json>";
}

/** Title of the 公示 notice. */
export function noticeTitle(plan: Plan): string {
  return `${plan.department}关于${plan.taskName}${plan.taskName.includes("抽查") ? "" : "抽查"}计划的公示`;
}

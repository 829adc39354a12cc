// Checking the cells of one input row: text without stray white space, dates, integers, lists, region codes,
// 统一社会信用代码 and enumerated values (canonical or Chinese). Pure: every problem becomes an issue.

import { type Issue, type IssueCode, issue } from "../util/issue.js";
import { isIsoDate } from "./dates.js";
import type { RecordKind } from "./records.js";
import type { EntityKind, EntityStatus, InspectorRole } from "./types.js";
import { usccProblem } from "./uscc.js";

/** A raw row with canonical keys: strings from CSV, any JSON value from JSON/NDJSON. */
export type RawRecord = Readonly<Record<string, unknown>>;

/** Whether a character code could be white space (`String.prototype.trim` decides): ASCII controls and
 * space, and the non-ASCII spaces (U+00A0 and up, such as the ideographic space U+3000). */
export function mayBeSpace(code: number): boolean {
  return (
    code <= 32 ||
    (code >= 0xa0 &&
      (code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x3000) || code === 0xfeff))
  );
}

/** Six ASCII digits. */
export function isRegionCode(s: string): boolean {
  if (s.length !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Checks the cells of one row (file and row known) and collects the issues found, each with its column. */
export class Ctx {
  readonly issues: Issue[] = [];
  constructor(
    readonly file: string,
    readonly row: number,
  ) {}
  /** Record a problem of `column` (message in Chinese, and in English when given); returns undefined. */
  bad(column: string, code: IssueCode, message: string, received?: unknown, en?: string): undefined {
    const at: { file: string; row: number; column: string; received?: string; messageEn?: string } = {
      file: this.file,
      row: this.row,
      column,
    };
    if (received !== undefined) at.received = String(received);
    if (en !== undefined) at.messageEn = en;
    this.issues.push(issue(code, message, at));
    return undefined;
  }
  /** A required or optional text value, refused when it has surrounding whitespace (never trimmed silently). */
  text(r: RawRecord, key: string, required: boolean): string | undefined {
    const v = r[key];
    if (v === undefined || v === null || v === "") {
      if (required) this.bad(key, "missing-value", `${key} 不能为空`, undefined, `${key} must not be empty`);
      return undefined;
    }
    if (typeof v !== "string" && typeof v !== "number")
      return this.bad(key, "invalid-type", `${key} 必须是文本`, v, `${key} must be text`);
    const s = typeof v === "string" ? v : String(v);
    if ((mayBeSpace(s.charCodeAt(0)) || mayBeSpace(s.charCodeAt(s.length - 1))) && s.trim() !== s)
      return this.bad(
        key,
        "whitespace",
        `${key} 含首尾空白字符，请清理后再导入`,
        s,
        `${key} has leading or trailing white space: clean it before importing`,
      );
    return s;
  }
  date(r: RawRecord, key: string, required: boolean): string | undefined {
    const s = this.text(r, key, required);
    if (s === undefined) return undefined;
    if (!isIsoDate(s))
      return this.bad(
        key,
        "invalid-date",
        `${key} 不是有效日期（应为 YYYY-MM-DD）：${s}`,
        s,
        `${key} is not a valid date (YYYY-MM-DD): ${s}`,
      );
    return s;
  }
  int(r: RawRecord, key: string): number | undefined {
    const v = r[key];
    if (v === undefined || v === null || v === "") return undefined;
    const s = String(v);
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) {
      return this.bad(
        key,
        "invalid-integer",
        `${key} 必须是非负整数：${s}`,
        s,
        `${key} must be a non-negative integer: ${s}`,
      );
    }
    return Number(s);
  }
  list(r: RawRecord, key: string): string[] {
    const v = r[key];
    if (v === undefined || v === null || v === "") return [];
    if (Array.isArray(v)) return v.map(String);
    const parts = String(v).split(/[;；]/);
    if (parts.some((p) => p.trim() !== p || p === "")) {
      this.bad(
        key,
        "invalid-list",
        `${key} 须为以分号分隔的非空值，且不含多余空白：${String(v)}`,
        v,
        `${key} must be non-empty values separated by semicolons, without extra white space: ${String(v)}`,
      );
      return [];
    }
    return parts;
  }
  region(r: RawRecord, key: string): string | undefined {
    const s = this.text(r, key, true);
    if (s === undefined) return undefined;
    if (!isRegionCode(s))
      return this.bad(
        key,
        "invalid-region",
        `行政区划代码必须是6位数字：${s}`,
        s,
        `a region code has 6 digits: ${s}`,
      );
    return s;
  }
  uscc(r: RawRecord, key: string): string | undefined {
    const s = this.text(r, key, true);
    if (s === undefined) return undefined;
    const p = usccProblem(s);
    if (p === "length")
      return this.bad(
        key,
        "invalid-uscc",
        `统一社会信用代码应为18位，实际${s.length}位：${s}`,
        s,
        `a unified social credit code has 18 characters, not ${s.length}: ${s}`,
      );
    if (p === "charset")
      return this.bad(
        key,
        "invalid-uscc",
        `统一社会信用代码含非法字符：${s}`,
        s,
        `the unified social credit code has a character outside its charset: ${s}`,
      );
    if (p === "check-digit")
      return this.bad(
        key,
        "invalid-uscc",
        `统一社会信用代码校验位错误：${s}`,
        s,
        `wrong check digit of the unified social credit code (GB 32100-2015): ${s}`,
      );
    return s;
  }
  choice<T extends string>(r: RawRecord, key: string, map: Readonly<Record<string, T>>): T | undefined {
    const s = this.text(r, key, true);
    if (s === undefined) return undefined;
    const v = Object.hasOwn(map, s) ? map[s] : undefined;
    if (v === undefined) {
      return this.bad(
        key,
        "invalid-value",
        `${key} 的值“${s}”无法识别，可用：${Object.keys(map).join("、")}`,
        s,
        `${key}: "${s}" is not recognised; accepted: ${Object.keys(map).join(", ")}`,
      );
    }
    return v;
  }
}

/** Accepted values of `kind` (canonical or Chinese) → canonical value. */
export const KINDS: Record<string, EntityKind> = {
  enterprise: "enterprise",
  企业: "enterprise",
  individual: "individual",
  个体工商户: "individual",
  cooperative: "cooperative",
  农民专业合作社: "cooperative",
  other: "other",
  其他: "other",
};
/** Accepted values of `status` → canonical value. */
export const STATUSES: Record<string, EntityStatus> = {
  active: "active",
  存续: "active",
  在业: "active",
  开业: "active",
  正常: "active",
  "存续（在营、开业、在册）": "active",
  deregistered: "deregistered",
  注销: "deregistered",
  revoked: "revoked",
  吊销: "revoked",
  "吊销，未注销": "revoked",
  "moved-out": "moved-out",
  迁出: "moved-out",
  cancelled: "cancelled",
  撤销: "cancelled",
  closed: "closed",
  停业: "closed",
  歇业: "closed",
};
/** Accepted values of `role` → canonical value. */
export const ROLES: Record<string, InspectorRole> = {
  inspector: "inspector",
  执法人员: "inspector",
  expert: "expert",
  专家: "expert",
};
/** Accepted values of `category` → canonical value. */
export const CATEGORIES: Record<string, "general" | "key"> = {
  general: "general",
  一般: "general",
  一般检查事项: "general",
  key: "key",
  重点: "key",
  重点检查事项: "key",
};

/**
 * The values accepted for the enumerated columns: each written value (canonical or Chinese) → canonical value.
 * Values not listed are refused with `invalid-value`.
 */
export const COLUMN_VALUES: Readonly<
  Partial<Record<RecordKind, Readonly<Record<string, Readonly<Record<string, string>>>>>>
> = {
  entities: { kind: KINDS, status: STATUSES },
  inspectors: { role: ROLES },
  items: { category: CATEGORIES },
};

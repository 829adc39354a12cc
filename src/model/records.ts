// Conversion of raw rows (CSV strings, or JSON values) with canonical or Chinese headers into typed,
// validated records. Pure: no I/O. Every problem becomes an Issue with file, row and column.

import { type Issue, issue } from "../util/issue.js";
import { isIsoDate } from "./dates.js";
import type {
  Conflict,
  DateRange,
  Entity,
  EntityKind,
  EntityStatus,
  HistoryRecord,
  Inspector,
  InspectorRole,
  Item,
} from "./types.js";
import { usccProblem } from "./uscc.js";

/** The kinds of input file. */
export type RecordKind = "entities" | "inspectors" | "items" | "conflicts" | "history";

/** Column definitions: canonical key → accepted Chinese header names, and whether it is required. */
export const COLUMNS: Record<
  RecordKind,
  readonly { key: string; zh: readonly string[]; required: boolean }[]
> = {
  entities: [
    { key: "id", zh: ["统一社会信用代码", "信用代码"], required: true },
    { key: "name", zh: ["名称", "企业名称", "主体名称"], required: true },
    { key: "kind", zh: ["主体类型"], required: true },
    { key: "region", zh: ["行政区划代码", "行政区划"], required: true },
    { key: "industry", zh: ["行业代码"], required: false },
    { key: "riskClass", zh: ["信用风险分类", "风险分类"], required: true },
    { key: "weight", zh: ["风险分值"], required: false },
    { key: "status", zh: ["登记状态"], required: true },
    { key: "registeredOn", zh: ["成立日期"], required: false },
    { key: "tags", zh: ["标签"], required: false },
    { key: "address", zh: ["住所", "经营场所", "住所（经营场所）"], required: false },
    { key: "legalRepresentative", zh: ["法定代表人", "负责人", "经营者"], required: false },
  ],
  inspectors: [
    { key: "id", zh: ["人员编号"], required: true },
    { key: "name", zh: ["姓名"], required: true },
    { key: "certificateNo", zh: ["执法证号"], required: false },
    { key: "certificateExpiresOn", zh: ["执法证有效期至"], required: false },
    { key: "department", zh: ["所属部门"], required: true },
    { key: "unit", zh: ["科室"], required: true },
    { key: "region", zh: ["行政区划代码", "行政区划"], required: true },
    { key: "specialties", zh: ["业务专长"], required: false },
    { key: "role", zh: ["角色", "人员类别"], required: true },
    { key: "maxTasks", zh: ["任务上限"], required: false },
    { key: "unavailable", zh: ["不可用日期"], required: false },
  ],
  items: [
    { key: "id", zh: ["事项编号"], required: true },
    { key: "name", zh: ["事项名称"], required: true },
    { key: "department", zh: ["实施部门"], required: true },
    { key: "basis", zh: ["抽查依据"], required: true },
    { key: "content", zh: ["抽查内容"], required: false },
    { key: "method", zh: ["检查方式"], required: false },
    { key: "category", zh: ["事项类别"], required: true },
    { key: "specialties", zh: ["业务专长", "所需专长"], required: false },
  ],
  conflicts: [
    { key: "inspectorId", zh: ["人员编号"], required: true },
    { key: "entityId", zh: ["统一社会信用代码"], required: true },
    { key: "relation", zh: ["回避事由"], required: true },
    { key: "until", zh: ["截止日期"], required: false },
  ],
  history: [
    { key: "entityId", zh: ["统一社会信用代码"], required: true },
    { key: "itemId", zh: ["事项编号"], required: true },
    { key: "inspectedOn", zh: ["检查日期"], required: true },
    { key: "inspectorIds", zh: ["检查人员"], required: false },
  ],
};

/** Map a header cell to its canonical key, or `undefined` when unknown. */
export function canonicalColumn(kind: RecordKind, header: string): string | undefined {
  const h = header.trim();
  for (const c of COLUMNS[kind]) if (c.key === h || c.zh.includes(h)) return c.key;
  return undefined;
}

/** Check a header row: unknown columns are warnings, missing required ones and duplicates are errors. */
export function checkHeader(
  kind: RecordKind,
  headers: readonly string[],
  file: string,
): {
  keys: (string | undefined)[];
  issues: Issue[];
} {
  const issues: Issue[] = [];
  const keys = headers.map((h) => canonicalColumn(kind, h));
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    const h = headers[i] ?? "";
    if (k === undefined) {
      issues.push(
        issue("unknown-column", `未知列“${h}”，该列被忽略`, { file, row: 1, column: h }, "warning"),
      );
    } else if (seen.has(k)) {
      issues.push(issue("duplicate-column", `列“${h}”重复（${k}）`, { file, row: 1, column: h }));
    } else seen.add(k);
  });
  for (const c of COLUMNS[kind]) {
    if (c.required && !seen.has(c.key)) {
      issues.push(
        issue("missing-column", `缺少必填列 ${c.key}（${c.zh[0]}）`, { file, row: 1, column: c.key }),
      );
    }
  }
  return { keys, issues };
}

/** A raw row with canonical keys: strings from CSV, any JSON value from JSON/NDJSON. */
export type RawRecord = Readonly<Record<string, unknown>>;

/** Whether a character code could be white space (`String.prototype.trim` decides): ASCII controls and
 * space, and the non-ASCII spaces (U+00A0 and up, such as the ideographic space U+3000). */
function mayBeSpace(code: number): boolean {
  return (
    code <= 32 ||
    (code >= 0xa0 &&
      (code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x3000) || code === 0xfeff))
  );
}

/** Six ASCII digits. */
function isRegionCode(s: string): boolean {
  if (s.length !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

class Ctx {
  readonly issues: Issue[] = [];
  constructor(
    readonly file: string,
    readonly row: number,
  ) {}
  bad(column: string, code: string, message: string, received?: unknown): undefined {
    const at: { file: string; row: number; column: string; received?: string } = {
      file: this.file,
      row: this.row,
      column,
    };
    if (received !== undefined) at.received = String(received);
    this.issues.push(issue(code, message, at));
    return undefined;
  }
  /** A required or optional text value, refused when it has surrounding whitespace (never trimmed silently). */
  text(r: RawRecord, key: string, required: boolean): string | undefined {
    const v = r[key];
    if (v === undefined || v === null || v === "") {
      if (required) this.bad(key, "missing-value", `${key} 不能为空`);
      return undefined;
    }
    if (typeof v !== "string" && typeof v !== "number")
      return this.bad(key, "invalid-type", `${key} 必须是文本`, v);
    const s = typeof v === "string" ? v : String(v);
    if ((mayBeSpace(s.charCodeAt(0)) || mayBeSpace(s.charCodeAt(s.length - 1))) && s.trim() !== s)
      return this.bad(key, "whitespace", `${key} 含首尾空白字符，请清理后再导入`, s);
    return s;
  }
  date(r: RawRecord, key: string, required: boolean): string | undefined {
    const s = this.text(r, key, required);
    if (s === undefined) return undefined;
    if (!isIsoDate(s))
      return this.bad(key, "invalid-date", `${key} 不是有效日期（应为 YYYY-MM-DD）：${s}`, s);
    return s;
  }
  int(r: RawRecord, key: string): number | undefined {
    const v = r[key];
    if (v === undefined || v === null || v === "") return undefined;
    const s = String(v);
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) {
      return this.bad(key, "invalid-integer", `${key} 必须是非负整数：${s}`, s);
    }
    return Number(s);
  }
  list(r: RawRecord, key: string): string[] {
    const v = r[key];
    if (v === undefined || v === null || v === "") return [];
    if (Array.isArray(v)) return v.map(String);
    const parts = String(v).split(/[;；]/);
    if (parts.some((p) => p.trim() !== p || p === "")) {
      this.bad(key, "invalid-list", `${key} 须为以分号分隔的非空值，且不含多余空白：${String(v)}`, v);
      return [];
    }
    return parts;
  }
  region(r: RawRecord, key: string): string | undefined {
    const s = this.text(r, key, true);
    if (s === undefined) return undefined;
    if (!isRegionCode(s)) return this.bad(key, "invalid-region", `行政区划代码必须是6位数字：${s}`, s);
    return s;
  }
  uscc(r: RawRecord, key: string): string | undefined {
    const s = this.text(r, key, true);
    if (s === undefined) return undefined;
    const p = usccProblem(s);
    if (p === "length")
      return this.bad(key, "invalid-uscc", `统一社会信用代码应为18位，实际${s.length}位：${s}`, s);
    if (p === "charset") return this.bad(key, "invalid-uscc", `统一社会信用代码含非法字符：${s}`, s);
    if (p === "check-digit") return this.bad(key, "invalid-uscc", `统一社会信用代码校验位错误：${s}`, s);
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
      );
    }
    return v;
  }
}

const KINDS: Record<string, EntityKind> = {
  enterprise: "enterprise",
  企业: "enterprise",
  individual: "individual",
  个体工商户: "individual",
  cooperative: "cooperative",
  农民专业合作社: "cooperative",
  other: "other",
  其他: "other",
};
const STATUSES: Record<string, EntityStatus> = {
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
const ROLES: Record<string, InspectorRole> = {
  inspector: "inspector",
  执法人员: "inspector",
  expert: "expert",
  专家: "expert",
};
const CATEGORIES: Record<string, "general" | "key"> = {
  general: "general",
  一般: "general",
  一般检查事项: "general",
  key: "key",
  重点: "key",
  重点检查事项: "key",
};

function withOrigin<T extends object>(v: T, file: string, row: number): T {
  return Object.assign(v, { origin: { file, row } });
}

/** The result of converting one raw row. */
export interface Converted<T> {
  readonly value?: T;
  readonly issues: readonly Issue[];
}

/** Convert a raw entity row. */
export function toEntity(r: RawRecord, file: string, row: number): Converted<Entity> {
  const c = new Ctx(file, row);
  const id = c.uscc(r, "id");
  const name = c.text(r, "name", true);
  const kind = c.choice(r, "kind", KINDS);
  const region = c.region(r, "region");
  const industry = c.text(r, "industry", false);
  const riskClass = c.text(r, "riskClass", true);
  const weight = c.int(r, "weight");
  const status = c.choice(r, "status", STATUSES);
  const registeredOn = c.date(r, "registeredOn", false);
  const tags = c.list(r, "tags");
  const address = c.text(r, "address", false);
  const legalRepresentative = c.text(r, "legalRepresentative", false);
  if (id !== undefined && region !== undefined && id[0] === "9" && id.slice(2, 8) !== region) {
    // USCC region digits are frozen at issuance; a different current region is legitimate, so only warn.
    c.issues.push(
      issue(
        "region-mismatch",
        `统一社会信用代码中的登记机关代码 ${id.slice(2, 8)} 与行政区划代码 ${region} 不一致（仅提示）`,
        { file, row, column: "region", received: region },
        "warning",
      ),
    );
  }
  if (c.issues.some((i) => i.severity === "error")) return { issues: c.issues };
  const e: { -readonly [K in keyof Entity]: Entity[K] } = {
    id: id!,
    name: name!,
    kind: kind!,
    region: region!,
    riskClass: riskClass!,
    status: status!,
    tags,
  };
  if (industry !== undefined) e.industry = industry;
  if (weight !== undefined) e.weight = weight;
  if (registeredOn !== undefined) e.registeredOn = registeredOn;
  if (address !== undefined) e.address = address;
  if (legalRepresentative !== undefined) e.legalRepresentative = legalRepresentative;
  return { value: withOrigin(e, file, row), issues: c.issues };
}

/** A text cell that the full check would accept as it is: not empty, and no white space at either end. */
function plainCell(s: string): boolean {
  return s !== "" && !mayBeSpace(s.charCodeAt(0)) && !mayBeSpace(s.charCodeAt(s.length - 1));
}

/** Non-negative integer text as {@link Ctx.int} accepts it, or undefined. */
function digitsValue(s: string): number | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/**
 * A reader of entity rows given as cells in the order of a header's canonical keys (see {@link checkHeader}).
 * It builds the entity of a row that {@link toEntity} would accept without any issue, straight from the cells;
 * for any other row (a problem, a warning, or a header lacking a required column) it returns `undefined`, and
 * the caller converts the row with {@link toEntity}, which finds the issues. The entity is the one toEntity
 * gives, property for property and in the same order.
 */
export function entityCellReader(
  keys: readonly (string | undefined)[],
): (cells: readonly string[], file: string, row: number) => Entity | undefined {
  const at = (k: string) => keys.indexOf(k);
  const [iId, iName, iKind, iRegion, iIndustry, iRisk, iWeight, iStatus, iRegistered, iTags] = [
    "id",
    "name",
    "kind",
    "region",
    "industry",
    "riskClass",
    "weight",
    "status",
    "registeredOn",
    "tags",
  ].map(at) as [number, number, number, number, number, number, number, number, number, number];
  if (iId < 0 || iName < 0 || iKind < 0 || iRegion < 0 || iRisk < 0 || iStatus < 0) return () => undefined;
  const iAddress = at("address");
  const iLegal = at("legalRepresentative");
  return (cells, file, row) => {
    const id = cells[iId]!;
    if (usccProblem(id) !== undefined) return undefined;
    const name = cells[iName]!;
    const region = cells[iRegion]!;
    const riskClass = cells[iRisk]!;
    if (!plainCell(name) || !isRegionCode(region) || !plainCell(riskClass)) return undefined;
    // USCC region digits that differ from the region: a warning, left to toEntity
    if (id.charCodeAt(0) === 57 && !id.startsWith(region, 2)) return undefined;
    const k = cells[iKind]!;
    const kind = Object.hasOwn(KINDS, k) ? KINDS[k] : undefined;
    const st = cells[iStatus]!;
    const status = Object.hasOwn(STATUSES, st) ? STATUSES[st] : undefined;
    if (kind === undefined || status === undefined) return undefined;
    const industry = iIndustry < 0 ? "" : cells[iIndustry]!;
    if (industry !== "" && !plainCell(industry)) return undefined;
    const w = iWeight < 0 ? "" : cells[iWeight]!;
    const weight = w === "" ? undefined : digitsValue(w);
    if (w !== "" && weight === undefined) return undefined;
    const registeredOn = iRegistered < 0 ? "" : cells[iRegistered]!;
    if (registeredOn !== "" && !isIsoDate(registeredOn)) return undefined;
    const t = iTags < 0 ? "" : cells[iTags]!;
    let tags = NO_TAGS;
    if (t !== "") {
      tags = t.split(/[;；]/);
      for (let k = 0; k < tags.length; k++) {
        const p = tags[k]!;
        if (p === "" || p.trim() !== p) return undefined;
      }
    }
    const e: { -readonly [K in keyof Entity]: Entity[K] } = {
      id,
      name,
      kind,
      region,
      riskClass,
      status,
      tags,
    };
    if (industry !== "") e.industry = industry;
    if (weight !== undefined) e.weight = weight;
    if (registeredOn !== "") e.registeredOn = registeredOn;
    const address = iAddress < 0 ? "" : (cells[iAddress] ?? "");
    if (address !== "") {
      if (!plainCell(address)) return undefined;
      e.address = address;
    }
    const legal = iLegal < 0 ? "" : (cells[iLegal] ?? "");
    if (legal !== "") {
      if (!plainCell(legal)) return undefined;
      e.legalRepresentative = legal;
    }
    e.origin = { file, row };
    return e;
  };
}

function parseRanges(c: Ctx, r: RawRecord, key: string): DateRange[] {
  const out: DateRange[] = [];
  for (const part of c.list(r, key)) {
    const [from, to, extra] = part.split("~");
    const f = from ?? "";
    const t = to ?? f;
    if (extra !== undefined || !isIsoDate(f) || !isIsoDate(t) || t < f) {
      c.bad(
        key,
        "invalid-date-range",
        `不可用日期“${part}”无效（应为 YYYY-MM-DD 或 YYYY-MM-DD~YYYY-MM-DD）`,
        part,
      );
      continue;
    }
    out.push({ from: f, to: t });
  }
  return out;
}

/** Convert a raw inspector row. */
export function toInspector(r: RawRecord, file: string, row: number): Converted<Inspector> {
  const c = new Ctx(file, row);
  const v = {
    id: c.text(r, "id", true),
    name: c.text(r, "name", true),
    certificateNo: c.text(r, "certificateNo", false),
    certificateExpiresOn: c.date(r, "certificateExpiresOn", false),
    department: c.text(r, "department", true),
    unit: c.text(r, "unit", true),
    region: c.region(r, "region"),
    specialties: c.list(r, "specialties"),
    role: c.choice(r, "role", ROLES),
    maxTasks: c.int(r, "maxTasks"),
    unavailable: parseRanges(c, r, "unavailable"),
  };
  if (
    v.role === "inspector" &&
    v.certificateNo === undefined &&
    !c.issues.some((i) => i.column === "certificateNo")
  ) {
    c.bad("certificateNo", "missing-value", "执法人员必须有执法证号（专家可为空）");
  }
  if (c.issues.length > 0) return { issues: c.issues };
  const out: { -readonly [K in keyof Inspector]: Inspector[K] } = {
    id: v.id!,
    name: v.name!,
    department: v.department!,
    unit: v.unit!,
    region: v.region!,
    specialties: v.specialties,
    role: v.role!,
    unavailable: v.unavailable,
  };
  if (v.certificateNo !== undefined) out.certificateNo = v.certificateNo;
  if (v.certificateExpiresOn !== undefined) out.certificateExpiresOn = v.certificateExpiresOn;
  if (v.maxTasks !== undefined) out.maxTasks = v.maxTasks;
  return { value: withOrigin(out, file, row), issues: [] };
}

/** Convert a raw item row. */
export function toItem(r: RawRecord, file: string, row: number): Converted<Item> {
  const c = new Ctx(file, row);
  const v = {
    id: c.text(r, "id", true),
    name: c.text(r, "name", true),
    department: c.text(r, "department", true),
    basis: c.text(r, "basis", true),
    content: c.text(r, "content", false),
    method: c.text(r, "method", false),
    category: c.choice(r, "category", CATEGORIES),
    specialties: c.list(r, "specialties"),
  };
  if (c.issues.length > 0) return { issues: c.issues };
  const out: { -readonly [K in keyof Item]: Item[K] } = {
    id: v.id!,
    name: v.name!,
    department: v.department!,
    basis: v.basis!,
    category: v.category!,
    specialties: v.specialties,
  };
  if (v.content !== undefined) out.content = v.content;
  if (v.method !== undefined) out.method = v.method;
  return { value: withOrigin(out, file, row), issues: [] };
}

/** Convert a raw conflict row. */
export function toConflict(r: RawRecord, file: string, row: number): Converted<Conflict> {
  const c = new Ctx(file, row);
  const v = {
    inspectorId: c.text(r, "inspectorId", true),
    entityId: c.uscc(r, "entityId"),
    relation: c.text(r, "relation", true),
    until: c.date(r, "until", false),
  };
  if (c.issues.length > 0) return { issues: c.issues };
  const out: { -readonly [K in keyof Conflict]: Conflict[K] } = {
    inspectorId: v.inspectorId!,
    entityId: v.entityId!,
    relation: v.relation!,
  };
  if (v.until !== undefined) out.until = v.until;
  return { value: withOrigin(out, file, row), issues: [] };
}

/** Convert a raw history row. */
export function toHistory(r: RawRecord, file: string, row: number): Converted<HistoryRecord> {
  const c = new Ctx(file, row);
  const v = {
    entityId: c.uscc(r, "entityId"),
    itemId: c.text(r, "itemId", true),
    inspectedOn: c.date(r, "inspectedOn", true),
    inspectorIds: c.list(r, "inspectorIds"),
  };
  if (c.issues.length > 0) return { issues: c.issues };
  return {
    value: withOrigin(
      { entityId: v.entityId!, itemId: v.itemId!, inspectedOn: v.inspectedOn!, inspectorIds: v.inspectorIds },
      file,
      row,
    ),
    issues: [],
  };
}

/** The converter for each kind of input. */
export const CONVERTERS = {
  entities: toEntity,
  inspectors: toInspector,
  items: toItem,
  conflicts: toConflict,
  history: toHistory,
} as const;

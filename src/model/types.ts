/** Where a record came from: file and 1-based row (header = row 1). Set by the readers. */
export interface Origin {
  readonly file: string;
  readonly row: number;
}

/** 主体类型. */
export type EntityKind = "enterprise" | "individual" | "cooperative" | "other";

/** 登记状态, normalised: only `active` entities can be drawn. */
export type EntityStatus = "active" | "deregistered" | "revoked" | "moved-out" | "cancelled" | "closed";

/** 检查对象 — an entry of the directory of inspectable subjects (检查对象名录库). */
export interface Entity {
  /** 统一社会信用代码 (18 characters, GB 32100 check digit). */
  readonly id: string;
  /** 名称. */
  readonly name: string;
  readonly kind: EntityKind;
  /** 行政区划代码, 6 digits (GB/T 2260). */
  readonly region: string;
  /** 行业代码 (optional). */
  readonly industry?: string;
  /** 信用风险分类: any class name (A–D, A–E …). */
  readonly riskClass: string;
  /** 风险分值: non-negative integer, used by πps mode. */
  readonly weight?: number;
  readonly status: EntityStatus;
  /** 成立日期 `YYYY-MM-DD`. */
  readonly registeredOn?: string;
  /** 标签, e.g. 经营异常名录. */
  readonly tags: readonly string[];
  /** 住所（经营场所） (optional). */
  readonly address?: string;
  /** 法定代表人（负责人、经营者） (optional). */
  readonly legalRepresentative?: string;
  readonly origin?: Origin;
}

/** 执法检查人员角色: certified inspector or expert (专家, never counted toward the minimum). */
export type InspectorRole = "inspector" | "expert";

/** An inclusive range of dates `YYYY-MM-DD`. */
export interface DateRange {
  readonly from: string;
  readonly to: string;
}

/** 执法检查人员 — an entry of the directory of inspectors. */
export interface Inspector {
  readonly id: string;
  readonly name: string;
  /** 执法证号 (required for role `inspector`; experts have none). */
  readonly certificateNo?: string;
  /** 执法证有效期至 `YYYY-MM-DD` (inclusive). */
  readonly certificateExpiresOn?: string;
  /** 所属部门. */
  readonly department: string;
  /** 科室. */
  readonly unit: string;
  readonly region: string;
  /** 业务专长. */
  readonly specialties: readonly string[];
  readonly role: InspectorRole;
  /** Per-inspector cap on tasks (overrides the task default when lower). */
  readonly maxTasks?: number;
  /** 不可用日期. */
  readonly unavailable: readonly DateRange[];
  readonly origin?: Origin;
}

/** 抽查事项 — an item of the inspection list. */
export interface Item {
  readonly id: string;
  readonly name: string;
  /** 实施部门. */
  readonly department: string;
  /** 抽查依据. */
  readonly basis: string;
  readonly content?: string;
  readonly method?: string;
  readonly category: "general" | "key";
  /** Specialties of which at least one team member must have each. */
  readonly specialties: readonly string[];
  readonly origin?: Origin;
}

/** 利害关系 — an inspector who must recuse from an entity (回避). */
export interface Conflict {
  readonly inspectorId: string;
  readonly entityId: string;
  readonly relation: string;
  /** Last day the conflict holds (inclusive); open-ended when absent. */
  readonly until?: string;
  readonly origin?: Origin;
}

/** One past inspection of an entity for an item. */
export interface HistoryRecord {
  readonly entityId: string;
  readonly itemId: string;
  readonly inspectedOn: string;
  readonly inspectorIds: readonly string[];
  readonly origin?: Origin;
}

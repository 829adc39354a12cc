// zod at the edge of the model: a parse whose problems come back as this library's issues — mapped to its codes,
// located by key path, with messages in formal Chinese (English beside them) — without touching zod's global
// configuration (the error map is passed to each parse, so an importing application keeps its own).
import { z } from "zod";
import { type Issue, type IssueCode, isIssueCode, issue, keyPath, type Result } from "../util/issue.js";

type ZodIssue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

// the locales' error maps, called directly: zod's global configuration (z.config) is left alone
const zhFallback = z.locales.zhCN().localeError;
const enMap = z.locales.en().localeError;

const TYPE_ZH: Readonly<Record<string, string>> = {
  string: "文本",
  number: "数字",
  int: "整数",
  boolean: "布尔值（true 或 false）",
  array: "数组",
  object: "对象",
  record: "对象",
  null: "空值（null）",
  undefined: "缺失",
};

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "number";
  return typeof v;
}

function show(v: unknown): string {
  return typeof v === "string" ? `“${v}”` : String(v);
}

function messageOf(m: ReturnType<z.core.$ZodErrorMap>): string | undefined {
  if (m === undefined || m === null) return undefined;
  return typeof m === "string" ? m : m.message;
}

/** Formal Chinese messages for zod's issues; what it does not cover goes to zod's own zh-CN locale. */
const zhErrorMap: z.core.$ZodErrorMap = (i: RawIssue) => {
  switch (i.code) {
    case "invalid_type":
      if (i.input === undefined) return "缺少必填项";
      return `应为${TYPE_ZH[i.expected] ?? i.expected}，实际为${TYPE_ZH[typeOf(i.input)] ?? typeOf(i.input)}`;
    case "too_small": {
      const min = String(i.minimum);
      if (i.origin === "array") return `至少须有 ${min} 项`;
      if (i.origin === "string") return Number(min) <= 1 ? "不能为空" : `至少须有 ${min} 个字符`;
      return `须${i.inclusive ? "不小于" : "大于"} ${min}`;
    }
    case "too_big": {
      const max = String(i.maximum);
      if (i.origin === "array") return `至多可有 ${max} 项`;
      if (i.origin === "string") return `至多可有 ${max} 个字符`;
      return `须${i.inclusive ? "不大于" : "小于"} ${max}`;
    }
    case "invalid_value":
      return i.values.length === 1
        ? `应为 ${show(i.values[0])}`
        : `应为以下之一：${i.values.map(show).join("、")}`;
    case "unrecognized_keys":
      return `未知的键：${i.keys.join("、")}（请检查拼写）`;
    case "invalid_union":
      if (Array.isArray(i.options) && i.options.length > 0)
        return `${i.discriminator ?? "值"} 应为以下之一：${(i.options as unknown[]).map(show).join("、")}`;
      return "值不符合任何一种允许的形式";
    case "invalid_format":
      return i.format === "regex" ? `格式不符合要求（${i.pattern ?? ""}）` : "格式不符合要求";
    default:
      return messageOf(zhFallback(i)) ?? "值无效";
  }
};

/** The library's code for a zod issue. */
function codeOf(i: ZodIssue): IssueCode {
  switch (i.code) {
    case "invalid_type":
      return i.input === undefined ? "missing-value" : "invalid-type";
    case "too_small":
    case "too_big":
    case "not_multiple_of":
      return "out-of-range";
    case "invalid_format":
      return "invalid-format";
    case "unrecognized_keys":
      return "unknown-key";
    case "custom": {
      const c = (i.params as { code?: unknown } | undefined)?.code;
      return typeof c === "string" && isIssueCode(c) ? c : "invalid-value";
    }
    default:
      return "invalid-value";
  }
}

/**
 * The received value of an issue as text, when there is one worth showing. The user part of a URL is masked:
 * a connection string with a password must never reach an output.
 */
function receivedOf(i: ZodIssue): string | undefined {
  const v = i.input;
  if (v === undefined || (typeof v === "object" && v !== null)) return undefined;
  return String(v).replace(/(\/\/)[^/@\s]*@/g, "$1***@");
}

/**
 * Map zod issues (of a parse with {@link zodParseParams}) to located issues: a task key path such as
 * `sampling.rates.B`, the library's code (`missing-value`, `invalid-type`, `out-of-range`, `invalid-format`,
 * `invalid-value`, `unknown-key`, or the code a refinement names), a formal Chinese message and an English one.
 * An unrecognised key is reported at its own path (`teams.sise`), one issue per key.
 * @param file the document's name as the user gave it, or undefined (an in-memory value)
 */
export function zodIssues(file: string | undefined, err: { readonly issues: readonly ZodIssue[] }): Issue[] {
  const out: Issue[] = [];
  for (const z of err.issues) {
    if (z.code === "unrecognized_keys") {
      for (const k of z.keys) {
        out.push(
          issue("unknown-key", `未知的键“${k}”（请检查拼写）`, {
            file,
            key: keyPath([...z.path, k]),
            messageEn: `unrecognized key "${k}"`,
          }),
        );
      }
      continue;
    }
    const en = messageOf(enMap(z as unknown as RawIssue)) ?? z.message;
    out.push(
      issue(codeOf(z), z.message, {
        file,
        key: keyPath(z.path) || "$",
        received: receivedOf(z),
        messageEn:
          z.code === "custom"
            ? undefined
            : z.code === "invalid_type" && z.input === undefined
              ? "a required key is missing"
              : en,
      }),
    );
  }
  return out;
}

/** Parse parameters that give Chinese messages and the input on each issue (no global configuration). */
export const zodParseParams = { error: zhErrorMap, reportInput: true } as const;

/**
 * Validate a value against a zod schema, returning the library's {@link Result} with located issues.
 * @param file the document's name as the user gave it, when it came from a file
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  file?: string,
): Result<z.output<S>> {
  const r = schema.safeParse(value, zodParseParams);
  if (r.success) return { ok: true, value: r.data, issues: [] };
  return { ok: false, issues: zodIssues(file, r.error) };
}

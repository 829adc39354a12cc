// How the CLI words what went wrong: environment failures (exit 3), usage errors of node's argument parser in
// Chinese and English, and dates on the command line that do not exist.
import { OutputError } from "../io/output.js";

/** Exit code of an environment failure: permission, read-only or full disk, a file where a folder is expected. */
export const EXIT_ENVIRONMENT = 3;

const ENV_CODES: Record<string, string> = {
  EACCES: "没有权限",
  EPERM: "操作不被允许",
  EROFS: "文件系统只读",
  ENOSPC: "磁盘空间已满",
  EDQUOT: "磁盘配额已用完",
  ENOTDIR: "路径中有一个文件，而此处需要目录",
  EISDIR: "此处是目录，而需要文件",
  EEXIST: "已存在",
  ENOENT: "文件或目录不存在",
  EMFILE: "打开的文件过多",
  ENFILE: "打开的文件过多",
  EIO: "输入输出错误",
  ENAMETOOLONG: "路径过长",
  ELOOP: "符号链接循环",
  EBUSY: "资源忙",
  EXDEV: "不能跨文件系统重命名",
  ETXTBSY: "文件忙",
  EFBIG: "文件过大",
};

/** The Chinese line for an environment failure, or undefined when `e` is not one (then it is a bug: exit 70). */
export function environmentMessage(e: unknown): string | undefined {
  if (e instanceof OutputError) return `环境错误 / environment error [${e.code}]：${e.message}`;
  const err = e as NodeJS.ErrnoException;
  const code = err?.code;
  if (typeof code !== "string" || !(code in ENV_CODES)) return undefined;
  const path = err.path ?? (err as { dest?: string }).dest;
  const where = path ? `：${path}` : "";
  const hint = hintFor(code, path);
  return `环境错误 / environment error [${code}] ${ENV_CODES[code]}${where}${err.syscall ? `（${err.syscall}）` : ""}${hint}`;
}

function hintFor(code: string, path: string | undefined): string {
  if (path?.includes("draw-log.ndjson"))
    return "。抽取日志无法写入：未记日志不得抽取；可用 --log <文件> 或环境变量 DOUBLE_RANDOM_LOG 指定可写的日志位置";
  if (code === "ENOSPC" || code === "EDQUOT") return "。请释放磁盘空间后重试；输出目录中原有的文件未被改动";
  if (code === "EROFS" || code === "EACCES" || code === "EPERM") return "。请选择可写的位置或检查权限";
  return "";
}

/** Chinese (and English) wording of node's `parseArgs` errors. */
export function parseArgsMessage(e: Error & { code?: string }): string {
  const opt = /'([^']+)'/.exec(e.message)?.[1] ?? "";
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `未知选项 / unknown option: ${opt}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return `选项 ${opt.split(" ")[0]} 需要一个值（或不接受值）/ option ${opt} needs a value (or takes none)`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `多余的参数 / unexpected argument: ${opt}`;
    default:
      return e.message;
  }
}

/** Options whose values are free text (a seed may look like a date). */
const TEXT_OPTIONS = new Set(["--seed", "--seed-source", "--reason"]);

/**
 * Date-like arguments (`YYYY-MM-DD`, also as `--opt=value`) that name no real day, e.g. `--as-of 2027-13-01`.
 * @returns the first such argument, or undefined
 */
export function invalidDateArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") break;
    if (TEXT_OPTIONS.has(a)) {
      i++;
      continue;
    }
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0 && TEXT_OPTIONS.has(a.slice(0, eq))) continue;
    const value = a.startsWith("--") && eq > 0 ? a.slice(eq + 1) : a;
    if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(value) && !realDate(value)) return a;
    if (/^--(as-of|date)$/.test(a) && args[i + 1] !== undefined) {
      const v = args[i + 1]!;
      if (!realDate(v)) return `${a} ${v}`;
      i++;
    }
  }
  return undefined;
}

/** Whether `s` is a real calendar day written `YYYY-MM-DD`. */
export function realDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[mo - 1]!;
}

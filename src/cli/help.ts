// Help texts of the CLI, in Chinese and English.

import { REPLACEMENT_PUBLIC_CATEGORIES } from "../publish/labels.js";
import { LIBRARY_VERSION } from "../version.js";
import { ANNUAL_HELP } from "./commands/annual.js";
import { STATS_HELP } from "./commands/stats.js";

/** Help text per command (`main` for the overview). */
export const HELP: Record<string, string> = {
  main: `double-random ${LIBRARY_VERSION} — 双随机、一公开 抽查计划工具 / verifiable random inspection planner

用法 / Usage:
  double-random commit  <task.json> [--out commitment.json] [--seed-source <text>]
  double-random draw    <task.json> --seed <text> [--seed-source <text>] [--commitment <file>] --out <dir> [--force] [--log <file>]
  double-random verify  <dir>/plan.json [--task <task.json>] [--log <file>]
  double-random replace <dir>/plan.json (--entity <id> | --inspector <id> --entity <id>) --reason <text> [--category <公示类别>] [--task <task.json>] [--log <file>]
  double-random publish <dir>/plan.json [--format md|html|csv|xlsx] [--out <dir>]
  double-random results <dir>/plan.json <results.csv> [--out <dir>] [--as-of <YYYY-MM-DD>] [--task <task.json>]
  double-random annual  <annual.json> --out <dir>
  double-random stats   <plan.json>... --out <dir> [--results <csv>]... [--as-of <YYYY-MM-DD>]
  double-random sql     <task.json> --dialect postgres|duckdb [--seed <text> | --plan <plan.json>] [--from <table>]

退出码 / Exit codes: 0 成功 success; 1 验证不一致或检查组未配齐 mismatch or unstaffable; 2 用法或输入错误 bad usage or input;
3 环境错误（无权限、只读、磁盘满、需要目录处是文件），并指出路径 / environment failure (permission, read-only, disk full,
a file where a folder is expected), naming the path; 70 程序缺陷 / a bug.
抽取日志 / draw log: 任务文件所在目录的 draw-log.ndjson，或 --log <file>、环境变量 DOUBLE_RANDOM_LOG（全局日志）。
每个命令都有 -h/--help / every command has -h/--help.`,
  commit: `double-random commit <task.json> [--out commitment.json] [--seed-source <text>]

校验任务文件及全部输入，写出承诺文件（各输入文件的 SHA-256 与行数、算法版本及总摘要），须在种子产生之前公布。
--seed-source 事先公布种子来源；draw --commitment 随后要求相同的 --seed-source。
Validates the task and all inputs and writes a commitment (input digests, row counts, algorithm version and one
digest over all of it) to publish before the seed exists. Default output: commitment.json beside the task.
--seed-source names the seed's source in advance; draw --commitment then requires the same source.`,
  draw: `double-random draw <task.json> --seed <text> [--seed-source <text>] [--commitment <file>] --out <dir> [--force] [--log <file>] [--timings]

执行完整流程（抽取对象、组建检查组、排期、生成公示文件），写入 <dir>。先独占锁定 <dir>（另一抽取正在写同一目录时拒绝，退出 2）；
在计算任何抽取结果之前，把本次尝试（任务与输入文件摘要、种子的 SHA-256、种子来源、时间）记入哈希链抽取日志
（默认任务文件所在目录的 draw-log.ndjson；--log 或 DOUBLE_RANDOM_LOG 指定全局日志）。全部文件写入新版本目录后一次性切换：
<dir> 是指向 .<名>.versions/<版本> 的链接，读者看到的总是同一次抽取的完整文件，清单 SHA256SUMS 记录每个文件的摘要。
已有计划时须加 --force；种子为空或只有空白时拒绝。
Locks <dir>, logs the attempt (hash-chained, per task or bureau-wide) before anything is drawn, runs the pipeline,
writes every file into a fresh version folder and switches <dir> (a link) to it in one step. Refuses an existing plan
without --force, an empty seed, a locked folder (exit 2), and with --commitment inputs or a seed source that differ
from the commitment. --timings 在标准错误输出各步骤耗时与内存 / prints each step's time and memory to stderr.`,
  verify: `double-random verify <dir>/plan.json [--task <task.json>] [--log <file>]

用记录的种子与输入重新计算计划，并核对目录中每个文件（清单 SHA256SUMS 与按计划重新生成的内容）和抽取日志（哈希链、
本任务的尝试次数）：一致退出 0；计划、文件或日志不一致退出 1（指出文件或差异）；输入缺失或已变更退出 2。
Recomputes the plan from the recorded inputs and seed, checks every file of the folder (SHA256SUMS, and the files
rendered again from the plan) and the draw log (chain intact, attempts for the task): exit 0 when all agree, 1 when
the plan, a file or the log does not (named), 2 when inputs are missing or changed.`,
  replace: `double-random replace <dir>/plan.json --entity <id> --reason <text> [--category <公示类别>]
double-random replace <dir>/plan.json --inspector <id> --entity <id> --reason <text>

递补：对象退出后由同层递补名单的下一位替补；检查人员回避后由按抽取号顺序的下一位符合条件的人员替补。其余不变，verify 仍通过。
原因（--reason）只写入内部文件；公示的递补记录只写类别：--category 为 ${REPLACEMENT_PUBLIC_CATEGORIES.join("、")} 之一，
未给出时按原因推定（并在输出中说明）。
Replacement (递补) of an entity by the next reserve of its stratum, or of one team member by the next eligible
inspector in ticket order. Nothing else changes; verify still passes. The reason stays internal; the public 递补
record shows a category only: --category, or one inferred from the reason (and said so).`,
  publish: `double-random publish <dir>/plan.json [--format md|html|csv|xlsx] [--out <dir>]

仅根据 plan.json 重新生成 public/（公示公告、核验页面、公示名单 CSV/xlsx）与 internal/（检查组、日程、递补、检查记录表、xlsx），
与 draw 写出的文件逐字节相同。
Re-renders public/ (notice, verify page, public list as CSV and xlsx) and internal/ (teams, schedule, reserve,
record sheets, workbook) from plan.json alone, byte for byte as draw wrote them,
switched in as a new version of the output folder（作为输出目录的新版本一次性切换）.`,
  results: `double-random results <dir>/plan.json <results.csv> [--out <dir>] [--as-of <YYYY-MM-DD>] [--task <task.json>]

读取抽查结果 CSV（统一社会信用代码/entityId, 事项编号/itemId, 检查结果/categories（分号分隔）, 检查完成日期/finishedOn,
可选 检查实施机关/department, 备注/note；未知列报错），对照计划校验（结果类别须适用于该事项、不得互相矛盾，
完成日期须在任务时间内且不晚于 --as-of），按检查实施机关分别生成 public/results/<机关>/ 结果公示文件，
并在 internal/ 生成后续处置清单与期限报告。--as-of 默认为北京时间的今天。
Reads a results CSV (unknown columns are errors), validates it against the plan (categories the item admits,
no contradictory ones, finished inside the window and not after --as-of), writes one public results set per
inspecting department under public/results/, and the follow-ups and deadline report under internal/.
--as-of defaults to today in Beijing time (Asia/Shanghai).`,
  annual: ANNUAL_HELP,
  stats: STATS_HELP,
  sql: `double-random sql <task.json> --dialect postgres|duckdb [--seed <text> | --plan <plan.json>] [--from <table>]

把对象抽取打印为一条独立的 SQL 查询（抽中名单与递补名单，按顺序），供复核人在自己的名录库副本上运行；
数据源默认取任务文件的 inputs.entities（PostgreSQL 表或查询、Parquet/CSV 文件，PostgreSQL 下 CSV 默认表名 entities），可用 --from 指定。
未给 --seed/--plan 时，种子取自 psql 变量 :'seed'（psql -v seed=...）或 DuckDB 的 getvariable('seed')。
Prints the entity draw as one standalone SQL query (selected and reserve lists, in order) for an auditor's own copy
of the directory. πps and total-size tasks cannot be one query (exit 2).`,
};

/** Print a command's help to stdout; returns exit code 0. */
export function help(cmd: string): number {
  process.stdout.write(`${HELP[cmd] ?? HELP.main}\n`);
  return 0;
}

// The example CLI: commit, draw, verify, replace, publish, results. Exit codes: 0 ok; 1 verification mismatch
// or unstaffable plan; 2 bad usage or bad input (with the list of problems); 3 environment failure (permission,
// read-only or full disk, a file where a folder is expected), naming the path; 70 a bug. Each command lives in
// commands/.
import { OutputError } from "../io/output.js";
import { LIBRARY_VERSION } from "../version.js";
import { cmdAnnual } from "./commands/annual.js";
import { cmdCommit } from "./commands/commit.js";
import { cmdDraw } from "./commands/draw.js";
import { cmdPublish } from "./commands/publish.js";
import { cmdReplace } from "./commands/replace.js";
import { cmdResults } from "./commands/results.js";
import { cmdSql } from "./commands/sql.js";
import { cmdStats } from "./commands/stats.js";
import { cmdVerify } from "./commands/verify.js";
import { UsageError } from "./common.js";
import { EXIT_ENVIRONMENT, environmentMessage, invalidDateArgument, parseArgsMessage } from "./errors.js";
import { HELP, help } from "./help.js";

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  commit: cmdCommit,
  draw: cmdDraw,
  verify: cmdVerify,
  replace: cmdReplace,
  publish: cmdPublish,
  results: cmdResults,
  sql: cmdSql,
  annual: cmdAnnual,
  stats: cmdStats,
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) {
    process.stderr.write(`用法错误 / usage: 缺少命令 / no command given\n\n${HELP.main}\n`);
    return 2;
  }
  if (cmd === "--help" || cmd === "-h" || cmd === "help") return help(rest[0] ?? "main");
  if (cmd === "--version") {
    process.stdout.write(`${LIBRARY_VERSION}\n`);
    return 0;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    process.stderr.write(`用法错误 / usage: 未知命令 / unknown command: ${cmd}\n\n${HELP.main}\n`);
    return 2;
  }
  const end = rest.indexOf("--");
  const options = end < 0 ? rest : rest.slice(0, end);
  if (options.includes("-h") || options.includes("--help")) return help(cmd);
  const badDate = invalidDateArgument(rest);
  if (badDate !== undefined) {
    process.stderr.write(
      `用法错误 / usage: 日期 ${badDate} 不存在或格式不对（应为 YYYY-MM-DD 的真实日期）/ not a real date\n\n${HELP[cmd]}\n`,
    );
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`用法错误 / usage: ${e.message}\n\n${HELP[cmd]}\n`);
      return 2;
    }
    if ((e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`用法错误 / usage: ${parseArgsMessage(e as Error)}\n\n${HELP[cmd]}\n`);
      return 2;
    }
    if (e instanceof OutputError && e.code === "EEXIST") {
      process.stderr.write(`错误 [output-foreign] ${e.message}\n`);
      return 2;
    }
    const env = environmentMessage(e);
    if (env !== undefined) {
      process.stderr.write(`${env}\n`);
      return EXIT_ENVIRONMENT;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `内部错误 / internal error（程序缺陷，请报告 / a bug, please report）: ${(e as Error).stack ?? String(e)}\n`,
    );
    process.exitCode = 70;
  },
);

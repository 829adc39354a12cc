// The example CLI: commit, draw, verify, replace, publish, results. Exit codes: 0 ok; 1 verification mismatch
// or unstaffable plan; 2 bad usage or bad input (with the list of problems). Each command lives in commands/.
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
  if (!cmd || cmd === "--help" || cmd === "-h" || cmd === "help") return help("main");
  if (cmd === "--version") {
    process.stdout.write(`${LIBRARY_VERSION}\n`);
    return 0;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    process.stderr.write(`未知命令 / unknown command: ${cmd}\n\n${HELP.main}\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`用法错误 / usage: ${(e as Error).message}\n\n${HELP[cmd]}\n`);
      return 2;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`内部错误 / internal error: ${(e as Error).message}\n`);
    process.exitCode = 70;
  },
);

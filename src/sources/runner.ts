// Connections that run the generated SQL: PostgreSQL through `pg`, DuckDB embedded through `@duckdb/node-api`.
// Both are loaded only when a task asks for them. A password never appears in anything this module returns.
import { type Dialect, DUCKDB, POSTGRES } from "../sql/dialect.js";

/** A row of a query result: column name → value (text, number or bigint as the driver gives). */
export type SqlRow = Readonly<Record<string, unknown>>;

/** A column of a relation: its name and whether it holds a list (array). */
export interface SqlColumn {
  readonly name: string;
  readonly list: boolean;
}

/** An open connection that runs the generated SQL. */
export interface SqlRunner {
  readonly dialect: Dialect;
  /** Run one statement and return its rows. */
  query(sql: string): Promise<SqlRow[]>;
  /** Run one query and yield its rows in batches (inside {@link SqlRunner.begin} for PostgreSQL). */
  stream(sql: string): AsyncGenerator<SqlRow[]>;
  /** The columns of a FROM item. */
  columns(from: string): Promise<SqlColumn[]>;
  /** Start a consistent read (one snapshot for every query until {@link SqlRunner.close}). */
  begin(): Promise<void>;
  close(): Promise<void>;
}

/** A PostgreSQL connection URL shown without its password (and without password parameters). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    for (const k of [...u.searchParams.keys()]) if (/pass/i.test(k)) u.searchParams.delete(k);
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, "@");
  }
}

/** The password a URL holds, if any. */
export function urlPassword(url: string): string | undefined {
  try {
    const u = new URL(url);
    const p = u.password || u.searchParams.get("password") || "";
    return p === "" ? undefined : decodeURIComponent(p);
  } catch {
    return undefined;
  }
}

/** A message with every secret replaced by `***`. */
export function scrub(message: string, secrets: readonly (string | undefined)[]): string {
  let m = message;
  for (const s of secrets) if (s && s.length > 0) m = m.split(s).join("***");
  return m;
}

const ARRAY_TYPES = new Set([1009, 1015, 1014]); // text[], varchar[], bpchar[]

/** Open a PostgreSQL connection (password from PGPASSWORD, ~/.pgpass or the URL, as libpq does). */
export async function openPostgres(url: string): Promise<SqlRunner> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url, application_name: "double-random" });
  client.on("error", () => {}); // a dropped connection fails the running query instead
  await client.connect();
  await client.query("set datestyle = 'ISO, YMD'; set client_encoding = 'UTF8'");
  let inTx = false;
  const runner: SqlRunner = {
    dialect: POSTGRES,
    async query(sql) {
      const r = await client.query(sql);
      return r.rows as SqlRow[];
    },
    async *stream(sql) {
      if (!inTx) await runner.begin();
      await client.query(`declare dr_rows no scroll cursor for ${sql}`);
      try {
        for (;;) {
          const r = await client.query("fetch 8192 from dr_rows");
          if (r.rows.length === 0) break;
          yield r.rows as SqlRow[];
        }
      } finally {
        await client.query("close dr_rows");
      }
    },
    async columns(from) {
      const r = await client.query(`select * from ${from} s limit 0`);
      return r.fields.map((f) => ({ name: f.name, list: ARRAY_TYPES.has(f.dataTypeID) }));
    },
    async begin() {
      // one snapshot for every query; writes nothing but a temporary table of this session
      await client.query("begin isolation level repeatable read");
      // the frame's sort and the digest's sort in memory rather than in temporary files
      await client.query("set local work_mem = '256MB'");
      inTx = true;
    },
    async close() {
      try {
        if (inTx) await client.query("rollback");
      } finally {
        await client.end();
      }
    },
  };
  return runner;
}

/** Open an embedded in-memory DuckDB. */
export async function openDuckDb(): Promise<SqlRunner> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  return {
    dialect: DUCKDB,
    async query(sql) {
      const r = await conn.runAndReadAll(sql);
      return r.getRowObjectsJS() as SqlRow[];
    },
    async *stream(sql) {
      const r = await conn.stream(sql);
      for await (const rows of r.yieldRowObjectJs()) yield rows as SqlRow[];
    },
    async columns(from) {
      const r = await conn.runAndReadAll(`describe select * from ${from} s`);
      return (r.getRowObjectsJS() as { column_name: string; column_type: string }[]).map((c) => ({
        name: c.column_name,
        list: c.column_type.endsWith("[]"),
      }));
    },
    async begin() {},
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

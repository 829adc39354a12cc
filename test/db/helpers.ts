// Helpers of the database tests: connections to the suite's PostgreSQL server, loading rows into tables, and a
// reference (TypeScript) implementation of the content digest content@1 to check the databases against.
import { createHash } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { Entity } from "../../src/model/types.js";

/** The suite's server. */
export const server = () => inject("pg");

/** A connection URL without password (the password goes through PGPASSWORD). */
export function pgUrl(): string {
  const s = server();
  return `postgresql://${s.user}@${s.host}:${s.port}/${s.database}`;
}

/** A connected client of the suite's server (password given explicitly, not through the environment). */
export async function client(): Promise<pg.Client> {
  const s = server();
  const c = new pg.Client({ ...s });
  await c.connect();
  return c;
}

/** Run one statement on the suite's server. */
export async function sql(text: string, values?: unknown[]): Promise<pg.QueryResult> {
  const c = await client();
  try {
    return await c.query(text, values);
  } finally {
    await c.end();
  }
}

const COLS = [
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
];

/** Create `table` (all text columns) holding the given raw rows (canonical keys → cell text). */
export async function loadTable(table: string, rows: readonly Record<string, string>[]): Promise<void> {
  const c = await client();
  try {
    await c.query(`drop table if exists ${table}`);
    await c.query(`create table ${table} (${COLS.map((k) => `"${k}" text`).join(", ")})`);
    for (let i = 0; i < rows.length; i += 50_000) {
      const part = rows.slice(i, i + 50_000);
      const arrays = COLS.map((k) => part.map((r) => (r[k] === undefined || r[k] === "" ? null : r[k])));
      await c.query(
        `insert into ${table} select * from unnest(${COLS.map((_, j) => `$${j + 1}::text[]`).join(", ")})`,
        arrays,
      );
    }
  } finally {
    await c.end();
  }
}

/** Parse a simple CSV (no quoted line breaks) with a header into records. */
export function parseCsv(text: string): Record<string, string>[] {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split("\n")
    .filter((l) => l !== "");
  const cells = (l: string) => {
    const out: string[] = [];
    let cur = "";
    let q = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i]!;
      if (q) {
        if (ch === '"' && l[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') q = false;
        else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ",") {
        out.push(cur);
        cur = "";
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const header = cells(lines[0]!);
  return lines.slice(1).map((l) => {
    const c = cells(l);
    return Object.fromEntries(header.map((h, i) => [h, c[i] ?? ""]));
  });
}

/** content@1 of entity records, in TypeScript (the reference the databases must equal). */
export function contentDigestTs(
  entities: readonly (Entity & { address?: string; legalRepresentative?: string })[],
): {
  sha256: string;
  rows: number;
} {
  const recs = entities.map((e) =>
    createHash("sha256")
      .update(
        [
          e.id,
          e.name,
          e.kind,
          e.region,
          e.industry ?? "",
          e.riskClass,
          e.weight === undefined ? "" : String(e.weight),
          e.status,
          e.registeredOn ?? "",
          e.tags.join(";"),
          e.address ?? "",
          e.legalRepresentative ?? "",
        ].join("\u001f"),
        "utf8",
      )
      .digest(),
  );
  recs.sort(Buffer.compare);
  return { sha256: createHash("sha256").update(Buffer.concat(recs)).digest("hex"), rows: recs.length };
}

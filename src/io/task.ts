import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { EntitySource, FirstPassRunner } from "../draw/draw.js";
import { type Task, TaskSchema } from "../model/schemas.js";
import { ConflictTable, HistoryTable } from "../model/tables.js";
import type { Entity, Inspector, Item } from "../model/types.js";
import { parseWith, zodIssues } from "../model/zod-issues.js";
import type { Plan } from "../plan/schema.js";
import { type CalendarFile, CalendarFileSchema, WorkingCalendar } from "../schedule/calendar.js";
import { entityInputOf, externalEntities } from "../sources/index.js";
import { type Issue, issue, type Result, success } from "../util/issue.js";
import { readConflictsOnWorker } from "./conflicts-reader.js";
import { IssueCollector } from "./issues.js";
import { firstPassInParts, type PartsFacts } from "./parts.js";
import { loadRecords, type RecordOf, readRecordBatches } from "./read.js";

/** `DOUBLE_RANDOM_PART_BYTES`: read entity CSV files of at least this many bytes in two parts (default 8 MiB). */
const PART_BYTES = (() => {
  const v = Number(process.env.DOUBLE_RANDOM_PART_BYTES);
  return Number.isSafeInteger(v) && v >= 0 && process.env.DOUBLE_RANDOM_PART_BYTES !== "" ? v : undefined;
})();

import { firstPassWithRowTickets } from "./tickets.js";

/**
 * SHA-256 (hex) of a file's bytes, streamed in pieces of 1 MiB: the draw log's attempt entry hashes the whole
 * entity file before the draw, and with the stream's default 64 KiB pieces a 1 GB file took twice as long.
 */
export async function fileDigest(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest("hex");
}

export { zodIssues };

/** A task file, read and validated. */
export interface LoadedTask {
  readonly task: Task;
  readonly path: string;
  readonly dir: string;
  readonly digest: string;
}

/** Read and validate a task file. */
export async function readTask(path: string): Promise<Result<LoadedTask>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return { ok: false, issues: [issue("file-not-found", `找不到任务文件：${path}`, { file: path })] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return {
      ok: false,
      issues: [issue("invalid-json", `任务文件不是有效的 JSON：${(e as Error).message}`, { file: path })],
    };
  }
  const r = parseWith(TaskSchema, json, path);
  if (!r.ok) return r;
  return success({ task: r.value, path, dir: dirname(resolve(path)), digest: await fileDigest(path) });
}

/** All inputs of a task, loaded (entities stay a re-readable stream). */
export interface LoadedInputs {
  readonly entities: EntitySource;
  readonly inspectors: Inspector[];
  readonly items: Item[];
  /** The conflicts, in columns (an empty table when the task has none). */
  readonly conflicts: ConflictTable;
  /** The inspection history, in columns (an empty table when the task has none). */
  readonly history: HistoryTable;
  readonly calendar: WorkingCalendar;
  /** The years of the task's calendar file, when it has one (recorded in the plan by content). */
  readonly calendarYears?: CalendarFile["years"];
  /** Digests and row counts, filled for entities after the draw has read them ({@link finishDigests}). */
  readonly digests: Plan["inputs"];
  /** Issues of the entity file, collected while the draw streams it. */
  readonly entityIssues: IssueCollector;
  readonly issues: Issue[];
  /**
   * A first-pass runner for the draw ({@link buildPlan}'s `firstPass`): a big CSV file is read in two parts at
   * once, here and on a worker thread (src/io/parts.ts); otherwise the ids of the entity file are hashed on a
   * worker thread while `source` (this `entities`, or a wrapper of it) is read and checked here. The workers'
   * bytes are checked against the draw's in {@link LoadedInputs.finishDigests}.
   * @param onRows receives the entities read so far (progress)
   */
  ticketsOnWorker(source?: EntitySource, onRows?: (n: number) => void): FirstPassRunner;
  /**
   * Fill the entity file's digest (of the bytes the draw read) and row count once the draw has read it.
   * @returns an `input-changed` issue when a second pass read different bytes than the first
   */
  finishDigests(): Promise<Issue[]>;
}

/** Resolve an input path of a task (relative to the task file's folder). */
export function inputPath(t: LoadedTask, p: string): string {
  return resolve(t.dir, p);
}

/** Load the small inputs and prepare the entity stream. */
export async function loadInputs(t: LoadedTask): Promise<LoadedInputs> {
  const issues: Issue[] = [];
  const { inputs } = t.task;
  const encoding = inputs.encoding ?? "auto";
  const digests: Record<string, Plan["inputs"][string]> = {};
  const load = async <K extends "inspectors" | "items">(kind: K, p: string | undefined) => {
    if (p === undefined) return [];
    const full = inputPath(t, p);
    // the digest is of the very bytes that were read
    const hash = createHash("sha256");
    const r = await loadRecords(kind, full, {
      encoding,
      displayName: p,
      onBytes: (b) => hash.update(b),
      ignoreColumns: inputs.ignoreColumns?.[kind],
    });
    issues.push(...r.issues.list());
    if (!r.issues.list().some((i) => i.code === "file-not-found")) {
      digests[kind] = { path: p, sha256: hash.digest("hex"), rows: r.records.length };
    }
    return r.records;
  };
  // the big ones straight into columns: their validated records are not kept (src/model/tables.ts)
  const table = async <
    K extends "conflicts" | "history",
    T extends { add(r: RecordOf<K>): void; finish(): T },
  >(
    kind: K,
    p: string | undefined,
    into: T,
    read?: Promise<{ table: T; issues: readonly Issue[]; rows: number; sha256: string } | undefined>,
  ): Promise<T> => {
    if (p === undefined) return into.finish();
    const there = await read;
    if (there !== undefined) {
      // read on a worker thread (conflicts-reader.ts): the same table, issues and digest
      issues.push(...there.issues);
      if (!there.issues.some((i) => i.code === "file-not-found"))
        digests[kind] = { path: p, sha256: there.sha256, rows: there.rows };
      return there.table;
    }
    const hash = createHash("sha256");
    const found = new IssueCollector();
    let rows = 0;
    for await (const batch of readRecordBatches(kind, inputPath(t, p), found, {
      encoding,
      displayName: p,
      onBytes: (b) => hash.update(b),
      ignoreColumns: inputs.ignoreColumns?.[kind],
    })) {
      rows += batch.length;
      for (const r of batch) into.add(r);
    }
    issues.push(...found.list());
    if (!found.list().some((i) => i.code === "file-not-found"))
      digests[kind] = { path: p, sha256: hash.digest("hex"), rows };
    return into.finish();
  };
  // the conflicts on a worker thread (if big enough) while this thread reads the rest, the history above all;
  // their issues and digests are taken in the same order as when everything is read here
  const conflictsThere =
    inputs.conflicts === undefined
      ? undefined
      : readConflictsOnWorker({
          path: inputPath(t, inputs.conflicts),
          encoding,
          displayName: inputs.conflicts,
          ignoreColumns: inputs.ignoreColumns?.conflicts,
        });
  const inspectors = await load("inspectors", inputs.inspectors);
  const items = await load("items", inputs.items);
  const mine = issues.splice(0);
  const history = await table("history", inputs.history, new HistoryTable());
  const historyIssues = issues.splice(0);
  const conflicts = await table("conflicts", inputs.conflicts, new ConflictTable(), conflictsThere);
  issues.unshift(...mine);
  issues.push(...historyIssues);
  let calendar = WorkingCalendar.builtIn();
  let calendarYears: CalendarFile["years"] | undefined;
  if (inputs.calendar !== undefined) {
    const full = inputPath(t, inputs.calendar);
    try {
      const text = await readFile(full, "utf8");
      const parsed = parseWith(CalendarFileSchema, JSON.parse(text.replace(/^\uFEFF/, "")), inputs.calendar);
      if (!parsed.ok) issues.push(...parsed.issues);
      else {
        calendar = calendar.withYears(parsed.value.years, inputs.calendar);
        calendarYears = parsed.value.years;
        digests.calendar = {
          path: inputs.calendar,
          sha256: await fileDigest(full),
          rows: Object.keys(parsed.value.years).length,
        };
      }
    } catch (e) {
      // name the file as the task does: a system error's message would carry the absolute path
      const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
      issues.push(
        missing
          ? issue("file-not-found", `找不到日历文件：${inputs.calendar}`, { file: inputs.calendar })
          : e instanceof SyntaxError
            ? issue("invalid-json", `日历文件不是有效的 JSON：${e.message}`, { file: inputs.calendar })
            : issue("invalid-calendar", `无法读取日历文件：${inputs.calendar}`, { file: inputs.calendar }),
      );
    }
  }
  const entityIssues = new IssueCollector();
  // a PostgreSQL table or query, or a file read by DuckDB (Parquet): the draw runs there (src/sources)
  const external = entityInputOf(t.task, t.dir);
  if (external.kind !== "file") {
    const x = externalEntities(external, entityIssues);
    digests.entities = { path: external.display, rows: 0 };
    const finishDigests = async (): Promise<Issue[]> => {
      const f = await x.finish();
      if (f.digest) digests.entities = f.digest;
      return f.issues;
    };
    const ticketsOnWorker = () => x.firstPass;
    return {
      ...{ inspectors, items, conflicts, history, calendar, digests, entityIssues, issues },
      ...(calendarYears !== undefined ? { calendarYears } : {}),
      entities: x.entities,
      ticketsOnWorker,
      finishDigests,
    };
  }
  const entitiesFile = external.display;
  const entityPath = external.path;
  let pass = 0;
  let rows = 0;
  const passDigests: string[] = [];
  const entities: EntitySource = () => {
    pass++;
    const counting = pass === 1;
    const hash = createHash("sha256");
    const it = readRecordBatches("entities", entityPath, pass === 1 ? entityIssues : new IssueCollector(), {
      encoding,
      displayName: entitiesFile,
      onBytes: (b) => hash.update(b),
      ignoreColumns: inputs.ignoreColumns?.entities,
      allowEmpty: t.task.sampling.allowEmptyFrame,
    });
    return (async function* (): AsyncGenerator<Entity[]> {
      for await (const batch of it) {
        if (counting) rows += batch.length;
        yield batch;
      }
      passDigests.push(hash.digest("hex"));
    })();
  };
  let workerDigest: string | undefined | null = null;
  let partsFacts: PartsFacts | undefined;
  // a big CSV file is read in two parts at once (parts.ts); else ids are hashed on a worker (tickets.ts)
  const ticketsOnWorker = (
    source: EntitySource = entities,
    onRows?: (n: number) => void,
  ): FirstPassRunner => {
    const parts = firstPassInParts(
      {
        path: entityPath,
        encoding,
        displayName: entitiesFile,
        ignoreColumns: inputs.ignoreColumns?.entities,
        allowEmpty: t.task.sampling.allowEmptyFrame,
        ...(onRows !== undefined ? { onRows } : {}),
        // a smaller threshold, for tests and tuning (README, "Design notes")
        ...(PART_BYTES !== undefined ? { minBytes: PART_BYTES } : {}),
      },
      entityIssues,
      (f) => {
        partsFacts = f;
      },
    );
    const alone = firstPassWithRowTickets(source, { path: entityPath, encoding }, (d) => {
      workerDigest = d;
    });
    return async (options) => (await parts(options)) ?? (await alone(options));
  };
  digests.entities = { path: entitiesFile, sha256: "", rows: 0 };
  const finishDigests = async (): Promise<Issue[]> => {
    const first = passDigests[0] ?? partsFacts?.sha256 ?? (await fileDigest(entityPath).catch(() => ""));
    if (partsFacts !== undefined && passDigests.length === 0) rows = partsFacts.rows;
    digests.entities = { path: entitiesFile, sha256: first, rows };
    if (workerDigest === undefined) {
      return [
        issue(
          "ticket-worker-failed",
          `计算抽取号的工作线程未能读完检查对象文件 ${entitiesFile}（文件在抽取过程中被改动或无法读取？），请重新抽取`,
          { file: entitiesFile },
        ),
      ];
    }
    if (
      passDigests.some((d) => d !== first) ||
      (workerDigest !== null && workerDigest !== first) ||
      (partsFacts !== undefined && (!partsFacts.sameBytes || partsFacts.sha256 !== first))
    ) {
      return [
        issue(
          "input-changed",
          `检查对象文件 ${entitiesFile} 在抽取过程中被改动（两次读取的内容不同），请重新抽取`,
          {
            file: entitiesFile,
          },
        ),
      ];
    }
    return [];
  };
  return {
    entities,
    inspectors,
    items,
    conflicts,
    history,
    calendar,
    ...(calendarYears !== undefined ? { calendarYears } : {}),
    digests,
    entityIssues,
    issues,
    ticketsOnWorker,
    finishDigests,
  };
}

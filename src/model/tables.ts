// The inspection history and the conflicts (回避) held as columns: interned ids and dates, entity ids packed as
// bytes, rows and files of origin as numbers. Read from a file they never exist as millions of objects; a
// record is made only when asked for (iteration, `at`), equal to the validated record it was made from.
import { IdColumn, IntColumn, Interner, type RowsById } from "./packed.js";
import type { Conflict, HistoryRecord, Origin } from "./types.js";

/** Where each row came from: an interned file name and a row (-1: the record had no origin). */
class Origins {
  private readonly files = new Interner();
  private readonly fileCol = new IntColumn();
  private readonly rowCol = new IntColumn();
  private fileOf!: Int32Array;
  private rowOf!: Int32Array;

  push(o: Origin | undefined): void {
    this.fileCol.push(o === undefined ? -1 : this.files.add(o.file));
    this.rowCol.push(o === undefined ? -1 : o.row);
  }

  finish(): void {
    this.fileOf = this.fileCol.finish();
    this.rowOf = this.rowCol.finish();
  }

  get(k: number): Origin | undefined {
    const f = this.fileOf[k]!;
    return f < 0 ? undefined : { file: this.files.values[f]!, row: this.rowOf[k]! };
  }

  /** The origins as plain data (after {@link Origins.finish}). */
  toPlain(): PlainOrigins {
    return { files: this.files.values, file: this.fileOf, row: this.rowOf };
  }

  /** Origins from {@link Origins.toPlain}. */
  static fromPlain(p: PlainOrigins): Origins {
    const o = new Origins();
    for (const f of p.files) o.files.add(f);
    o.fileOf = p.file;
    o.rowOf = p.row;
    return o;
  }
}

/** Where rows came from, as plain data: the file names and, per row, a file (-1: none) and a row. */
interface PlainOrigins {
  readonly files: readonly string[];
  readonly file: Int32Array;
  readonly row: Int32Array;
}

/**
 * A conflicts table as plain data that crosses to or from a worker thread by structured clone (its columns as
 * they are): made by {@link ConflictTable.toPlain}, revived by {@link ConflictTable.fromPlain}.
 */
export interface PlainConflicts {
  readonly format: "conflict-table";
  readonly ids: ReturnType<IdColumn["toPlain"]>;
  readonly inspectorIds: readonly string[];
  readonly relations: readonly string[];
  readonly dates: readonly string[];
  readonly inspector: Int32Array;
  readonly relation: Int32Array;
  readonly until: Int32Array;
  readonly origins: PlainOrigins;
}

/**
 * What the frame rules read of a history, as plain data that crosses to a worker thread by structured clone:
 * entity, item and date of each row (no inspectors, no origins). Made by {@link HistoryTable.frameColumns}.
 */
export interface FrameHistory {
  readonly format: "frame-history";
  readonly ids: ReturnType<IdColumn["toPlain"]>;
  readonly itemIds: readonly string[];
  readonly dates: readonly string[];
  readonly item: Int32Array;
  readonly date: Int32Array;
}

/**
 * The history as the frame rules and the rotation rule read it: records (arrays of the library API), or a
 * table as read from a file.
 */
export type HistoryInput = readonly HistoryRecord[] | HistoryTable;

/** The conflicts as staffing reads them, or as records. */
export type ConflictInput = readonly Conflict[] | ConflictTable;

/**
 * Inspection history in columns (see the file's head). Iterating gives the records in their order, made anew
 * (equal to those added: the same content digest, the same issues).
 */
export class HistoryTable implements Iterable<HistoryRecord> {
  /** Entity id of each row. */
  readonly entities: IdColumn = new IdColumn();
  /** Item ids, dates and inspector ids, interned. */
  readonly itemIds = new Interner();
  readonly dates = new Interner();
  readonly inspectorIds = new Interner();
  private readonly itemCol = new IntColumn();
  private readonly dateCol = new IntColumn();
  private readonly insCol = new IntColumn();
  private readonly insEnd = new IntColumn();
  private readonly origins = new Origins();
  /** Item (interned) of each row. */
  item!: Int32Array;
  /** Date (interned) of each row. */
  date!: Int32Array;
  /** Inspectors (interned) of row k: `inspectors[inspectorStart(k) … inspectorEnd(k))`. */
  inspectors!: Int32Array;
  private ends!: Int32Array;
  private byId: RowsById | undefined;
  private done = false;

  /** How many records. */
  get length(): number {
    return this.entities.length;
  }

  /** The records as a table: the table itself when it is one; a frame history sent to a worker, revived. */
  static of(history: HistoryInput | FrameHistory): HistoryTable {
    if (history instanceof HistoryTable) return history;
    const t = new HistoryTable();
    if ("format" in history) {
      // a frame history: its columns as they are (rows without inspectors or origin)
      const n = history.item.length;
      const ids = IdColumn.fromPlain(history.ids);
      for (const s of history.itemIds) t.itemIds.add(s);
      for (const s of history.dates) t.dates.add(s);
      for (let k = 0; k < n; k++) t.origins.push(undefined);
      t.done = true;
      t.origins.finish();
      Object.assign(t, { entities: ids, item: history.item, date: history.date });
      t.inspectors = new Int32Array(0);
      t.ends = new Int32Array(n);
      return t;
    }
    for (const h of history) t.add(h);
    return t.finish();
  }

  /**
   * The rows of the given items as a {@link FrameHistory} (what the frame rules of a draw read): plain data
   * for a worker thread, a few bytes a row.
   */
  frameColumns(itemIds: readonly string[]): FrameHistory {
    const wanted = new Uint8Array(this.itemIds.values.length);
    for (const id of itemIds) {
      const k = this.itemIds.find(id);
      if (k >= 0) wanted[k] = 1;
    }
    const ids = new IdColumn();
    const item = new IntColumn();
    const date = new IntColumn();
    for (let k = 0; k < this.length; k++) {
      if (wanted[this.item[k]!] !== 1) continue;
      ids.push(this.entities.get(k));
      item.push(this.item[k]!);
      date.push(this.date[k]!);
    }
    return {
      format: "frame-history",
      ids: ids.toPlain(),
      itemIds: this.itemIds.values,
      dates: this.dates.values,
      item: item.finish(),
      date: date.finish(),
    };
  }

  /** Add a record (before {@link HistoryTable.finish}). */
  add(h: HistoryRecord): void {
    this.entities.push(h.entityId);
    this.itemCol.push(this.itemIds.add(h.itemId));
    this.dateCol.push(this.dates.add(h.inspectedOn));
    for (const i of h.inspectorIds) this.insCol.push(this.inspectorIds.add(i));
    this.insEnd.push(this.insCol.length);
    this.origins.push(h.origin);
  }

  /** Close the table for adding; its columns are trimmed. */
  finish(): this {
    if (this.done) return this;
    this.done = true;
    this.entities.finish();
    this.item = this.itemCol.finish();
    this.date = this.dateCol.finish();
    this.inspectors = this.insCol.finish();
    this.ends = this.insEnd.finish();
    this.origins.finish();
    return this;
  }

  /** The start of row k's inspectors in {@link HistoryTable.inspectors}. */
  inspectorStart(k: number): number {
    return k === 0 ? 0 : this.ends[k - 1]!;
  }

  /** The end of row k's inspectors in {@link HistoryTable.inspectors}. */
  inspectorEnd(k: number): number {
    return this.ends[k]!;
  }

  /** The origin of row k. */
  origin(k: number): Origin | undefined {
    return this.origins.get(k);
  }

  /** The rows of each entity (built on first use). */
  rowsById(): RowsById {
    this.byId ??= this.entities.index();
    return this.byId;
  }

  /** The record of row k (`withOrigin: false`: without its origin, e.g. for a content digest). */
  at(k: number, withOrigin = true): HistoryRecord {
    const ids: string[] = [];
    for (let j = this.inspectorStart(k); j < this.ends[k]!; j++)
      ids.push(this.inspectorIds.values[this.inspectors[j]!]!);
    const r: { -readonly [K in keyof HistoryRecord]: HistoryRecord[K] } = {
      entityId: this.entities.get(k),
      itemId: this.itemIds.values[this.item[k]!]!,
      inspectedOn: this.dates.values[this.date[k]!]!,
      inspectorIds: ids,
    };
    const o = withOrigin ? this.origin(k) : undefined;
    if (o !== undefined) r.origin = o;
    return r;
  }

  *[Symbol.iterator](): Iterator<HistoryRecord> {
    for (let k = 0; k < this.length; k++) yield this.at(k);
  }

  /** The records without their origins, in order (what a content digest reads). */
  *values(): Generator<HistoryRecord> {
    for (let k = 0; k < this.length; k++) yield this.at(k, false);
  }
}

/** Conflicts (回避) in columns (see {@link HistoryTable}). */
export class ConflictTable implements Iterable<Conflict> {
  /** Entity id of each row. */
  readonly entities = new IdColumn();
  /** Inspector ids, relations and `until` dates, interned. */
  readonly inspectorIds = new Interner();
  readonly relations = new Interner();
  readonly dates = new Interner();
  private readonly insCol = new IntColumn();
  private readonly relCol = new IntColumn();
  private readonly untilCol = new IntColumn();
  private readonly origins = new Origins();
  /** Inspector (interned) of each row. */
  inspector!: Int32Array;
  /** Relation (interned) of each row. */
  relation!: Int32Array;
  /** `until` date (interned) of each row, -1 when open-ended. */
  until!: Int32Array;
  private byId: RowsById | undefined;
  private done = false;

  /** How many records. */
  get length(): number {
    return this.entities.length;
  }

  /** The records as a table: the table itself when it is one. */
  static of(conflicts: ConflictInput): ConflictTable {
    if (conflicts instanceof ConflictTable) return conflicts;
    const t = new ConflictTable();
    for (const c of conflicts) t.add(c);
    return t.finish();
  }

  /** Add a record (before {@link ConflictTable.finish}). */
  add(c: Conflict): void {
    this.entities.push(c.entityId);
    this.insCol.push(this.inspectorIds.add(c.inspectorId));
    this.relCol.push(this.relations.add(c.relation));
    this.untilCol.push(c.until === undefined ? -1 : this.dates.add(c.until));
    this.origins.push(c.origin);
  }

  /** Close the table for adding; its columns are trimmed. */
  finish(): this {
    if (this.done) return this;
    this.done = true;
    this.entities.finish();
    this.inspector = this.insCol.finish();
    this.relation = this.relCol.finish();
    this.until = this.untilCol.finish();
    this.origins.finish();
    return this;
  }

  /** The table as plain data for a worker thread (its columns, not copied here; the table must be finished). */
  toPlain(): PlainConflicts {
    this.finish();
    return {
      format: "conflict-table",
      ids: this.entities.toPlain(),
      inspectorIds: this.inspectorIds.values,
      relations: this.relations.values,
      dates: this.dates.values,
      inspector: this.inspector,
      relation: this.relation,
      until: this.until,
      origins: this.origins.toPlain(),
    };
  }

  /** A finished table from {@link ConflictTable.toPlain} (e.g. made on a worker thread): the same records. */
  static fromPlain(p: PlainConflicts): ConflictTable {
    const t = new ConflictTable();
    for (const s of p.inspectorIds) t.inspectorIds.add(s);
    for (const s of p.relations) t.relations.add(s);
    for (const s of p.dates) t.dates.add(s);
    Object.assign(t, {
      entities: IdColumn.fromPlain(p.ids),
      origins: Origins.fromPlain(p.origins),
      inspector: p.inspector,
      relation: p.relation,
      until: p.until,
      done: true,
    });
    return t;
  }

  /** The origin of row k. */
  origin(k: number): Origin | undefined {
    return this.origins.get(k);
  }

  /** The `until` date of row k, or `undefined` when open-ended. */
  untilAt(k: number): string | undefined {
    const u = this.until[k]!;
    return u < 0 ? undefined : this.dates.values[u];
  }

  /** The rows of each entity (built on first use). */
  rowsById(): RowsById {
    this.byId ??= this.entities.index();
    return this.byId;
  }

  /** The record of row k (`withOrigin: false`: without its origin, e.g. for a content digest). */
  at(k: number, withOrigin = true): Conflict {
    const r: { -readonly [K in keyof Conflict]: Conflict[K] } = {
      inspectorId: this.inspectorIds.values[this.inspector[k]!]!,
      entityId: this.entities.get(k),
      relation: this.relations.values[this.relation[k]!]!,
    };
    const u = this.untilAt(k);
    if (u !== undefined) r.until = u;
    const o = withOrigin ? this.origin(k) : undefined;
    if (o !== undefined) r.origin = o;
    return r;
  }

  *[Symbol.iterator](): Iterator<Conflict> {
    for (let k = 0; k < this.length; k++) yield this.at(k);
  }

  /** The records without their origins, in order (what a content digest reads). */
  *values(): Generator<Conflict> {
    for (let k = 0; k < this.length; k++) yield this.at(k, false);
  }
}

// A streaming RFC 4180 CSV splitter that works on the raw bytes. The delimiters (comma, quote, CR, LF) are
// ASCII, and no byte of a multi-byte character in UTF-8 or GB18030 is ever below 0x30, so records and cells
// are found in the bytes and only the text of each record is decoded. A record without quotes (nearly all)
// is decoded once and split; a record with quotes goes through a small state machine that also reports
// misplaced quotes. Row numbers count every record, empty lines included, with the header as row 1: they
// are the rows a spreadsheet shows, and the line numbers of any file whose cells hold no line breaks.
import { isUtf8 } from "node:buffer";
import { InputFileError } from "./errors.js";

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const BOM = [0xef, 0xbb, 0xbf] as const;
/** A record longer than this is refused (it is almost always a file with an unclosed quote or CR line ends). */
const MAX_RECORD_BYTES = 16 << 20;

/** Called for each non-empty record with its 1-based row number and its cells. */
export type CsvRowHandler = (row: number, cells: string[]) => void;

/**
 * Called instead of {@link CsvRowHandler} for a data record without quotes: its bytes are `buf[start, end)`
 * (line end excluded), not decoded; its cells are what lies between the commas.
 */
export type CsvBytesHandler = (row: number, buf: Buffer, start: number, end: number) => void;

/** Splits CSV bytes, pushed chunk by chunk, into records. */
export class CsvSplitter {
  private carry: Buffer | undefined;
  private row = 0;
  private started = false;
  private readonly decode: (b: Buffer, start: number, end: number) => string;

  /**
   * @param from where the bytes pushed start: the file's start (default), or the start of a record in the
   * middle of the file, after the header (rows are then numbered from 2 as if the header were row 1, and no
   * BOM is looked for)
   */
  constructor(
    readonly encoding: "utf-8" | "gb18030",
    from: "file-start" | "mid-file" = "file-start",
  ) {
    if (from === "mid-file") {
      this.started = true;
      this.row = 1;
    }
    if (encoding === "utf-8") this.decode = (b, s, e) => b.toString("utf8", s, e);
    else {
      const d = new TextDecoder("gb18030", { fatal: true });
      this.decode = (b, s, e) => {
        try {
          return d.decode(b.subarray(s, e));
        } catch {
          throw new InputFileError(
            "encoding",
            `第 ${this.row} 行无法按 gb18030 解码；请在任务文件 inputs.encoding 中指定正确编码`,
            this.row,
          );
        }
      };
    }
  }

  /** Rows handed on so far (the header included). */
  get rows(): number {
    return this.row;
  }

  /** Whether bytes of an unfinished record are held (after the last push: the bytes did not end a record). */
  get pending(): boolean {
    return this.carry !== undefined && this.carry.length > 0;
  }

  /**
   * Split the complete records of `chunk` (with what was left over from the previous chunk).
   * @param bytes when given, receives the data records without quotes undecoded (`emit` gets the rest)
   */
  push(chunk: Buffer, emit: CsvRowHandler, bytes?: CsvBytesHandler): void {
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    if (!this.started) {
      if (buf.length < 3 && buf.every((b, i) => b === BOM[i])) {
        this.carry = buf;
        return;
      }
      this.started = true;
      if (buf[0] === BOM[0] && buf[1] === BOM[1] && buf[2] === BOM[2]) buf = buf.subarray(3);
    }
    const last = buf.lastIndexOf(LF);
    if (last < 0) {
      this.keep(buf);
      return;
    }
    if (this.encoding === "utf-8") this.checkUtf8(buf, last + 1);
    const pos = this.split(buf, last + 1, false, emit, bytes);
    if (pos < buf.length) this.keep(buf.subarray(pos));
  }

  /** Split what is left at the end of the file. */
  end(emit: CsvRowHandler, bytes?: CsvBytesHandler): void {
    const buf = this.carry;
    this.carry = undefined;
    if (!buf || buf.length === 0) return;
    if (this.encoding === "utf-8") this.checkUtf8(buf, buf.length);
    this.split(buf, buf.length, true, emit, bytes);
  }

  /** An unquoted header row never holds a CR: one there means a file with lone CR line ends. */
  private header(cells: string[]): string[] {
    if (this.row === 1 && cells.some((c) => c.includes("\r"))) {
      throw new InputFileError("invalid-csv", "CSV 文件使用了单独的 CR 换行；请另存为 LF 或 CRLF 换行", 1);
    }
    return cells;
  }

  private keep(rest: Buffer): void {
    if (rest.length > MAX_RECORD_BYTES) {
      throw new InputFileError(
        "invalid-csv",
        `第 ${this.row + 1} 行起的记录超过 ${MAX_RECORD_BYTES >> 20} MB 仍未结束（引号未闭合，或使用了单独的 CR 换行？）`,
        this.row + 1,
      );
    }
    // copy, so that the (large) chunk it came from can be freed
    this.carry = Buffer.from(rest);
  }

  private checkUtf8(buf: Buffer, end: number): void {
    if (isUtf8(buf.subarray(0, end))) return;
    // find the row, for the message (only on failure)
    let row = this.row;
    let pos = 0;
    while (pos < end) {
      let nl = buf.indexOf(LF, pos);
      if (nl < 0 || nl >= end) nl = end - 1;
      row++;
      if (!isUtf8(buf.subarray(pos, nl + 1))) break;
      pos = nl + 1;
    }
    throw new InputFileError(
      "encoding",
      `第 ${row} 行附近无法按 utf-8 解码；请在任务文件 inputs.encoding 中指定正确编码（如 gb18030）`,
      row,
    );
  }

  /** Split records of `buf` before `end`; returns where the unfinished rest starts. */
  private split(
    buf: Buffer,
    end: number,
    final: boolean,
    emit: CsvRowHandler,
    bytes: CsvBytesHandler | undefined,
  ): number {
    let pos = 0;
    let quote = buf.indexOf(QUOTE);
    if (quote < 0) quote = buf.length;
    while (pos < end) {
      let nl = buf.indexOf(LF, pos);
      if (nl < 0 || nl >= end) nl = end;
      if (quote < pos) {
        quote = buf.indexOf(QUOTE, pos);
        if (quote < 0) quote = buf.length;
      }
      if (quote < nl) {
        const next = this.quoted(buf, pos, end, final, emit);
        if (next < 0) return pos;
        pos = next;
        continue;
      }
      this.row++;
      let e = nl;
      if (e > pos && buf[e - 1] === CR) e--;
      if (e > pos) {
        if (bytes !== undefined && this.row > 1) bytes(this.row, buf, pos, e);
        else emit(this.row, this.header(this.decode(buf, pos, e).split(",")));
      }
      pos = nl + 1;
    }
    return end;
  }

  /** Parse one record that contains quotes; returns the position after it, or -1 when it is unfinished. */
  private quoted(buf: Buffer, start: number, end: number, final: boolean, emit: CsvRowHandler): number {
    const cells: string[] = [];
    const row = this.row + 1;
    let i = start;
    for (;;) {
      let cell: string;
      if (buf[i] === QUOTE) {
        let j = i + 1;
        let escaped = false;
        for (;;) {
          const q = buf.indexOf(QUOTE, j);
          if (q < 0 || q >= end) {
            if (!final) return -1;
            throw new InputFileError("invalid-csv", `第 ${row} 行起的引号没有闭合`, row);
          }
          if (buf[q + 1] === QUOTE && q + 1 < end) {
            escaped = true;
            j = q + 2;
            continue;
          }
          cell = this.decode(buf, i + 1, q);
          if (escaped) cell = cell.replaceAll('""', '"');
          i = q + 1;
          break;
        }
        const b = buf[i];
        if (i < end && b !== COMMA && b !== LF && !(b === CR && (buf[i + 1] === LF || i + 1 === end))) {
          throw new InputFileError(
            "invalid-csv",
            `第 ${row} 行第 ${cells.length + 1} 列：闭合引号后应为逗号或换行`,
            row,
          );
        }
      } else {
        let j = i;
        while (j < end) {
          const b = buf[j]!;
          if (b === COMMA || b === LF) break;
          if (b === CR && (buf[j + 1] === LF || j + 1 === end)) break;
          if (b === QUOTE) {
            throw new InputFileError(
              "invalid-csv",
              `第 ${row} 行第 ${cells.length + 1} 列：未加引号的单元格中出现引号（应写作 "…""…"）`,
              row,
            );
          }
          j++;
        }
        cell = this.decode(buf, i, j);
        i = j;
      }
      cells.push(cell);
      if (i >= end) {
        if (!final) return -1;
        break;
      }
      const b = buf[i]!;
      if (b === COMMA) {
        i++;
        continue;
      }
      if (b === CR) i++;
      i++; // LF
      break;
    }
    this.row = row;
    emit(row, cells);
    return i;
  }
}

// The few places where PostgreSQL and DuckDB SQL differ. Everything else in the generated SQL is common.

/** The SQL dialects the draw can be generated for. */
export type DialectName = "postgres" | "duckdb";

/** How one dialect writes the expressions the generated SQL needs. */
export interface Dialect {
  readonly name: DialectName;
  /** Integer division of two integer expressions (DuckDB's `/` is floating point). */
  intDiv(a: string, b: string): string;
  /** A UTF-8 byte string of a text expression. */
  utf8(x: string): string;
  /** SHA-256 of a byte string, as 32 raw bytes. */
  sha256Bytes(bytes: string): string;
  /** SHA-256 of a byte string, as 64 lowercase hex digits. */
  sha256Hex(bytes: string): string;
  /** The text expression normalised to NFC. */
  nfc(x: string): string;
  /** A byte string literal from lowercase hex digits. */
  bytes(hex: string): string;
  /** One zero byte. */
  readonly zeroByte: string;
  /** True when the text expression matches the regular expression (a POSIX/RE2 subset common to both). */
  matches(x: string, re: string): string;
  /** A regular-expression bracket class of the characters JavaScript's `trim` removes. */
  readonly spaceClass: string;
  /** The text expression with the characters JavaScript's `trim` removes taken off both ends. */
  trim(x: string): string;
  /** A text expression cast to an integer, known to be safe (already checked). */
  int(x: string): string;
  /** Order a text expression by its code points / bytes (the "C" collation). */
  bytewise(x: string): string;
  /** A list (array) column joined by `;`. */
  joinList(x: string): string;
  /** Quote an identifier. */
  ident(name: string): string;
}

/** A SQL string literal (standard: quotes doubled; no backslash escapes in either dialect). */
export function lit(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

// JavaScript's String.prototype.trim: WhiteSpace and LineTerminator code points.
const SPACE_CODES = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
] as const;

/** The characters of JavaScript's `trim`, as a SQL literal. */
const SPACES = lit(
  SPACE_CODES.flatMap(([a, b]) =>
    Array.from({ length: b - a + 1 }, (_, i) => String.fromCharCode(a + i)),
  ).join(""),
);

function spaceClass(esc: (c: number) => string): string {
  return `[${SPACE_CODES.map(([a, b]) => (a === b ? esc(a) : `${esc(a)}-${esc(b)}`)).join("")}]`;
}

/** PostgreSQL (and the PostgreSQL-derived engines: KingbaseES, openGauss, Greenplum, Citus). */
export const POSTGRES: Dialect = {
  name: "postgres",
  intDiv: (a, b) => `((${a}) / (${b}))`,
  utf8: (x) => `convert_to(${x}, 'UTF8')`,
  sha256Bytes: (b) => `sha256(${b})`,
  sha256Hex: (b) => `encode(sha256(${b}), 'hex')`,
  nfc: (x) => `normalize(${x}, NFC)`,
  bytes: (hex) => `'\\x${hex}'::bytea`,
  zeroByte: `'\\x00'::bytea`,
  matches: (x, re) => `(${x} ~ ${lit(re)})`,
  spaceClass: spaceClass((c) => `\\u${c.toString(16).padStart(4, "0")}`),
  trim: (x) => `btrim(${x}, ${SPACES})`,
  int: (x) => `cast(${x} as bigint)`,
  bytewise: (x) => `${x} collate "C"`,
  joinList: (x) => `array_to_string(${x}, ';')`,
  ident: quoteIdent,
};

/** DuckDB (embedded; Parquet and CSV files). */
export const DUCKDB: Dialect = {
  name: "duckdb",
  intDiv: (a, b) => `((${a}) // (${b}))`,
  utf8: (x) => `encode(${x})`,
  sha256Bytes: (b) => `unhex(sha256(${b}))`,
  sha256Hex: (b) => `sha256(${b})`,
  nfc: (x) => `nfc_normalize(${x})`,
  bytes: (hex) => `unhex('${hex}')`,
  zeroByte: `'\\x00'::BLOB`,
  matches: (x, re) => `regexp_matches(${x}, ${lit(re)})`,
  spaceClass: spaceClass((c) => `\\x{${c.toString(16)}}`),
  trim: (x) => `trim(${x}, ${SPACES})`,
  int: (x) => `try_cast(${x} as bigint)`,
  bytewise: (x) => `encode(${x})`,
  joinList: (x) => `array_to_string(${x}, ';')`,
  ident: quoteIdent,
};

/** The dialect of a name. */
export function dialectOf(name: DialectName): Dialect {
  return name === "postgres" ? POSTGRES : DUCKDB;
}

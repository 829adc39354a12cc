// A very small WebAssembly emitter: just what the SIMD SHA-256 (sha256-simd.ts) needs, written out by hand so
// that no build tool (wabt, a compiler) and no binary blob enters the repository. It knows one function with
// i32 parameters and v128/i32 locals, one exported memory, and the handful of opcodes below; the encodings are
// those of the WebAssembly core specification (binary format, §5) and its fixed-width SIMD proposal (the 0xFD
// prefix, standard in V8 since Node 16). A module that this emits wrong does not validate: the SIMD path is
// then never used (see sha256-simd.ts), and its law tests compare every digest with node:crypto.

/** Value types (binary format §5.3.1). */
export const I32 = 0x7f;
/** The 128-bit vector type. */
export const V128 = 0x7b;

/** Unsigned LEB128 of `n` (a non-negative 32-bit integer). */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of `n` (a 32-bit integer). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A vector of items: their count (LEB128), then the items. */
function vec(items: readonly number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** A section: its id, its size (LEB128), then its bytes. */
function section(id: number, bytes: readonly number[]): number[] {
  return [id, ...uleb(bytes.length), ...bytes];
}

/** A name (UTF-8 bytes as a vector). */
function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
}

/**
 * The body of one function, written as a stack machine program: each method appends one instruction. Locals
 * are numbered after the parameters, in the order {@link FunctionBody.local} declares them.
 */
export class FunctionBody {
  /** The instruction bytes. */
  readonly code: number[] = [];
  private readonly locals: number[] = [];

  /** @param params the types of the parameters (they are locals 0, 1, …) */
  constructor(readonly params: readonly number[]) {}

  /** Declare a local of type `type`; returns its index. */
  local(type: number): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  /** `local.get i` */
  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  /** `local.set i` (pops the value) */
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  /** `i32.const n` */
  i32(n: number): this {
    return this.op(0x41, ...sleb(n));
  }
  /** `i32.add` */
  i32Add(): this {
    return this.op(0x6a);
  }
  /** `i32.sub` */
  i32Sub(): this {
    return this.op(0x6b);
  }
  /** `loop` (no result): the start of a loop that `br_if 0` inside it jumps back to. */
  loop(): this {
    return this.op(0x03, 0x40);
  }
  /** `br_if depth` */
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  /** `end` of a block, a loop or the function. */
  end(): this {
    return this.op(0x0b);
  }

  /** A SIMD instruction: the 0xFD prefix, its number (LEB128), then its immediates. */
  private simd(n: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(n), ...imm);
  }
  /** `v128.load offset` from the address on the stack (alignment hint 1 byte: any address is fine). */
  load(offset: number): this {
    return this.simd(0, 0, ...uleb(offset));
  }
  /** `v128.store offset`: stores the vector on top of the stack at the address below it. */
  store(offset: number): this {
    return this.simd(11, 0, ...uleb(offset));
  }
  /** `v128.const` of four 32-bit lanes. */
  constI32x4(a: number, b: number, c: number, d: number): this {
    const bytes: number[] = [];
    for (const w of [a, b, c, d])
      bytes.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff);
    return this.simd(12, ...bytes);
  }
  /** `i8x16.shuffle`: byte k of the result is byte `lanes[k]` of the two vectors (0–15 the first, 16–31 the second). */
  shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16) throw new RangeError("shuffle: 16 lane indices expected");
    return this.simd(13, ...lanes);
  }
  /** `v128.xor` */
  xor(): this {
    return this.simd(81);
  }
  /** `v128.or` */
  or(): this {
    return this.simd(80);
  }
  /** `v128.bitselect` (a, b, c): the bits of a where c has a 1, of b where c has a 0. */
  bitselect(): this {
    return this.simd(82);
  }
  /** `i32x4.shl` by the i32 on top of the stack. */
  shl(): this {
    return this.simd(171);
  }
  /** `i32x4.shr_u` by the i32 on top of the stack. */
  shrU(): this {
    return this.simd(173);
  }
  /** `i32x4.add` */
  add(): this {
    return this.simd(174);
  }

  /** Append raw instruction bytes. */
  op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  /** The function's code entry: its locals (grouped by runs of one type), its instructions, `end`. */
  encode(): number[] {
    const groups: number[][] = [];
    for (let i = 0; i < this.locals.length; ) {
      let j = i;
      while (j < this.locals.length && this.locals[j] === this.locals[i]) j++;
      groups.push([...uleb(j - i), this.locals[i]!]);
      i = j;
    }
    const body = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

/**
 * The bytes of a module with one exported function `name` (no results) and one exported memory "memory" of
 * `pages` pages of 64 KiB.
 */
export function moduleBytes(fn: string, body: FunctionBody, pages: number): Uint8Array {
  const type = [0x60, ...vec(body.params.map((p) => [p])), ...vec([])];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vec([type])), // types
    ...section(3, vec([[0]])), // functions: one, of type 0
    ...section(5, vec([[0x00, ...uleb(pages)]])), // memory: min pages, no max
    ...section(
      7,
      vec([
        [...name(fn), 0x00, 0],
        [...name("memory"), 0x02, 0],
      ]),
    ), // exports
    ...section(10, vec([body.encode()])), // code
  ];
  return Uint8Array.from(bytes);
}

// Benchmark: the two hashes a draw computes for every row — its ticket (TicketMachine) and its content@1 record
// digest (ContentHasher) — one row at a time in JavaScript against four rows at a time in WebAssembly SIMD
// (src/random/sha256-simd.ts), on real rows, in batches of 4,096 as the CSV reader gives them. Prints µs per row
// (wall and CPU) for each, alternating the two paths, and the range over the rounds; checks that both give the
// same tickets and digests.
//
// Usage: npx tsx bench/hash.bench.mjs [rows = 200000] [rounds = 5] [file]
// The file defaults to bench/data/scale-1000000/entities.csv when present, else seeds/entities.csv.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ContentHasher, recordLine } from "../src/content/digest.ts";
import { IssueCollector } from "../src/io/issues.ts";
import { readRecordBatches } from "../src/io/read.ts";
import { paddedLength, sha256InPlace } from "../src/random/sha256.ts";
import { sha256Batch } from "../src/random/sha256-batch.ts";
import { simdSha256, useSimdSha256 } from "../src/random/sha256-simd.ts";
import { TicketMachine } from "../src/random/ticket.ts";

const ROWS = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const big = resolve("bench/data/scale-1000000/entities.csv");
const file = process.argv[4] ?? (existsSync(big) ? big : resolve("seeds/entities.csv"));

const batches = [];
let n = 0;
for await (const b of readRecordBatches("entities", file, new IssueCollector())) {
  batches.push(b.slice(0, ROWS - n));
  n += batches.at(-1).length;
  if (n >= ROWS) break;
}
const ids = batches.map((b) => b.map((e) => e.id));
const enc = new TextEncoder();
const lines = batches.map((b) => {
  const bytes = b.map((e) => enc.encode(recordLine("entities", e)));
  const offsets = [];
  let at = 0;
  for (const x of bytes) {
    offsets.push(at);
    at += x.length;
  }
  const all = new Uint8Array(at);
  for (let i = 0; i < bytes.length; i++) all.set(bytes[i], offsets[i]);
  return { all, offsets, lengths: bytes.map((x) => x.length), count: bytes.length };
});
const avgLine = lines.reduce((s, l) => s + l.all.length, 0) / n;
console.log(
  `${n.toLocaleString()} rows of ${file} (record lines ${avgLine.toFixed(0)} bytes on average); WebAssembly SIMD available: ${simdSha256()}`,
);

const machine = new TicketMachine("bench", "SCALE-1000000/entities");
const cases = {
  "ticket (TicketMachine)": {
    js: () => {
      for (const b of ids) for (const id of b) machine.value(id);
    },
    simd: () => {
      const out = new Float64Array(4096);
      for (const b of ids) machine.values(b, out);
    },
  },
  "record digest (ContentHasher)": {
    js: () => {
      const h = new ContentHasher("entities");
      for (const b of batches) for (const e of b) h.add(e);
    },
    simd: () => {
      const h = new ContentHasher("entities");
      for (const b of batches) h.addAll(b);
    },
  },
  "bare SHA-256 of the record lines": {
    js: () => {
      const buf = new Uint8Array(2048);
      for (const l of lines)
        for (let i = 0; i < l.count; i++) {
          buf.set(l.all.subarray(l.offsets[i], l.offsets[i] + l.lengths[i]));
          if (paddedLength(l.lengths[i]) <= buf.length) sha256InPlace(buf, l.lengths[i]);
        }
    },
    simd: () => {
      const out = new Uint8Array(32 * 4096);
      for (const l of lines) sha256Batch(l.all, l.offsets, l.lengths, l.count, out);
    },
  },
};

// the same results both ways
useSimdSha256(false);
const jsT = ids.flatMap((b) => b.map((id) => machine.value(id)));
const jsD = new ContentHasher("entities");
for (const b of batches) jsD.addAll(b);
useSimdSha256(true);
const simdT = ids.flatMap((b) => [...machine.values(b)]);
const simdD = new ContentHasher("entities");
for (const b of batches) simdD.addAll(b);
const same = jsT.every((t, i) => t === simdT[i]) && jsD.digest().sha256 === simdD.digest().sha256;
console.log(`tickets and content digest identical both ways: ${same}`);
if (!same) process.exit(1);

/** µs per row, wall and CPU (user + sys), of one run of `f` on the given path. */
function measure(f, simd) {
  useSimdSha256(simd);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = ((performance.now() - t0) * 1000) / n;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / n };
}

const range = (xs) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;
for (const [name, c] of Object.entries(cases)) {
  measure(c.js, false);
  measure(c.simd, true);
  const r = { js: [], simd: [] };
  for (let k = 0; k < ROUNDS; k++) {
    r.js.push(measure(c.js, false));
    r.simd.push(measure(c.simd, true));
  }
  const cpu = (p) => r[p].map((x) => x.cpu);
  const wall = (p) => r[p].map((x) => x.wall);
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(
    `${name.padEnd(34)} JS ${range(cpu("js"))} µs/row CPU (wall ${range(wall("js"))}); SIMD ${range(cpu("simd"))} µs/row CPU (wall ${range(wall("simd"))}); median CPU ×${(med(cpu("js")) / med(cpu("simd"))).toFixed(2)}`,
  );
}

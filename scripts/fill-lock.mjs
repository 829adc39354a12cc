// Completes package-lock.json for `npm ci` when the registry this project is locked against lacks other platforms'
// builds of native packages (biome, rollup, esbuild, duckdb…): npm then omits them from the lockfile, and its own
// `npm ci` refuses the file ("Missing: @biomejs/cli-darwin-arm64@ from lock file"). Each missing optional
// platform package gets an entry with its version and the os/cpu/libc read from its name, which is all `npm ci`
// needs to skip it on other platforms (and to fetch it by version where it applies). Run after `npm install`:
//   node scripts/fill-lock.mjs
import { readFileSync, writeFileSync } from "node:fs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const pkgs = lock.packages;
const OS = [
  "android",
  "darwin",
  "linux",
  "win32",
  "freebsd",
  "openbsd",
  "netbsd",
  "sunos",
  "aix",
  "openharmony",
  "cygwin",
];
const CPU = [
  "arm64",
  "x64",
  "ia32",
  "arm",
  "ppc64",
  "riscv64",
  "s390x",
  "loong64",
  "mips64el",
  "loongarch64",
  "wasm32",
];
let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = path === "" ? "" : `${path}/`;
    if (pkgs[`${base}node_modules/${name}`] || pkgs[`node_modules/${name}`]) continue;
    const parts = name.split(/[/-]/);
    const os = OS.find((o) => parts.includes(o));
    const cpu = CPU.find((c) => parts.includes(c)) ?? (parts.includes("eabi") ? "arm" : undefined);
    if (!os && !cpu) continue; // not a platform build: leave it to npm
    const entry = { version, dev: meta.dev === true || undefined, optional: true };
    if (os) entry.os = [os === "win32" && parts.includes("windows") ? "win32" : os];
    if (cpu) entry.cpu = [cpu];
    if (parts.includes("musl")) entry.libc = ["musl"];
    else if (parts.includes("gnu") || (os === "linux" && !parts.includes("musl"))) entry.libc = ["glibc"];
    if (entry.dev === undefined) delete entry.dev;
    pkgs[`node_modules/${name}`] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`fill-lock: ${added} platform entries added`);

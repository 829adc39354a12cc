// Makes sure the system programs the test suite drives are present, and installs what is missing on a Debian
// machine (as root, with apt-get): Chromium for the page tests, Noto CJK fonts so that Chinese prints, and
// poppler-utils (pdftotext, pdfinfo) to read back the printed PDFs. Runs before `npm test` (the `pretest`
// script), so `npm ci && npm test` passes on a fresh machine that has only Node. Elsewhere it says what to
// install and stops. Skip with DOUBLE_RANDOM_SKIP_SYSTEM_DEPS=1.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (process.env.DOUBLE_RANDOM_SKIP_SYSTEM_DEPS === "1") process.exit(0);

const NEEDED = [
  { pkg: "chromium", present: () => existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium") },
  {
    pkg: "fonts-noto-cjk",
    present: () => existsSync("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
  },
  { pkg: "poppler-utils", present: () => onPath("pdftotext") && onPath("pdfinfo") },
];

function onPath(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

const missing = NEEDED.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const root = typeof process.getuid === "function" && process.getuid() === 0;
if (!root || !onPath("apt-get")) {
  console.error(
    `测试需要系统软件包 / the tests need these system packages: ${missing.join(" ")}\n` +
      `请安装后重试 / install them, e.g.: sudo apt-get install -y --no-install-recommends ${missing.join(" ")}`,
  );
  process.exit(1);
}
console.error(`安装测试所需的系统软件包 / installing: ${missing.join(" ")}`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
const steps = [
  ["apt-get", ["update", "-qq"]],
  ["apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing]],
];
for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "inherit"], env });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(" ")} 失败 / failed (exit ${r.status})`);
    process.exit(1);
  }
}

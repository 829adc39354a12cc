import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { usccCheckChar } from "../../src/model/uscc.js";

export const CLI = resolve("dist/cli.js");

/** Run the built CLI as a user would. */
export function run(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...env, CI: "1" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh copy of the demo data in a temporary folder. */
export function demoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "dr-e2e-"));
  cpSync("seeds", join(dir, "seeds"), { recursive: true });
  return dir;
}

export const HOSTILE_NAME = '=HYPERLINK("http://evil.example","点我")<script>alert(1)</script>';

/** Add an active hostile-named entity to a demo copy and force it into the sample; returns its id. */
export function addHostileEntity(dir: string): string {
  const body = "91350102HOST00001"
    .replace(/O/g, "0")
    .replace(/S/g, "5")
    .replace(/T/g, "7")
    .replace(/H/g, "H");
  const id = body + usccCheckChar(body)!;
  const p = join(dir, "seeds/entities.csv");
  writeFileSync(
    p,
    `${readFileSync(p, "utf8")}${id},"${HOSTILE_NAME.replaceAll('"', '""')}",enterprise,350102,5212,B,3,存续,2015-05-05,\n`,
  );
  const t = join(dir, "seeds/task.json");
  const task = JSON.parse(readFileSync(t, "utf8"));
  task.forced = { ...task.forced, entities: [id] };
  writeFileSync(t, JSON.stringify(task, null, 2));
  return id;
}

/** The GB18030 bytes of a text of ASCII and two-byte characters (as a Chinese Excel export writes them). */
export function gbkEncode(text: string): Uint8Array {
  return new Uint8Array(
    [...text].flatMap((ch) => {
      if (ch.charCodeAt(0) < 0x80) return [ch.charCodeAt(0)];
      const bytes = GBK.get(ch);
      if (bytes === undefined) throw new Error(`no GBK bytes for ${ch}`);
      return bytes;
    }),
  );
}
/** Two-byte GB18030 sequences by character, found by decoding the two-byte range. */
const GBK = (() => {
  const m = new Map<string, number[]>();
  const d = new TextDecoder("gb18030");
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const s = d.decode(new Uint8Array([a, b]));
      if (s.length === 1 && !m.has(s)) m.set(s, [a, b]);
    }
  return m;
})();

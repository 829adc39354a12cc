// The manifest of an output folder: `SHA256SUMS` in the format of GNU `sha256sum` (one line per file:
// 64 hex digits, two spaces, the path relative to the folder with `/`), sorted by path, so that
// `sha256sum -c SHA256SUMS` in the folder checks it with nothing but coreutils.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** The manifest's file name inside an output folder. */
export const MANIFEST = "SHA256SUMS";

/** The manifest's text for file digests (path → SHA-256 hex). */
export function manifestText(digests: ReadonlyMap<string, string>): string {
  const paths = [...digests.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return paths.map((p) => `${digests.get(p)}  ${p}\n`).join("");
}

/**
 * Parse a manifest's text.
 * @returns path → digest, or the 1-based numbers of lines that are not `<64 hex>  <path>`
 */
export function parseManifest(text: string): { digests: Map<string, string>; bad: number[] } {
  const digests = new Map<string, string>();
  const bad: number[] = [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((l, i) => {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(l);
    if (m && !m[2]!.split("/").includes("..")) digests.set(m[2]!, m[1]!);
    else bad.push(i + 1);
  });
  return { digests, bad };
}

/** SHA-256 (hex) of a file, streamed; undefined when it does not exist. */
export async function sha256File(path: string): Promise<string | undefined> {
  const h = createHash("sha256");
  try {
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  return h.digest("hex");
}

/** A difference between a folder and its manifest. */
export interface ManifestProblem {
  readonly file: string;
  readonly kind: "missing" | "changed" | "bad-line" | "no-manifest";
}

/** Recompute every file of a folder's manifest and compare. */
export async function checkManifest(
  dir: string,
): Promise<{ problems: ManifestProblem[]; digests: Map<string, string> }> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT")
      return { problems: [{ file: MANIFEST, kind: "no-manifest" }], digests: new Map() };
    throw e;
  }
  const { digests, bad } = parseManifest(text);
  const problems: ManifestProblem[] = bad.map((n) => ({ file: `${MANIFEST}:${n}`, kind: "bad-line" }));
  for (const [file, want] of digests) {
    const got = await sha256File(join(dir, file));
    if (got === undefined) problems.push({ file, kind: "missing" });
    else if (got !== want) problems.push({ file, kind: "changed" });
  }
  return { problems, digests };
}

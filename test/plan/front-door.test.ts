import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ENTRIES = ["src/index.ts", "src/advanced.ts", "src/io/index.ts"];
const program = ts.createProgram(ENTRIES, {
  strict: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
});
const checker = program.getTypeChecker();

/** The exports of an entry, each with its summary and JSDoc tags. */
function exportsOf(file: string) {
  const mod = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker.getExportsOfModule(mod).map((ex) => {
    const s = ex.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(ex) : ex;
    const tags = s.getJsDocTags(checker).map((t) => t.name);
    return {
      name: ex.name,
      summary: ts.displayPartsToString(s.getDocumentationComment(checker)).trim(),
      tags,
    };
  });
}

describe("the entry points", () => {
  it("give every export a TSDoc summary", () => {
    for (const f of ENTRIES)
      expect(
        exportsOf(f)
          .filter((e) => e.summary === "")
          .map((e) => e.name),
        f,
      ).toEqual([]);
  });
  it("keep the front door to a few dozen names, with examples on the main calls", () => {
    const root = exportsOf("src/index.ts");
    expect(root.length).toBeLessThanOrEqual(60);
    for (const name of ["buildPlan", "verifyPlan"]) {
      const e = root.find((x) => x.name === name)!;
      expect(e.tags).toContain("example");
      expect(e.tags).toContain("throws");
    }
    // building blocks live in the advanced entry, not the front door
    for (const name of ["DrawPass", "TicketMachine", "staffTeams", "drawEntities", "planFromSources"])
      expect(
        root.some((e) => e.name === name),
        name,
      ).toBe(false);
  });
});

describe("the README's library example", () => {
  it("type-checks under the project's strict options, importing the root entry", () => {
    const readme = readFileSync("README.md", "utf8");
    const from = readme.indexOf("```ts\n", readme.indexOf("\n## The library\n")) + 6;
    const code = readme
      .slice(from, readme.indexOf("```", from))
      .replace('"double-random"', '"../../src/index.js"');
    const file = resolve("test/plan/readme-example.ts"); // virtual: never written
    const { config } = ts.readConfigFile("tsconfig.json", ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ".");
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) =>
      resolve(name) === file ? ts.createSourceFile(name, code, lang) : read(name, lang, ...rest);
    const exists = host.fileExists.bind(host);
    host.fileExists = (name) => resolve(name) === file || exists(name);
    const p = ts.createProgram([file], options, host);
    const errors = ts
      .getPreEmitDiagnostics(p, p.getSourceFile(file))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);
  });
});

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

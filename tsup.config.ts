import { defineConfig } from "tsup";

export default defineConfig([
  {
    // the package's entry points share one copy of the core (and of the built-in holiday data): code used by
    // more than one entry goes into shared chunks, in ESM and in CJS alike
    entry: { index: "src/index.ts", advanced: "src/advanced.ts", io: "src/io/index.ts" },
    shims: true,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    splitting: true,
    noExternal: ["chinese-days"],
  },
  {
    // the CLI, and the ticket worker (found beside io.js, io.cjs and cli.js)
    entry: {
      cli: "src/cli/main.ts",
      "ticket-worker": "src/io/ticket-worker.ts",
      "part-worker": "src/io/part-worker.ts",
      "xlsx-worker": "src/io/xlsx-worker.ts",
    },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: false,
    target: "node20",
    // zod bundled into the CLI too: loading it from node_modules (dozens of modules) took ~0.08 s of every run
    noExternal: ["chinese-days", "zod"],
    banner: { js: "#!/usr/bin/env node" },
  },
  {
    // the conflicts worker (src/io/conflicts-reader.ts), bundled whole: as an entry of the CLI's build it would
    // split the chunks the CLI and the other workers share (their hot paths spread over more modules)
    entry: { "conflicts-worker": "src/io/conflicts-worker.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: false,
    target: "node20",
    splitting: false,
    noExternal: ["chinese-days", "zod"],
  },
]);

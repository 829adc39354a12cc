import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/**/*.test.ts"], testTimeout: 60_000 } },
      { test: { name: "laws", include: ["test/**/*.test-prop.ts"], testTimeout: 120_000 } },
      { test: { name: "e2e", include: ["test/e2e/**/*.e2e.ts"], testTimeout: 180_000 } },
      {
        test: {
          name: "db",
          include: ["test/db/**/*.db.ts"],
          globalSetup: ["test/db/setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});

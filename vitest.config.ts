import { defineConfig } from "vitest/config";

// Two projects: `unit` (everything but test/integration) and `integration` (a real control
// plane, started once per run by its globalSetup). `include` is set per project, not at the
// root: with `extends: true` a root include would be merged into both.
export default defineConfig({
  test: {
    // Integration tests start real processes; a busy 2-core machine needs generous limits.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/integration/**", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
        },
      },
    ],
  },
});

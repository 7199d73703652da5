import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Integration tests start real processes; a busy 2-core machine needs generous limits.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", exclude: ["test/integration/**", "**/node_modules/**"] },
      },
      {
        // A real control plane, started once per run and only when one of these files runs.
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

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Integration tests start real processes; a busy 2-core machine needs generous limits.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});

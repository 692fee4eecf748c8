// Vitest runs only the Vitest suites (vitest/); test/ holds node:test files (`node --test test/`).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["vitest/**/*.test.mjs"], testTimeout: 30000, hookTimeout: 30000 },
});

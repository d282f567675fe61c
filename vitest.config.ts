import { defineConfig } from 'vitest/config';

// Two projects. `unit` (test/unit, mirroring src/) runs in-process: commands, operations, backends
// against recorded or fake answers. `e2e` (test/e2e) runs the built binary, real terminals (tmux)
// and the live RT server. `npm test` runs both; `npm run test:unit` only the first.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: keep parallelism modest so process-spawning suites do not starve each other.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    setupFiles: ['test/helpers/languages.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});

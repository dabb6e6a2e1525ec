import { defineConfig } from 'vitest/config';

// `npm run test:electron` (scripts/test-electron.mjs, which builds first and finds the Electron binary):
// the desktop app in a real Electron window via Playwright's _electron launcher. Not part of `npm test`
// (vitest.config.ts does not include test/electron/): it needs the Electron binary, which the team's
// offline machines cannot download. One file, its steps in order.
export default defineConfig({
  test: {
    name: 'electron',
    environment: 'node',
    include: ['test/electron/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // A failed step leaves the app in an unknown state: the later steps would only report that.
    bail: 1,
  },
});

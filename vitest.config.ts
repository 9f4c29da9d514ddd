import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'web/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration and browser tests start servers and processes; on 2 cores, fewer at once is faster.
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration and browser tests start servers and processes; on 2 cores, fewer at once is faster.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // The tests beside the code: `npm run test:unit`, in seconds.
        test: { name: 'unit', include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'web/**/*.test.{ts,tsx}'] },
      },
      {
        extends: true,
        // Real processes over real sockets, and the web app in headless Chromium (built once by the global set-up).
        test: { name: 'integration', include: ['test/**/*.test.ts'], globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});

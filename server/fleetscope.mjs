#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=131072 node --max-semi-space-size=32
// The `fleetscope` command. In a checkout with its development dependencies it runs the TypeScript
// sources through tsx (no build step while developing); in a production install (`npm ci --omit=dev`,
// no tsx) it runs the build, dist/server/fleetscope.mjs, made by `npm run build`.
// The V8 flag above (also in package.json's `start`) doubles the young generation: scrape by scrape
// the server makes many objects that live for a moment, and in a larger young generation fewer of
// them are copied to the old one; see docs/performance.md ("Garbage collection").
import { existsSync } from 'node:fs';

const tsx = await import('tsx/esm/api').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND') return null;
  throw error;
});
if (tsx) {
  tsx.register();
  await import('./fleetscope-cli.ts');
} else {
  const built = new URL('../dist/server/fleetscope.mjs', import.meta.url);
  if (!existsSync(built)) {
    process.stderr.write('fleetscope is not built and tsx is not installed: run `npm run build` (or `npm install` for the development set-up)\n');
    process.exit(2);
  }
  await import(built.href);
}

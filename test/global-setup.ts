import path from 'node:path';
import { build } from 'vite';

/** Where browser tests serve the web app from: built fresh for every test run, never a stale dist/. */
export const TEST_WEB_ROOT = path.resolve('dist/web-test');

export default async function setup(): Promise<void> {
  await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'error', build: { outDir: TEST_WEB_ROOT, emptyOutDir: true } });
}

import path from 'node:path';
import { build } from 'vite';

/**
 * Where browser tests serve the web app from: built fresh for every test run,
 * never a stale dist/, and as a production build (vitest sets NODE_ENV=test,
 * which would otherwise give React's development build) so the browser runs
 * what users get.
 */
export const TEST_WEB_ROOT = path.resolve('dist/web-test');

export default async function setup(): Promise<void> {
  await build({ configFile: path.resolve('vite.config.ts'), mode: 'production', define: { 'process.env.NODE_ENV': JSON.stringify('production') }, logLevel: 'error', build: { outDir: TEST_WEB_ROOT, emptyOutDir: true } });
}

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
  // The React plugin picks its JSX runtime from NODE_ENV at build time; a define alone gives a production
  // React with development JSX calls (jsxDEV is not a function).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.resolve('vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir: TEST_WEB_ROOT, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

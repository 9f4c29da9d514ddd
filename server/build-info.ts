import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root';

/** What this build of fleetscope is: the package's version, the source revision when the build recorded one, and the Node.js it runs on. */
export interface BuildInfo {
  readonly version: string;
  /** `unknown`: builds do not record their source revision yet. */
  readonly revision: string;
  readonly nodeVersion: string;
}

/** Read once at start from package.json. */
export function readBuildInfo(): BuildInfo {
  const manifest: unknown = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
  const version =
    manifest !== null && typeof manifest === 'object' && 'version' in manifest && typeof manifest.version === 'string' ? manifest.version : 'unknown';
  return { version, revision: 'unknown', nodeVersion: process.version };
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The fleetscope install folder, where package.json and the shipped tables
 * under config/ live: the nearest folder above this module that holds
 * package.json, so the sources (server/) and the build (dist/server/) find the
 * same one.
 */
export const PROJECT_ROOT = projectRootAbove(path.dirname(fileURLToPath(import.meta.url)));

function projectRootAbove(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}: fleetscope's install folder is incomplete`);
  }
}

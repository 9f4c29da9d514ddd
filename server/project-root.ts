import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fleetscope install folder, where the shipped tables under config/ live. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

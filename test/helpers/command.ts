import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The `fleetscope` command (package.json `bin`). */
export const COMMAND = path.join(ROOT, 'server/fleetscope.mjs');

/** The node flags the `fleetscope` command runs with: those of its `#!/usr/bin/env -S node …` line. */
export function commandNodeFlags(): string[] {
  const words = (readFileSync(COMMAND, 'utf8').split('\n', 1)[0] ?? '').trim().split(/\s+/);
  const node = words.indexOf('node');
  if (!words[0]?.startsWith('#!') || node < 0) throw new Error(`${COMMAND}: the first line is not a node shebang`);
  return words.slice(node + 1);
}

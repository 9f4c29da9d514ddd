import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMAND, commandEnv, commandNodeFlags, ROOT } from '../helpers/command';

const run = promisify(execFile);

describe('the fleetscope command', () => {
  it('runs as an executable, through its shebang, as npx runs it', async () => {
    const { stdout } = await run(COMMAND, ['check-config', '--config', path.join(ROOT, 'config/fleet.example.yaml')], { cwd: ROOT });
    expect(stdout).toContain('config/fleet.example.yaml: valid (2 clusters)');
  });

  it('runs node with a larger young generation and a fixed malloc mmap threshold, and npm start with the same', () => {
    const flags = commandNodeFlags();
    expect(flags).toContain('--max-semi-space-size=32');
    const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const env = Object.entries(commandEnv()).map(([name, value]) => `${name}=${value} `);
    expect(env).toEqual(['MALLOC_MMAP_THRESHOLD_=131072 ']);
    expect(start.startsWith(`${env.join('')}node ${flags.join(' ')} server/fleetscope.mjs serve`)).toBe(true);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND, ROOT } from '../helpers/command';
import { writeServerTls } from '../helpers/web-config';

const run = promisify(execFile);

/** The command's exit code and what it wrote, for a command expected to fail. */
async function failing(args: string[]): Promise<{ code: number | null; stderr: string }> {
  try {
    await run(process.execPath, [COMMAND, ...args], { cwd: ROOT, timeout: 60_000 });
  } catch (error) {
    if (error !== null && typeof error === 'object' && 'code' in error && 'stderr' in error)
      return { code: typeof error.code === 'number' ? error.code : null, stderr: String(error.stderr) };
    throw error;
  }
  throw new Error(`fleetscope ${args.join(' ')} succeeded`);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-web-config-refused-'));
const file = (name: string) => path.join(dir, name);
writeServerTls(dir, 'server');
writeFileSync(
  file('bad-web.yml'),
  'tls_server_config:\n  cert_file: no/such.crt\n  key_file: server.key\nhttp_server_config:\n  headers:\n    Server: fleetscope\n',
);
writeFileSync(
  file('fleet.yml'),
  `clusters:\n  - name: gone\n    prometheus: { url: "http://127.0.0.1:9/" }\nserver:\n  webConfigFile: ${file('bad-web.yml')}\n`,
);
writeFileSync(file('fleet-plain.yml'), 'clusters:\n  - name: gone\n    prometheus: { url: "http://127.0.0.1:9/" }\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROBLEMS = [
  `web config tls_server_config.cert_file: no such file ${file('no/such.crt')}`,
  'web config http_server_config.headers.Server: cannot be set (the headers that can: Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Content-Security-Policy)',
];

describe('a web configuration file fleetscope cannot use', () => {
  it('stops serve --web.config.file at start with exit code 2, naming each field', async () => {
    const { code, stderr } = await failing(['serve', '--config', file('fleet-plain.yml'), '--web.config.file', file('bad-web.yml'), '--port', '0']);
    expect(code).toBe(2);
    for (const problem of PROBLEMS) expect(stderr).toContain(problem);
  });

  it('is refused by check-config (server.webConfigFile), naming each field', async () => {
    const { code, stderr } = await failing(['check-config', '--config', file('fleet.yml')]);
    expect(code).toBe(2);
    for (const problem of PROBLEMS) expect(stderr).toContain(problem);
  });
});
